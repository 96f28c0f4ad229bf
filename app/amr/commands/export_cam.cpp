// amr export-cam: a CAM store as NumPy .npz / .npy files (layout in docs/cam-store.md).

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/cam/cam_export.h"

namespace amr::cli {
namespace {

void run_export_cam(const cam::ExportCamsOptions& options) {
    options.check();
    const auto r = cam::export_cams(options, terminal_job("export-cam"));
    finish_progress();
    std::printf("%zu entries exported to %s (%s, alpha %.2f)\n", r.exported,
                options.out.string().c_str(), options.format.c_str(), options.alpha);
}

}  // namespace

void add_export_cam_command(CLI::App& app) {
    auto o = std::make_shared<cam::ExportCamsOptions>();
    auto* cmd = app.add_subcommand(
        "export-cam",
        "Export a CAM store to NumPy files: one .npz per image (or a folder of .npy files) with "
        "keys, spotlight/compensation CAMs and the weighted cam/high_res (docs/cam-store.md)");
    cmd->add_option("store", o->store, "CAM store folder (made by make-cam)")->required();
    cmd->add_option("--out", o->out, "Output folder")->required();
    cmd->add_option("--format", o->format, "npz (one file per image) or npy (a folder per image)")
        ->check(CLI::IsMember({"npz", "npy"}))
        ->capture_default_str();
    cmd->add_option("--alpha", o->alpha, "Weight of the spotlight CAM in cam and high_res")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->callback([o] { run_export_cam(*o); });
}

}  // namespace amr::cli
