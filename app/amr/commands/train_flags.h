#pragma once
// Flags shared by `amr train-cam` and `amr train-amr`. Options are filled in this order: the
// preset, then the --config JSON file, then the flags given on the command line.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "../cli_common.h"
#include "dist_launch.h"
#include "engine/core/atomic_file.h"
#include "engine/train/train.h"

namespace amr::cli {

struct TrainFlags {
    std::string preset = "paper";
    std::filesystem::path config;
    std::optional<int> epochs, batch, crop, depth, loader_threads, max_steps;
    int nproc = 1;  // local ranks to start (docs/distributed.md)
    std::optional<double> lr, momentum;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> init, device, split, metrics;
    bool resume = false;
    bool tiny = false;
};

// `with_nproc`: the stage trains data parallel and takes --nproc (all but train-deeplab, whose
// flags are its own).
inline void add_train_flags(CLI::App* cmd, TrainFlags& f, bool with_nproc = false) {
    cmd->add_option("--preset", f.preset,
                    "paper (default), official, quick or demo; see docs/training.md")
        ->check(CLI::IsMember({"paper", "official", "quick", "demo"}));
    cmd->add_option("--config", f.config, "JSON file of options (keys as in docs/training.md)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--epochs", f.epochs, "Epochs")->check(CLI::PositiveNumber);
    cmd->add_option("--batch", f.batch, "Batch size")->check(CLI::PositiveNumber);
    cmd->add_option("--crop", f.crop, "Square training crop in pixels")
        ->check(CLI::Range(32, 4096));
    cmd->add_option("--lr", f.lr, "Base learning rate; the other groups keep their ratio to it");
    cmd->add_option("--momentum", f.momentum, "SGD momentum (paper 0.9, official 1e-4)");
    cmd->add_option("--depth", f.depth, "ResNet depth, 50 or 101")->check(CLI::IsMember({50, 101}));
    cmd->add_option("--init", f.init, "ImageNet checkpoint, or 'none' for random init");
    cmd->add_option("--seed", f.seed, "Random seed (same seed, same run)");
    cmd->add_option("--device", f.device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd->add_option(
        "--split", f.split,
        "Dataset split to train on (default auto: train_aug when the dataset has it, else train)");
    cmd->add_option("--loader-threads", f.loader_threads, "Data loading threads")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--metrics", f.metrics, "JSON-lines metrics file (default OUT.metrics.jsonl)");
    cmd->add_option("--max-steps", f.max_steps,
                    "Stop after this many steps, leaving a resume state")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--resume", f.resume,
                  "Continue from OUT.resume.pt (left by Ctrl-C or an epoch end)");
    if (with_nproc)
        cmd->add_option("--nproc", f.nproc,
                        "Start this many local data-parallel processes (--batch is per process; "
                        "see docs/distributed.md). Under torchrun or srun, leave it out")
            ->check(CLI::Range(1, 256));
    cmd->add_flag("--tiny", f.tiny, "A tiny random-init network (width 8, one block per stage)");
}

// Applies the preset (`preset`, else --preset), --config and the flags; `base_lr(o, lr)` applies
// --lr to the stage's own learning rates.
template <class Options, class BaseLr>
Options train_options_from(const TrainFlags& f, BaseLr base_lr, const std::string& preset = {}) {
    Options o = Options::preset(preset.empty() ? f.preset : preset);
    if (!f.config.empty())
        apply_json(o, amr::read_file(f.config), f.config);  // the stage's own, found by ADL
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
        base_lr(o, *f.lr);
    return o;
}

inline void print_train_result(const amr::train::TrainResult& r) {
    finish_progress();
    if (r.finished)
        std::printf("wrote %s (%ld steps on split %s, %s, %.1f images/s, last loss %.4f)\n",
                    r.output.string().c_str(), r.steps, r.split.c_str(), r.device.c_str(),
                    r.images_per_s, r.last_loss);
    else
        std::printf("stopped after %ld of %ld steps; resume state %s (rerun with --resume)\n",
                    r.steps, r.total_steps, r.resume.string().c_str());
}

// Runs a training job and prints its result; on Ctrl-C says where the resume state is, then
// lets main() report the cancellation.
template <class Train>
void run_training(const std::filesystem::path& resume_path, Train train) {
    try {
        print_train_result(train());
    } catch (const amr::Cancelled&) {
        finish_progress();
        std::fprintf(stderr, "amr: training state saved to %s; rerun with --resume\n",
                     resume_path.string().c_str());
        throw;
    }
}

}  // namespace amr::cli

namespace amr::cli {

// run_training for a data-parallel stage: `train(ctx)` runs in this process, as this process's
// rank of a torchrun/srun job, or as `nproc` local ranks (run_data_parallel).
template <class Train>
void run_training_dp(const std::filesystem::path& resume_path, int nproc, const char* label,
                     Train train) {
    try {
        run_data_parallel(nproc, label, train, print_train_result);
    } catch (const amr::Cancelled&) {
        finish_progress();
        // Said once: by rank 0 itself, not again by the --nproc launcher.
        if (nproc <= 1 && amr::dist::context_from_env().rank == 0)
            std::fprintf(stderr, "amr: training state saved to %s; rerun with --resume\n",
                         resume_path.string().c_str());
        throw;
    }
}

}  // namespace amr::cli
