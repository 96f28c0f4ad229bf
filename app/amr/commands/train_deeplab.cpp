// amr train-deeplab: DeepLab-v2 on a folder of label PNGs, normally the refined pseudo labels
// (docs/method.md §6.2). Options: the preset, then --config JSON, then the flags given.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/atomic_file.h"
#include "engine/deeplab/train_deeplab.h"
#include "train_flags.h"

namespace amr::cli {

namespace {

struct DeeplabFlags {
    std::filesystem::path dataset, output, labels, config;
    std::string preset = "paper";
    std::optional<int> batch, crop, depth, iter_size, max_steps;
    std::optional<long> iterations, val_every;
    std::optional<double> lr;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> init, device, split, val_split, metrics;
    std::vector<double> scales;
    int nproc = 1;  // local ranks to start (docs/distributed.md)
    bool resume = false;
    bool tiny = false;
};

deeplab::TrainDeeplabOptions deeplab_options_from(const DeeplabFlags& f) {
    auto o = deeplab::TrainDeeplabOptions::preset(f.preset);
    if (!f.config.empty())
        deeplab::apply_json(o, amr::read_file(f.config), f.config);
    if (f.tiny)
        o.init = "none", o.layout = "torchvision", o.base_width = 8, o.blocks = {1, 1, 1, 1};
    o.dataset = f.dataset;
    o.output = f.output;
    o.labels = f.labels;
    if (f.batch)
        o.batch = *f.batch;
    if (f.crop)
        o.crop = *f.crop;
    if (f.depth)
        o.depth = *f.depth;
    if (f.iter_size)
        o.iter_size = *f.iter_size;
    if (f.iterations)
        o.iterations = *f.iterations;
    if (f.val_every)
        o.val_every = *f.val_every;
    if (f.lr)
        o.lr = *f.lr;
    if (f.seed)
        o.seed = *f.seed;
    if (f.init)
        o.init = *f.init;
    if (f.device)
        o.device = *f.device;
    if (f.split)
        o.split = *f.split;
    if (f.val_split)
        o.val_split = *f.val_split;
    if (f.metrics)
        o.metrics = *f.metrics;
    if (f.max_steps)
        o.max_steps = *f.max_steps;
    if (!f.scales.empty())
        o.scales = f.scales;
    if (f.resume)
        o.resume = true;
    return o;
}

}  // namespace

void add_train_deeplab_command(CLI::App& app) {
    auto f = std::make_shared<DeeplabFlags>();
    auto* cmd = app.add_subcommand(
        "train-deeplab",
        "Train DeepLab-v2 (ASPP, output stride 8, multi-scale max fusion) on a folder of label "
        "PNGs, normally the refined pseudo labels; 255 is ignored.\n"
        "Ctrl-C saves OUT.resume.pt; rerun with --resume to continue.");
    cmd->add_option("DATASET", f->dataset, "Dataset folder (VOC or tags.csv)")->required();
    cmd->add_option("OUT", f->output, "Checkpoint to write")->required();
    cmd->add_option("--labels", f->labels, "Folder of <id>.png training labels")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--preset", f->preset,
                    "paper (default, docs/method.md §6.2) or quick (tiny demo net)")
        ->check(CLI::IsMember({"paper", "quick"}));
    cmd->add_option("--config", f->config, "JSON file of options (keys as in docs/deeplab.md)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--val-split", f->val_split,
                    "Split with ground truth whose mIoU is logged (every epoch or --val-every)");
    cmd->add_option("--val-every", f->val_every, "Updates between val mIoU runs (0 = per epoch)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--iterations", f->iterations, "Updates in total (paper 20000)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--iter-size", f->iter_size, "Batches accumulated per update (paper 2)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--batch", f->batch, "Batch size (paper 5)")->check(CLI::PositiveNumber);
    cmd->add_option("--crop", f->crop, "Square training crop in pixels (paper 321)")
        ->check(CLI::Range(32, 4096));
    cmd->add_option("--scales", f->scales, "Random scale choices, comma separated")->delimiter(',');
    cmd->add_option("--lr", f->lr, "Backbone learning rate; ASPP weights 10x, biases 20x");
    cmd->add_option("--depth", f->depth, "ResNet depth, 50 or 101")
        ->check(CLI::IsMember({50, 101}));
    cmd->add_option("--init", f->init, "ImageNet checkpoint, or 'none' for random init");
    cmd->add_option("--seed", f->seed, "Random seed (same seed, same run)");
    cmd->add_option("--device", f->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd->add_option("--split", f->split, "Dataset split to train on (default train)");
    cmd->add_option("--metrics", f->metrics, "JSON-lines metrics file (default OUT.metrics.jsonl)");
    cmd->add_option("--max-steps", f->max_steps,
                    "Stop after this many updates, leaving a resume state")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--resume", f->resume, "Continue from OUT.resume.pt");
    cmd->add_flag("--tiny", f->tiny, "A tiny random-init network (width 8, one block per stage)");
    add_nproc_option(
        cmd, f->nproc,
        "training data parallel (--batch is per process; the global batch is the sum)");
    cmd->callback([f] {
        auto o = deeplab_options_from(*f);
        o.check();
        run_training_dp(o.resume_path(), f->nproc, "train-deeplab",
                        [&](const JobContext& ctx) { return deeplab::train_deeplab(o, ctx); });
    });
}

}  // namespace amr::cli
