#include "engine/refine/train_irn.h"

#include <cstdio>
#include <fstream>
#include <future>

#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/core/options_json.h"
#include "engine/refine/affinity.h"
#include "engine/refine/irn_data.h"
#include "engine/refine/irn_net.h"
#include "engine/train/cancellable_step.h"
#include "engine/train/network_init.h"
#include "engine/train/resume_state.h"
#include "engine/train/sgd.h"
#include "engine/train/train_loop.h"

namespace amr::refine {

namespace fs = std::filesystem;

namespace {

constexpr OptionCheck require{"train-irn options"};

// Every JSON-settable field as (key, reference): the common ones (no classification
// augmentation: IRN has its own scale range) and IRN's.
template <class F>
void fields(TrainIrnOptions& o, F&& f) {
    train::common_fields(o, f);
    f("loader_threads", o.loader_threads);
    f("seeds", o.seeds);
    f("radius", o.radius);
    f("lr_edge", o.lr_edge);
    f("lr_displacement", o.lr_displacement);
    f("displacement", o.displacement);
    f("scale_low", o.scale_low);
    f("scale_high", o.scale_high);
}

constexpr auto kFields = [](auto& o, auto&& f) { fields(o, f); };

double scalar(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).item<double>();
}

}  // namespace

TrainIrnOptions::TrainIrnOptions() {
    batch = 16;
    crop = 512;
    epochs = 3;
    momentum = 1e-4;  // PolyOptimizer's effective momentum (docs/method.md §3.1)
    weight_decay = 1e-4;
    poly_power = 0.9;
    layout = "torchvision";
}

void TrainIrnOptions::check() const {
    train::TrainCommonOptions::check();
    require(!seeds.empty(), "seeds: no seed label folder given");
    require(radius >= 2 && radius <= 20,
            "radius must be in [2, 20] (got " + std::to_string(radius) + ")");
    require(crop % 16 == 0, "crop must be a multiple of 16 (got " + std::to_string(crop) + ")");
    require(crop / 4 > 2 * (radius - 1),
            "crop is too small for the affinity radius (crop/4 must exceed 2·(radius−1))");
    require(lr_edge >= 0 && lr_displacement >= 0, "learning rates must not be negative");
    require(!displacement, "displacement: the displacement branch is not implemented");
    require(scale_low > 0 && scale_high >= scale_low,
            "scale_low/scale_high must satisfy 0 < scale_low <= scale_high");
}

TrainIrnOptions TrainIrnOptions::preset(const std::string& name) {
    TrainIrnOptions o;
    if (name == "paper")
        return o;
    if (name == "quick") {
        o.init = "none";
        o.layout = "torchvision";
        o.base_width = 8;
        o.blocks = {1, 1, 1, 1};
        o.batch = 8;
        o.crop = 128;
        o.radius = 5;
        o.epochs = 3;
        o.momentum = 0.9;  // few steps: momentum helps more than the official 1e-4
        o.lr_edge = 0.3;
        return o;
    }
    if (name == "demo") {
        // Real boundaries on the demo dataset in about a minute of CPU: the frozen ImageNet
        // ResNet-50 (the official backbone) with only the edge head trained, at a small crop.
        o.batch = 8;
        o.crop = 128;
        o.radius = 5;
        o.epochs = 6;
        o.momentum = 0.9;
        o.lr_edge = 0.1;
        return o;
    }
    throw Error("unknown train-irn preset '" + name + "' (use one of: paper, quick, demo)");
}

void apply_json(TrainIrnOptions& o, const std::string& text, const fs::path& source) {
    options_json::apply(o, text, source, {"train-irn options", "train-irn option"}, kFields);
}

std::string to_json(const TrainIrnOptions& o) {
    return options_json::dump(o, kFields);
}

