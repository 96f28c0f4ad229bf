// amr train-irn: IRNet's boundary branch from seed labels (docs/method.md §5.2–§5.4).

#include "engine/refine/train_irn.h"

#include "train_flags.h"

namespace amr::cli {

void add_train_irn_command(CLI::App& app) {
    struct Args {
        std::filesystem::path dataset, output, seeds;
        std::optional<int> radius;
        TrainFlags flags;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "train-irn",
        "Train IRNet's class-boundary branch (frozen ImageNet backbone) on the affinities that "
        "seed labels imply (refinement stage 2).\n"
        "Ctrl-C saves OUT.resume.pt; rerun with --resume to continue.");
    cmd->add_option("DATASET", args->dataset, "Dataset folder (VOC or tags.csv)")->required();
    cmd->add_option("OUT", args->output, "Checkpoint to write")->required();
    cmd->add_option("--seeds", args->seeds, "Folder of seed label PNGs (amr make-seeds)")
        ->required();
    cmd->add_option("--radius", args->radius, "Affinity radius in training (paper 10)")
        ->check(CLI::Range(2, 20));
    add_train_flags(cmd, args->flags, /*with_nproc=*/true);
    cmd->callback([args] {
        using amr::refine::TrainIrnOptions;
        const TrainFlags& f = args->flags;
        // "official" is the paper recipe here: IRN's published numbers come from its code.
        auto o = train_options_from<TrainIrnOptions>(
            f, [](TrainIrnOptions& x, double lr) { x.lr_edge = lr; },
            f.preset == "official" ? "paper" : f.preset);
        if (args->radius)
            o.radius = *args->radius;
        o.dataset = args->dataset;
        o.output = args->output;
        o.seeds = args->seeds;
        o.check();
        run_training_dp(o.resume_path(), args->flags.nproc, "train-irn",
                        [&](const amr::JobContext& ctx) { return amr::refine::train_irn(o, ctx); });
    });
}

}  // namespace amr::cli
