// amr eval-cam: CAM mIoU of a CAM store against ground truth (docs/method.md §4.5).

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/cam/eval_cams.h"
#include "engine/core/atomic_file.h"

namespace amr::cli {
namespace {

struct EvalCamArgs {
    cam::EvalCamsOptions options;
    double threshold = -1;
    std::string json_file;
    std::string csv_file;
};

void run_eval_cam(EvalCamArgs& args) {
    if (args.threshold >= 0)
        args.options.threshold = args.threshold;
    args.options.check();
    const auto result = cam::eval_cams(args.options, terminal_job("eval-cam"));
    finish_progress();
    std::fputs(cam::format_table(result).c_str(), stdout);
    if (!args.json_file.empty())
        write_file_atomically(args.json_file, cam::to_json(result) + "\n");
    if (!args.csv_file.empty())
        write_file_atomically(args.csv_file, cam::to_csv(result));
}

}  // namespace

void add_eval_cam_command(CLI::App& app) {
    auto args = std::make_shared<EvalCamArgs>();
    auto& o = args->options;
    auto* cmd = app.add_subcommand(
        "eval-cam",
        "CAM mIoU of a CAM store against the dataset's ground truth: spotlight (alpha 1), "
        "compensation (alpha 0) and weighted CAM, with a background threshold sweep");
    cmd->add_option("dataset", o.dataset, "Dataset folder (VOC or plain folder)")->required();
    cmd->add_option("--store", o.store, "CAM store folder (made by make-cam)")->required();
    cmd->add_option("--split", o.split, "Split to score")->capture_default_str();
    cmd->add_option("--alpha", o.alpha, "Weight of the spotlight CAM in the weighted CAM")
        ->capture_default_str();
    cmd->add_option("--threshold", args->threshold,
                    "Fixed background threshold (default: sweep 0.05..0.60 step 0.05)");
    cmd->add_flag("--alpha-sweep", o.alpha_sweep,
                  "Also score alpha = 0, 0.1, ..., 1, each at its best threshold");
    cmd->add_option("--json", args->json_file, "Write the results as JSON to this file");
    cmd->add_option("--csv", args->csv_file, "Write the sweep as CSV to this file");
    cmd->callback([args] { run_eval_cam(*args); });
}

}  // namespace amr::cli
