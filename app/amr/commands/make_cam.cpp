// amr make-cam: multi-scale CAMs of both AMR branches into a CAM store (docs/method.md §4.1, §4.4).

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "engine/cam/make_cams.h"

namespace amr::cli {
namespace {

void run_make_cam(const cam::MakeCamsOptions& options) {
    options.check();
    const auto r = cam::make_cams(options, terminal_job("make-cam"));
    finish_progress();
    std::printf(
        "split %s: %zu computed, %zu already fresh, %zu without tags; store %s (model %s)\n",
        r.split.c_str(), r.computed, r.skipped, r.untagged, options.store.string().c_str(),
        r.fingerprint.c_str());
}

}  // namespace

void add_make_cam_command(CLI::App& app) {
    auto o = std::make_shared<cam::MakeCamsOptions>();
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
    cmd->callback([o] { run_make_cam(*o); });
}

}  // namespace amr::cli
