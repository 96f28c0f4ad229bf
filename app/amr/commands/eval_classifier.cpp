// amr eval-classifier: each branch's tag-prediction loss on a held-out split beside the constant
// predictor's (docs/method.md §10.2).

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "engine/cam/eval_classifier.h"
#include "engine/core/atomic_file.h"

namespace amr::cli {
namespace {

struct EvalClassifierArgs {
    cam::EvalClassifierOptions options;
    std::string json_file;
};

void run_eval_classifier(EvalClassifierArgs& args) {
    args.options.check();
    const auto r = cam::eval_classifier(args.options, terminal_job("eval-classifier"));
    finish_progress();
    double constant = r.branches.back().loss;
    std::printf("%zu images of split '%s' (constant predictor: tag frequencies of '%s')\n",
                r.images, r.split.c_str(), r.prior_split.c_str());
    std::printf("%-14s %9s %9s %8s\n", "branch", "val loss", "vs const", "mAP %");
    nlohmann::json j = {{"images", r.images}, {"split", r.split}, {"prior_split", r.prior_split}};
    for (const auto& b : r.branches) {
        std::printf("%-14s %9.4f %+8.1f%% %8.1f\n", b.branch.c_str(), b.loss,
                    100.0 * (b.loss - constant) / constant, 100.0 * b.map);
        j["branches"].push_back({{"branch", b.branch}, {"loss", b.loss}, {"map", b.map}});
    }
    if (!args.json_file.empty())
        write_file_atomically(args.json_file, j.dump(1) + "\n");
}

}  // namespace

void add_eval_classifier_command(CLI::App& app) {
    auto args = std::make_shared<EvalClassifierArgs>();
    auto& o = args->options;
    auto* cmd = app.add_subcommand(
        "eval-classifier",
        "Tag-prediction loss (multi-label soft margin) and mAP of each branch of a train-cam or "
        "train-amr checkpoint on a held-out split, beside the constant predictor's: a branch at "
        "the constant's loss has learnt nothing");
    cmd->add_option("dataset", o.dataset, "Dataset folder (VOC or plain folder)")->required();
    cmd->add_option("--checkpoint", o.checkpoint, "train-cam or train-amr checkpoint")->required();
    cmd->add_option("--split", o.split, "Split to score")->capture_default_str();
    cmd->add_option("--prior-split", o.prior_split,
                    "Split whose tag frequencies make the constant predictor (auto: train_aug or "
                    "train)")
        ->capture_default_str();
    cmd->add_option("--device", o.device, "auto, cpu or cuda")->capture_default_str();
    cmd->add_option("--json", args->json_file, "Write the results as JSON to this file");
    cmd->callback([args] { run_eval_classifier(*args); });
}

}  // namespace amr::cli
