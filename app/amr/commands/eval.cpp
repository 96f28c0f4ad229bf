// amr eval: scores a folder of predicted masks against ground truth (docs/method.md §5.6).

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/eval/evaluate_masks.h"
#include "engine/eval/report_format.h"

namespace amr::cli {
namespace {

struct EvalArgs {
    std::string pred_dir;
    std::string gt_dir;
    std::string list_file;
    std::string classes_file;
    bool ignore_pred_void = false;
    bool json = false;
};

void run_eval(const EvalArgs& args) {
    eval::EvalOptions options;
    options.pred_dir = args.pred_dir;
    options.gt_dir = args.gt_dir;
    if (!args.list_file.empty())
        options.list_file = args.list_file;
    if (!args.classes_file.empty())
        options.classes = data::ClassList::load(args.classes_file);
    options.ignore_pred_void = args.ignore_pred_void;
    options.check();

    const eval::EvalReport report = eval::evaluate_masks(options, terminal_job("eval"));
    finish_progress();
    const std::string text = args.json ? eval::to_json(report, options.classes) + "\n"
                                       : eval::format_table(report, options.classes);
    std::fputs(text.c_str(), stdout);
}

}  // namespace

void add_eval_command(CLI::App& app) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand(
        "eval",
        "Score predicted masks against ground truth: per-class IoU, precision, recall, FP/FN "
        "rates and mIoU over one dataset-level confusion matrix");
    cmd->add_option("--pred", args->pred_dir, "Folder of predicted label PNGs (<id>.png)")
        ->required();
    cmd->add_option("--gt", args->gt_dir,
                    "Folder of ground-truth label PNGs (<id>.png), e.g. VOC SegmentationClass")
        ->required();
    cmd->add_option("--list", args->list_file,
                    "Image ids to evaluate, one per line (default: every PNG in --gt)");
    cmd->add_option("--classes", args->classes_file,
                    "classes.txt with one foreground class per line (default: the 20 VOC classes)");
    cmd->add_flag("--ignore-pred-void", args->ignore_pred_void,
                  "Leave predicted 255 pixels out instead of counting them as background");
    cmd->add_flag("--json", args->json, "Print the results as JSON instead of a table");
    cmd->callback([args] { run_eval(*args); });
}

}  // namespace amr::cli