train::TrainResult train_irn(const TrainIrnOptions& requested, const JobContext& ctx,
                             const train::MetricsSink& metrics) {
    requested.check();
    if (!fs::is_directory(requested.seeds))
        throw Error(requested.seeds, "seed label folder not found (run amr make-seeds)");
    data::Dataset dataset = data::open_dataset(requested.dataset);
    TrainIrnOptions options = requested;
    options.split = dataset.resolve_split(requested.split);
    auto indices = train::training_indices(dataset, options);
    auto device = train::resolve_device(options.device);
    torch::manual_seed(options.seed);

    nn::Checkpoint imagenet;
    fs::path imagenet_file;
    nn::ResNetOptions backbone = train::cam_backbone(options, &imagenet, &imagenet_file);
    IrnNet net(backbone);
    if (!imagenet_file.empty())
        train::load_imagenet(*net, imagenet, imagenet_file, "", false);
    imagenet = {};
    net->to(device);

    train::Sgd sgd(options.momentum, options.weight_decay);
    sgd.add_group("edge", options.lr_edge, *net, {"edge"});
    const PathIndices paths = make_path_indices(options.radius);

    const long per_epoch = static_cast<long>(indices.size()) / options.batch;
    const long total = per_epoch * options.epochs;
    train::TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    // The frozen backbone is rebuilt from the initialisation every run.
    train::ResumeState resume("irn", to_json(options));
    resume.frozen = {"backbone."};
    long step = resume.start(options, *net, {&sgd}, total, device, result);
    auto save_resume = [&] { resume.save(options.resume_path(), *net, {&sgd}, step, total); };

    std::ofstream jsonl = train::open_metrics(options, result.resumed_from >= 0);

    IrnAugment aug;
    aug.seeds = options.seeds;
    aug.crop = options.crop;
    aug.scale_low = options.scale_low;
    aug.scale_high = options.scale_high;
    aug.flip = options.flip;
    aug.layout = backbone.layout;

    net->train();
    train::StepClock clock;
    const long stop_at = options.max_steps > 0 ? std::min<long>(total, options.max_steps) : total;
    while (step < stop_at) {
        const int epoch = static_cast<int>(step / per_epoch);
        const auto order = train::epoch_order(indices, options.seed, epoch);
        const int first = static_cast<int>(step % per_epoch);
        const int last = static_cast<int>(std::min<long>(per_epoch, first + (stop_at - step)));
        auto fetch = [&](int b) {
            return std::async(std::launch::async, [&, b] {
                return build_irn_batch(dataset, order, options.batch, b, aug, options.seed, epoch,
                                       options.loader_threads);
            });
        };
        std::future<IrnBatch> next = fetch(first);
        for (int b = first; b < last; ++b) {
            if (ctx.cancel && ctx.cancel->cancelled()) {
                next.wait();
                save_resume();
                throw Cancelled();
            }
            clock.step_started();
            IrnBatch batch = next.get();
            if (b + 1 < last)
                next = fetch(b + 1);
            train::TrainProgress p;
            try {
                train::run_cancellable_step(*net, ctx.cancel, [&] {
                    sgd.set_poly_lr(step, total, options.poly_power);
                    sgd.zero_grad();
                    auto edge = net->forward(batch.images.to(device));
                    IrnLoss loss = irn_edge_loss(edge, batch.labels.to(device), paths);
                    loss.total.backward();
                    sgd.step();
                    p.loss = scalar(loss.total);
                    p.terms = {{"pos_bg", scalar(loss.pos_bg)},
                               {"pos_fg", scalar(loss.pos_fg)},
                               {"neg", scalar(loss.neg)}};
                });
            } catch (const Cancelled&) {
                if (b + 1 < last)
                    next.wait();
                save_resume();
                throw;
            } catch (const c10::Error& e) {
                train::rethrow_step_error(e, "train-irn", result.device);
            }
            ++step;
            clock.step_done();
            p.stage = "irn";
            p.step = step;
            p.total_steps = total;
            p.epoch = epoch + 1;
            p.epochs = options.epochs;
            for (auto& g : sgd.groups())
                p.lr.emplace_back(g.name, g.lr);
            p.images_per_s = clock.images_per_s(options.batch);
            p.eta_s = clock.eta_s(total - step);
            result.last_loss = p.loss;

            train::publish_step(p, jsonl, metrics, ctx, train::epoch_message(p));
        }
        if (step % per_epoch == 0 && step < total)
            save_resume();
    }

    result.steps = step;
    result.images_per_s = clock.run_images_per_s(options.batch);
    if (step < total) {
        save_resume();
        result.resume = options.resume_path();
        return result;
    }
    nn::ModelMeta meta = irn_meta(backbone);
    meta.labels = {};
    meta.provenance = "amr train-irn on " + options.dataset.string() + " (" + options.split +
                      "), seeds " + options.seeds.string() + ", " + std::to_string(options.epochs) +
                      " epochs";
    // finish_run's steps, with the training crop and radius in the metadata (refine pads to it).
    nn::save_checkpoint(options.output, nn::named_state(*net),
                        irn_metadata_json(meta, {options.crop, options.radius}));
    std::error_code ec;
    fs::remove(options.resume_path(), ec);
    result.output = options.output;
    result.finished = true;
    return result;
}

}  // namespace amr::refine
