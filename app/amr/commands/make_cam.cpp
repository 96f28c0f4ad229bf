// amr make-cam: multi-scale CAMs of both AMR branches into a CAM store (docs/method.md §4.1, §4.4).

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "dist_launch.h"
#include "engine/cam/make_cams.h"

namespace amr::cli {
namespace {

// In one process, as this process's rank of a torchrun/srun job, or as `nproc` local ranks
// that share the images out (docs/distributed.md); rank 0 prints the whole split's counts.
void run_make_cam(const cam::MakeCamsOptions& options, int nproc) {
    options.check();
    run_data_parallel(
        nproc, "make-cam", [&](const JobContext& ctx) { return cam::make_cams(options, ctx); },
        [&](const cam::MakeCamsResult& r) {
            finish_progress();
            std::printf(
                "split %s: %zu computed, %zu already fresh, %zu without tags; store %s "
                "(model %s)\n",
                r.split.c_str(), r.computed, r.skipped, r.untagged, options.store.string().c_str(),
                r.fingerprint.c_str());
        });
}

}  // namespace

void add_make_cam_command(CLI::App& app) {
    auto o = std::make_shared<cam::MakeCamsOptions>();
    auto nproc = std::make_shared<int>(1);
    auto* cmd = app.add_subcommand(
        "make-cam",
        "Compute each image's spotlight and compensation CAMs (multi-scale, flip-merged, "
        "optionally with AdvCAM anti-adversarial climbing) into a CAM store; fresh entries are "
        "skipped");
    cmd->add_option("dataset", o->dataset, "Dataset folder (VOC or plain folder)")->required();
    cmd->add_option("--checkpoint", o->checkpoint,
                    "train-amr checkpoint (a train-cam one gives spotlight CAMs for both branches)")
        ->required();
    cmd->add_option("--out", o->store, "CAM store folder")->required();
    cmd->add_option("--split", o->split, "Split to process")->capture_default_str();
    cmd->add_option("--scales", o->scales, "Scales, comma separated")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--device", o->device, "auto, cpu or cuda")->capture_default_str();
    cmd->add_flag("!--no-flip", o->flip, "Do not add the flipped image");
    cmd->add_flag("!--no-high-res", o->high_res, "Store only the stride-4 maps");
    cmd->add_flag("!--no-gradcam-scale", o->gradcam_scale,
                  "Plain ReLU CAMs: skip the per-scale Grad-CAM factor of the official code");
    cmd->add_flag("--adversarial", o->adversarial,
                  "Anti-adversarial climbing (AdvCAM; slow: gradient passes per class and scale)");
    cmd->add_option("--adv-iterations", o->adv_iterations,
                    "Climbing iterations (scale 0.5 runs half); 1 = plain CAMs")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    add_nproc_option(cmd, *nproc, "each computing its share of the images");
    cmd->callback([o, nproc] { run_make_cam(*o, *nproc); });
}

}  // namespace amr::cli
