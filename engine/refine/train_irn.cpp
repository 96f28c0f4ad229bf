#include "engine/refine/train_irn.h"

#include <cstdio>
#include <fstream>
#include <future>

#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/core/options_json.h"
#include "engine/dist/data_parallel.h"
#include "engine/dist/grad_averager.h"
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

namespace {

train::TrainResult run_train_irn(const TrainIrnOptions& requested, const JobContext& ctx,
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

    // Data parallel in a distributed job (docs/distributed.md), as train-cam: each rank trains
    // on its shard of every epoch's order with batch options.batch (the global batch is the
    // sum), the losses are normalised over the global batch, gradients are averaged, and rank 0
    // alone writes the checkpoint, the metrics and the resume state.
    const auto comm_ptr = dist::world();
    dist::Communicator* comm = comm_ptr.get();
    const int world = comm ? comm->world_size() : 1;
    const int rank = comm ? comm->rank() : 0;
    const bool lead = rank == 0;
    const long global_batch = static_cast<long>(options.batch) * world;
    if (static_cast<long>(indices.size()) < global_batch)
        throw Error(options.dataset,
                    "split '" + options.split + "' has " + std::to_string(indices.size()) +
                        " images with seeds, fewer than one global batch of " +
                        std::to_string(global_batch) + " (" + std::to_string(world) +
                        " processes × batch " + std::to_string(options.batch) + ")");
    const long per_epoch = static_cast<long>(indices.size()) / global_batch;
    const long total = per_epoch * options.epochs;
    train::TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    // The frozen backbone is rebuilt from the initialisation every run.
    train::ResumeState resume("irn", to_json(options));
    resume.frozen = {"backbone."};
    resume.world_size = world;
    long step = resume.start(options, *net, {&sgd}, total, device, result);
    if (comm)  // the same resume step everywhere, then rank 0's weights to all
        dist::agree_on_start(*comm, step, options.resume_path(), *net);
    auto save_resume = [&] {
        if (lead)
            resume.save(options.resume_path(), *net, {&sgd}, step, total);
    };

    std::ofstream jsonl;
    if (lead)
        jsonl = train::open_metrics(options, result.resumed_from >= 0);

    IrnAugment aug;
    aug.seeds = options.seeds;
    aug.crop = options.crop;
    aug.scale_low = options.scale_low;
    aug.scale_high = options.scale_high;
    aug.flip = options.flip;
    aug.layout = backbone.layout;

    std::unique_ptr<dist::GradAverager> averager;
    if (comm)
        averager = std::make_unique<dist::GradAverager>(*comm, train::trained_params({&sgd}));

    net->train();
    train::StepClock clock;
    const long stop_at = options.max_steps > 0 ? std::min<long>(total, options.max_steps) : total;
    while (step < stop_at) {
        const int epoch = static_cast<int>(step / per_epoch);
        auto order = train::epoch_order(indices, options.seed, epoch);
        if (comm)
            order = dist::shard_order(order, options.batch, rank, world);
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
            // Every rank stops at the same step when any is cancelled.
            if (comm)
                comm->mark_step(step);
            if (dist::any(comm, ctx.cancel && ctx.cancel->cancelled(), "the cancel check")) {
                next.wait();
                save_resume();
                throw Cancelled();
            }
            clock.step_started();
            IrnBatch batch = next.get();
            if (b + 1 < last)
                next = fetch(b + 1);
            train::TrainProgress p;
            std::vector<double> values;
            try {
                // Mid-step cancellation would leave the other ranks waiting in a collective.
                train::run_cancellable_step(*net, comm ? nullptr : ctx.cancel, [&] {
                    sgd.set_poly_lr(step, total, options.poly_power);
                    sgd.zero_grad();
                    if (averager)
                        averager->begin_step();
                    auto edge = net->forward(batch.images.to(device));
                    IrnLoss loss = irn_edge_loss(edge, batch.labels.to(device), paths, comm);
                    loss.total.backward();
                    if (averager)
                        averager->finish();
                    sgd.step();
                    values = {scalar(loss.total), scalar(loss.pos_bg), scalar(loss.pos_fg),
                              scalar(loss.neg)};
                });
            } catch (const Cancelled&) {
                if (b + 1 < last)
                    next.wait();
                save_resume();
                throw;
            } catch (const c10::Error& e) {
                train::rethrow_step_error(e, "train-irn", result.device);
            }
            // The ranks' terms are shares of the global batch's means: their average is the mean.
            values = dist::average(comm, values, "the average of the step's losses");
            p.loss = values[0];
            p.terms = {{"pos_bg", values[1]}, {"pos_fg", values[2]}, {"neg", values[3]}};
            ++step;
            clock.step_done();
            p.stage = "irn";
            p.step = step;
            p.total_steps = total;
            p.epoch = epoch + 1;
            p.epochs = options.epochs;
            for (auto& g : sgd.groups())
                p.lr.emplace_back(g.name, g.lr);
            p.images_per_s = clock.images_per_s(static_cast<double>(global_batch));
            p.eta_s = clock.eta_s(total - step);
            result.last_loss = p.loss;

            if (lead)
                train::publish_step(p, jsonl, metrics, ctx, train::epoch_message(p));
        }
        if (step % per_epoch == 0 && step < total)
            save_resume();
    }

    result.steps = step;
    result.images_per_s = clock.run_images_per_s(static_cast<double>(global_batch));
    if (step < total) {
        save_resume();
        result.resume = options.resume_path();
        if (comm)
            comm->barrier("the final barrier");
        return result;
    }
    nn::ModelMeta meta = irn_meta(backbone);
    meta.labels = {};
    meta.provenance = "amr train-irn on " + options.dataset.string() + " (" + options.split +
                      "), seeds " + options.seeds.string() + ", " + std::to_string(options.epochs) +
                      " epochs";
    if (lead) {
        // finish_run's steps, with the training crop and radius in the metadata (refine pads to
        // it).
        nn::save_checkpoint(options.output, nn::named_state(*net),
                            irn_metadata_json(meta, {options.crop, options.radius}));
        std::error_code ec;
        fs::remove(options.resume_path(), ec);
    }
    if (comm)  // the others end only once rank 0 wrote the checkpoint
        comm->barrier("the final barrier");
    result.output = options.output;
    result.finished = true;
    return result;
}

}  // namespace

train::TrainResult train_irn(const TrainIrnOptions& options, const JobContext& ctx,
                             const train::MetricsSink& metrics) {
    const auto comm = dist::world();
    return dist::reporting_failure(comm.get(),
                                   [&] { return run_train_irn(options, ctx, metrics); });
}

}  // namespace amr::refine
