// amr eval-clicks: the interactive-segmentation protocol with a simulated user (NoC@85/90).

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/core/atomic_file.h"
#include "engine/review/click_compare.h"
#include "engine/review/click_eval.h"

namespace amr::cli {
namespace {

struct EvalClicksArgs {
    review::ClickEvalOptions options;
    std::string methods = "guided,walk,flood";
    std::string csv_file;
    std::string json_file;
    std::string objects_file;
};

void run_eval_clicks(EvalClicksArgs& args) {
    auto& o = args.options;
    o.methods.clear();
    std::size_t start = 0;
    while (start <= args.methods.size()) {
        const std::size_t comma = args.methods.find(',', start);
        const std::string m = args.methods.substr(
            start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!m.empty())
            o.methods.push_back(m);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    o.check();
    const auto result = review::eval_clicks(o, terminal_job("eval-clicks"));
    finish_progress();
    std::fputs(review::format_table(result).c_str(), stdout);
    std::fputs(review::format_comparison(result).c_str(), stdout);
    if (!args.csv_file.empty())
        write_file_atomically(args.csv_file, review::to_csv(result));
    if (!args.json_file.empty())
        write_file_atomically(args.json_file, review::to_json(result) + "\n");
    if (!args.objects_file.empty())
        write_file_atomically(args.objects_file, review::to_objects_csv(result));
}

}  // namespace

void add_eval_clicks_command(CLI::App& app) {
    auto args = std::make_shared<EvalClicksArgs>();
    auto& o = args->options;
    auto* cmd = app.add_subcommand(
        "eval-clicks",
        "Clicks needed to fix masks: the interactive-segmentation protocol with a simulated user "
        "(a click at the interior point of the largest error region, at most --max-clicks per "
        "class and image), NoC@85 and NoC@90 per class and overall, for the guided random walk "
        "and two baselines (walk without the CAM prior, colour flood fill)");
    cmd->add_option("DATASET", o.dataset, "Dataset folder with ground truth (VOC or plain folder)")
        ->required();
    cmd->add_option("--start", o.start_masks,
                    "Folder of starting label PNGs <id>.png (e.g. amr refine --out)")
        ->required();
    cmd->add_option("--boundary", o.boundary_dir,
                    "Folder of boundary maps <id>.png (amr refine --boundary-out)");
    cmd->add_option("--checkpoint", o.irn_checkpoint,
                    "IRN checkpoint to compute boundary maps (when --boundary is not given)");
    cmd->add_option("--cams", o.cam_store, "CAM store (amr make-cam), for the guided method");
    cmd->add_option("--alpha", o.alpha, "Recalibration coefficient of the weighted CAM")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--split", o.split, "Split to evaluate")->capture_default_str();
    cmd->add_option("--methods", args->methods, "Comma-separated: guided, walk, flood")
        ->capture_default_str();
    cmd->add_option("--max-clicks", o.max_clicks, "Clicks per object at most")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    cmd->add_option("--stop-iou", o.stop_iou,
                    "An object's episode ends at this IoU (the curve keeps the last value)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--max-images", o.max_images, "Evaluate only the first N images (0 = all)")
        ->capture_default_str();
    cmd->add_option("--restart", o.walk.restart, "Walk: pull towards the prior (gamma)")
        ->capture_default_str();
    cmd->add_option("--cam-weight", o.walk.cam_weight, "Guided walk: share of the CAM in the prior")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--bg", o.walk.cam_background,
                    "Guided walk: the background's CAM score (as amr refine --bg)")
        ->capture_default_str();
    cmd->add_option("--cam-adapt", o.walk.cam_adapt,
                    "Guided walk: the clicks rescale each class's CAM so that every click lies on "
                    "its side of the background score; where that flips the CAM's decision the "
                    "recalibrated CAM replaces the mask in the prior")
        ->capture_default_str();
    cmd->add_option("--cam-margin", o.walk.cam_margin,
                    "Guided walk: how far past the background score the rescaled CAM puts a click")
        ->capture_default_str();
    cmd->add_option("--cam-max-scale", o.walk.cam_max_scale,
                    "Guided walk: the most a click may scale a class's CAM up (or 1/x down)")
        ->capture_default_str();
    cmd->add_option("--cam-pull", o.walk.cam_pull,
                    "Guided walk: where the recalibrated CAM is confident (c in [0, 1]) the pull "
                    "towards the prior grows from gamma to gamma (1 + cam_pull c)")
        ->capture_default_str();
    cmd->add_option("--beta", o.walk.beta, "Walk: affinity exponent")->capture_default_str();
    cmd->add_option("--radius", o.walk.radius, "Walk: neighbourhood radius")
        ->check(CLI::Range(2, 20))
        ->capture_default_str();
    cmd->add_option("--click-radius", o.walk.click_radius, "Walk: seed disc radius in pixels")
        ->capture_default_str();
    cmd->add_option("--edge-band", o.walk.edge.band,
                    "Walk: half-width in pixels of the full-resolution finish along label edges "
                    "(0 = off: the stride-4 scores are only upsampled)")
        ->check(CLI::Range(0, 64))
        ->capture_default_str();
    cmd->add_option("--edge-beta", o.walk.edge.beta,
                    "Walk: colour contrast exponent of the full-resolution finish")
        ->capture_default_str();
    cmd->add_option("--edge-fidelity", o.walk.edge.fidelity,
                    "Walk: pull of the full-resolution finish towards the upsampled scores")
        ->capture_default_str();
    cmd->add_option("--whole-objects", o.walk.whole_objects,
                    "Walk: the newest click re-decides the whole objects it touches (true) or "
                    "only adds its own region (false)")
        ->capture_default_str();
    cmd->add_option("--colour-beta", o.walk.colour_beta,
                    "Walk: the stride-4 affinities also fall with the colour difference of the "
                    "cells, exp(-beta d^2 / mean d^2) (0 = off)")
        ->capture_default_str();
    cmd->add_option("--flood-tolerance", o.flood_tolerance,
                    "Flood fill baseline: colour difference per channel")
        ->capture_default_str();
    cmd->add_option("--device", o.device, "auto, cpu or cuda (IRN boundary maps)")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    cmd->add_option("--csv", args->csv_file,
                    "Write the IoU-per-click curve (method,click,mean_iou,objects) as CSV");
    cmd->add_option("--json", args->json_file,
                    "Write the results as JSON (with the paired comparison of the first method "
                    "against the others)");
    cmd->add_option("--objects-csv", args->objects_file,
                    "Write one row per method and object: method,image,class,noc85,noc90,iou_0..");
    cmd->callback([args] { run_eval_clicks(*args); });
}

}  // namespace amr::cli
