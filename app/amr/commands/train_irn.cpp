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
    add_train_flags(cmd, args->flags);
    cmd->callback([args] {
        using amr::refine::TrainIrnOptions;
        const TrainFlags& f = args->flags;
        // "official" is the paper recipe here: IRN's published numbers come from its code.
        auto o = TrainIrnOptions::preset(f.preset == "official" ? "paper" : f.preset);
        if (!f.config.empty())
            amr::refine::apply_json(o, amr::read_file(f.config), f.config);
        if (f.tiny)
            o.init = "none", o.layout = "torchvision", o.base_width = 8, o.blocks = {1, 1, 1, 1};
        if (f.epochs)
            o.epochs = *f.epochs;
        if (f.batch)
            o.batch = *f.batch;
        if (f.crop)
            o.crop = *f.crop;
        if (f.depth)
            o.depth = *f.depth;
        if (f.momentum)
            o.momentum = *f.momentum;
        if (f.init)
            o.init = *f.init;
        if (f.seed)
            o.seed = *f.seed;
        if (f.device)
            o.device = *f.device;
        if (f.split)
            o.split = *f.split;
        if (f.loader_threads)
            o.loader_threads = *f.loader_threads;
        if (f.metrics)
            o.metrics = *f.metrics;
        if (f.max_steps)
            o.max_steps = *f.max_steps;
        if (f.resume)
            o.resume = true;
        if (f.lr)
            o.lr_edge = *f.lr;
        if (args->radius)
            o.radius = *args->radius;
        o.dataset = args->dataset;
        o.output = args->output;
        o.seeds = args->seeds;
        o.check();
        run_training(o.resume_path(),
                     [&] { return amr::refine::train_irn(o, terminal_job("train-irn")); });
    });
}

}  // namespace amr::cli
