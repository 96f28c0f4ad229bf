#include "train_flags.h"

namespace amr::cli {

void add_train_amr_command(CLI::App& app) {
    struct Args {
        std::filesystem::path dataset, cam, output;
        std::optional<double> cps_weight, erase_top;
        std::optional<std::string> cps_mode, amm_stats;
        bool no_amm = false;
        std::optional<std::string> amm_gate, amm_start;
        TrainFlags flags;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "train-amr",
        "Train the AMR network (compensation branch with AMMs + cross pseudo supervision) from a\n"
        "train-cam checkpoint (AMR stage 2). Ctrl-C saves OUT.resume.pt; rerun with --resume.");
    cmd->add_option("DATASET", args->dataset, "Dataset folder (VOC or tags.csv)")->required();
    cmd->add_option("OUT", args->output, "Checkpoint to write")->required();
    cmd->add_option("--cam", args->cam, "Checkpoint written by 'amr train-cam'")->required();
    cmd->add_option("--cps-weight", args->cps_weight, "Weight of the CPS loss (default 0.05)");
    cmd->add_option("--cps-mode", args->cps_mode, "own (default) or flip-merge (official)")
        ->check(CLI::IsMember({"own", "flip-merge"}));
    cmd->add_option("--amm-stats", args->amm_stats,
                    "Where the AMMs' statistics come from: rank (default, official: the batch; "
                    "with --nproc/torchrun each process's batch), sync (the global batch) or "
                    "sample (each image alone, in training and make-cam; docs/method.md §10.4)")
        ->check(CLI::IsMember({"rank", "sync", "sample"}));
    cmd->add_flag("--no-amm", args->no_amm,
                  "No AMMs in the compensation branch (the ablation's '+CPS' row; "
                  "docs/method.md §10.2)");
    cmd->add_option("--amm-gate", args->amm_gate,
                    "The AMMs' Gaussian gate: pdf (official) or unit (peak 1, never amplifies; "
                    "docs/method.md §10.2)")
        ->check(CLI::IsMember({"pdf", "unit"}));
    cmd->add_option("--amm-start", args->amm_start,
                    "How the AMMs start: paper (gating from the first step) or identity (each "
                    "AMM blended in by a learnt weight that starts at 0; docs/method.md §10.3)")
        ->check(CLI::IsMember({"paper", "identity"}));
    cmd->add_option("--erase-top", args->erase_top,
                    "Train the compensation branch with the spotlight's peaks hidden: zero its "
                    "features where the spotlight CAM of a tagged class reaches this share of its "
                    "maximum (0 = off, the default; docs/method.md §10.5)")
        ->check(CLI::Range(0.0, 1.0));
    add_train_flags(cmd, args->flags, /*with_nproc=*/true);
    cmd->callback([args] {
        using amr::train::TrainAmrOptions;
        auto o =
            train_options_from<TrainAmrOptions>(args->flags, [](TrainAmrOptions& o, double lr) {
                double f = lr / o.lr_spotlight;
                o.lr_spotlight = lr;
                o.lr_compensation *= f;
                o.lr_classifier *= f;
                o.lr_classifier_s *= f;
            });
        o.dataset = args->dataset;
        o.output = args->output;
        o.cam = args->cam;
        if (args->cps_weight)
            o.weight_cps = *args->cps_weight;
        if (args->cps_mode)
            o.cps_mode = *args->cps_mode;
        if (args->amm_stats)
            o.amm_stats = *args->amm_stats;
        if (args->amm_gate)
            o.amm_gate = *args->amm_gate;
        if (args->amm_start)
            o.amm_start = *args->amm_start;
        if (args->erase_top)
            o.erase_top = *args->erase_top;
        if (args->no_amm)
            o.amm = false;
        o.check();
        run_training_dp(o.resume_path(), args->flags.nproc, "train-amr",
                        [&](const amr::JobContext& ctx) { return amr::train::train_amr(o, ctx); });
    });
}

}  // namespace amr::cli
