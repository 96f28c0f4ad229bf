// amr predict: DeepLab masks and confidence maps of a split (docs/method.md §6.3), scored against
// the ground truth when the split has some.

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "dist_launch.h"
#include "engine/deeplab/predict.h"

namespace amr::cli {

namespace {

// In one process, as this process's rank of a torchrun/srun job, or as `nproc` local ranks
// that share the images out (docs/distributed.md); rank 0 prints the whole split's result.
void run_predict(const deeplab::PredictOptions& options, int nproc) {
    options.check();
    run_data_parallel(
        nproc, "predict", [&](const JobContext& ctx) { return deeplab::predict(options, ctx); },
        [&](const deeplab::PredictResult& r) {
            finish_progress();
            std::printf("%zu written, %zu already there; masks in %s\n", r.written, r.skipped,
                        options.output.string().c_str());
            if (r.evaluated > 0)
                std::printf("mIoU %.2f%%  pixel accuracy %.2f%%  (%zu images with ground truth)\n",
                            100 * r.metrics.miou, 100 * r.metrics.pixel_accuracy, r.evaluated);
        });
}

}  // namespace

void add_predict_command(CLI::App& app) {
    auto o = std::make_shared<deeplab::PredictOptions>();
    auto nproc = std::make_shared<int>(1);
    auto* cmd = app.add_subcommand(
        "predict",
        "DeepLab masks of a split at full resolution (multi-scale max fusion) as palette PNGs, "
        "plus optional confidence maps; existing masks are skipped unless --overwrite");
    cmd->add_option("DATASET", o->dataset, "Dataset folder (VOC or tags.csv)")->required();
    cmd->add_option("--checkpoint", o->checkpoint, "train-deeplab checkpoint")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--out", o->output, "Folder for <id>.png masks")->required();
    cmd->add_option("--confidence", o->confidence,
                    "Folder for <id>.png confidence maps (8-bit, 255 = probability 1)");
    cmd->add_option("--split", o->split,
                    "Split to predict (auto: val where the dataset has one, else every image)")
        ->capture_default_str();
    cmd->add_option("--scales", o->scales, "Scales, comma separated")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_flag("--flip", o->flip, "Also fuse the mirrored image");
    cmd->add_flag("--crf", o->crf, "Dense-CRF post-processing (docs/method.md §6.3)");
    cmd->add_option("--device", o->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    cmd->add_flag("--overwrite", o->overwrite, "Predict again images whose mask exists");
    add_nproc_option(cmd, *nproc, "each predicting its share of the images");
    cmd->callback([o, nproc] { run_predict(*o, *nproc); });
}

}  // namespace amr::cli
