#include "train_flags.h"

namespace amr::cli {

void add_train_cam_command(CLI::App& app) {
    struct Args {
        std::filesystem::path dataset, output;
        TrainFlags flags;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "train-cam",
        "Train the spotlight (CAM) classifier on a dataset's image tags (AMR stage 1).\n"
        "Ctrl-C saves OUT.resume.pt; rerun with --resume to continue.");
    cmd->add_option("DATASET", args->dataset, "Dataset folder (VOC or tags.csv)")->required();
    cmd->add_option("OUT", args->output, "Checkpoint to write")->required();
    add_train_flags(cmd, args->flags, /*with_nproc=*/true);
    cmd->callback([args] {
        using amr::train::TrainCamOptions;
        auto o =
            train_options_from<TrainCamOptions>(args->flags, [](TrainCamOptions& o, double lr) {
                double f = lr / o.lr_backbone;
                o.lr_backbone = lr;
                o.lr_classifier *= f;
            });
        o.dataset = args->dataset;
        o.output = args->output;
        o.check();
        run_training_dp(o.resume_path(), args->flags.nproc, "train-cam",
                        [&](const amr::JobContext& ctx) { return amr::train::train_cam(o, ctx); });
    });
}

}  // namespace amr::cli
