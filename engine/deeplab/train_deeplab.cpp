#include "engine/deeplab/train_deeplab.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include "engine/core/error.h"
#include "engine/deeplab/deeplab_net.h"
#include "engine/deeplab/seg_data.h"
#include "engine/deeplab/seg_loss.h"
#include "engine/dist/data_parallel.h"
#include "engine/dist/grad_averager.h"
#include "engine/train/cancellable_step.h"
#include "engine/train/network_init.h"
#include "engine/train/resume_state.h"
#include "engine/train/sgd.h"
#include "engine/train/train_loop.h"

namespace amr::deeplab {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStage = "deeplab";

// Two optimisers: the ASPP biases have no weight decay (docs/method.md §6.2), Sgd has one per
// instance.
struct Optimisers {
    train::Sgd decayed;
    train::Sgd biases;

    void set_poly_lr(long step, long total, double power) {
        decayed.set_poly_lr(step, total, power);
        biases.set_poly_lr(step, total, power);
    }
    void zero_grad() {
        decayed.zero_grad();
        biases.zero_grad();
    }
    void step() {
        decayed.step();
        biases.step();
    }
};

double scalar(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).item<double>();
}

// "ce_1", "ce_0.5", "ce_0.75", "ce_max": the loss of each MSC output.
std::string term_name(const DeepLabOptions& d, std::size_t k) {
    if (k == 0)
        return "ce_1";
    if (k > d.msc_scales.size())
        return "ce_max";
    char text[32];
    std::snprintf(text, sizeof text, "ce_%g", d.msc_scales[k - 1]);
    return text;
}

// The backbone at output stride 8 for the options, and the ImageNet checkpoint to fill it.
DeepLabOptions network_options(const TrainDeeplabOptions& o, int num_labels,
                               nn::Checkpoint* imagenet, fs::path* imagenet_file) {
    DeepLabOptions d;
    d.backbone = train::cam_backbone(o, imagenet, imagenet_file);
    const auto os8 = DeepLabOptions::backbone_for(o.depth, d.backbone.layout);
    d.backbone.strides = os8.strides;
    d.backbone.dilations = os8.dilations;
    d.backbone.freeze_stem = os8.freeze_stem;
    d.num_classes = num_labels;
    return d;
}

train::TrainResult run_train_deeplab(const TrainDeeplabOptions& requested, const JobContext& ctx,
                                     const train::MetricsSink& metrics) {
    requested.check();
    data::Dataset dataset = data::open_dataset(requested.dataset);
    // "auto" is train_aug where the dataset has it (the official list), else train.
    TrainDeeplabOptions options = requested;
    options.split = dataset.resolve_split(requested.split);
    const auto split = dataset.split(options.split);
    if (split.empty())
        throw Error(options.dataset, "has no images in split '" + options.split + "'");
    if (!fs::is_directory(options.labels))
        throw Error(options.labels, "is not a folder of label PNGs");
    auto items = seg_items(dataset, split, options.labels);
    if (static_cast<long>(items.size()) < options.batch)
        throw Error(options.labels,
                    "holds labels for " + std::to_string(items.size()) + " of the " +
                        std::to_string(split.size()) + " images of split '" + options.split +
                        "', fewer than one batch of " + std::to_string(options.batch));
    std::vector<std::size_t> val;
    if (!options.val_split.empty()) {
        for (std::size_t i : dataset.split(options.val_split))
            if (dataset[i].mask)
                val.push_back(i);
    }
    const torch::Device device = train::resolve_device(options.device);
    torch::manual_seed(options.seed);  // ASPP init and --init none

    const int num_labels = dataset.classes().num_labels();
    nn::Checkpoint imagenet;
    fs::path imagenet_file;
    const DeepLabOptions dlo = network_options(options, num_labels, &imagenet, &imagenet_file);
    DeepLabV2 net(dlo);
    if (!imagenet_file.empty() && !train::will_resume(options))
        train::load_imagenet(*net, imagenet, imagenet_file, "", false);
    imagenet = {};
    net->to(device);
    net->train();

    Optimisers opt{train::Sgd(options.momentum, options.weight_decay),
                   train::Sgd(options.momentum, 0.0)};
    opt.decayed.add_group("backbone", options.lr, *net, {"backbone."});
    opt.decayed.add_group("aspp_weight", 10 * options.lr, *net,
                          {"aspp.c0.weight", "aspp.c1.weight", "aspp.c2.weight", "aspp.c3.weight"});
    opt.biases.add_group("aspp_bias", 20 * options.lr, *net,
                         {"aspp.c0.bias", "aspp.c1.bias", "aspp.c2.bias", "aspp.c3.bias"});

    // Data parallel in a distributed job (docs/distributed.md): each rank takes its slice of
    // every global batch of B·world samples, the losses are normalised over the global batch,
    // gradients are averaged, validation is shared out, and rank 0 alone writes.
    const auto comm_ptr = dist::world();
    dist::Communicator* comm = comm_ptr.get();
    const int world = comm ? comm->world_size() : 1;
    const int rank = comm ? comm->rank() : 0;
    const bool lead = rank == 0;
    const long n_items = static_cast<long>(items.size());
    // Epoch-based runs count updates of the global batch (floor(floor(n/w)/b) = floor(n/(w·b))).
    const long total = total_updates(options, items.size() / static_cast<std::size_t>(world));
    const long per_update = static_cast<long>(options.batch) * options.iter_size * world;
    const int epochs = static_cast<int>((total * per_update + n_items - 1) / n_items);

    train::TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    // Validation and checkpoint spacing do not change the trajectory.
    train::ResumeState resume(kStage, to_json(options));
    resume.may_differ = {"val_split", "val_every", "save_every", "val_scales"};
    resume.unit = "updates";
    resume.total_from = "iterations, epochs, batch size, iter_size or labels";
    resume.world_size = world;
    long step = resume.start(options, *net, {&opt.decayed, &opt.biases}, total, device, result);
    if (comm)  // the same resume step everywhere, then rank 0's weights to all
        dist::agree_on_start(*comm, step, options.resume_path(), *net);

    std::ofstream jsonl;
    if (lead)
        jsonl = train::open_metrics(options, result.resumed_from >= 0);

    SegAugmentOptions aug;
    aug.crop = options.crop;
    aug.scales = options.scales;
    aug.flip = options.flip;
    aug.layout = dlo.backbone.layout;
    SegBatchSource source(std::move(items), num_labels, options.batch, aug, options.seed);
    source.shard(rank, world);

    // Overlapping hooks see one backward's gradients: with iter_size > 1 the accumulated .grad
    // is averaged after the last micro-batch instead.
    std::unique_ptr<dist::GradAverager> averager;
    if (comm)
        averager = std::make_unique<dist::GradAverager>(
            *comm, train::trained_params({&opt.decayed, &opt.biases}), options.iter_size == 1);

    auto save = [&] {
        if (lead)
            resume.save(options.resume_path(), *net, {&opt.decayed, &opt.biases}, step, total);
    };
    const JobContext cancel_only{{}, ctx.cancel};
    train::StepClock clock;
    const long stop_at = options.max_steps > 0 ? std::min<long>(total, options.max_steps) : total;

    while (step < stop_at) {
        // Every rank stops at the same step when any is cancelled.
        if (comm)
            comm->mark_step(step);
        if (dist::any(comm, ctx.cancel && ctx.cancel->cancelled(), "the cancel check")) {
            save();
            throw Cancelled();
        }
        clock.step_started();
        train::TrainProgress p;
        std::vector<double> values(dlo.msc_scales.size() + 3, 0.0);  // loss, then the terms
        try {
            // Mid-step cancellation would leave the other ranks waiting in a collective.
            train::run_cancellable_step(*net, comm ? nullptr : ctx.cancel, [&] {
                opt.set_poly_lr(step, total, options.poly_power);
                opt.zero_grad();
                if (averager)
                    averager->begin_step();
                for (int i = 0; i < options.iter_size; ++i) {
                    SegBatch batch = source.get(step * options.iter_size + i);
                    auto images = batch.images.to(device);
                    auto labels = batch.labels.to(device, torch::kLong);
                    std::vector<torch::Tensor> t;
                    auto loss = msc_loss(net->forward_msc(images), labels, &t, comm);
                    (loss / options.iter_size).backward();
                    values[0] += scalar(loss) / options.iter_size;
                    for (std::size_t k = 0; k < t.size(); ++k)
                        values[k + 1] += scalar(t[k]) / options.iter_size;
                }
                if (averager)
                    averager->finish();
                opt.step();
            });
        } catch (const Cancelled&) {
            save();
            throw;
        } catch (const c10::Error& e) {
            train::rethrow_step_error(e, "DeepLab training", result.device);
        }
        // The ranks' terms are shares of the global batch's means: their average is the mean.
        values = dist::average(comm, values, "the average of the step's losses");
        p.loss = values[0];
        for (std::size_t k = 1; k < values.size(); ++k)
            p.terms.emplace_back(term_name(dlo, k - 1), values[k]);
        ++step;
        clock.step_done();

        p.stage = kStage;
        p.step = step;
        p.total_steps = total;
        p.epoch = static_cast<int>(((step - 1) * per_update) / n_items) + 1;
        p.epochs = epochs;
        for (const auto* sgd : {&opt.decayed, &opt.biases})
            for (const auto& g : sgd->groups())
                p.lr.emplace_back(g.name, g.lr);
        p.images_per_s = clock.images_per_s(static_cast<double>(per_update));
        p.eta_s = clock.eta_s(total - step);
        result.last_loss = p.loss;

        const bool epoch_end = (step * per_update) / n_items > ((step - 1) * per_update) / n_items;
        const bool run_val =
            !val.empty() &&
            (step == total || (options.val_every > 0 ? step % options.val_every == 0 : epoch_end));
        if (run_val) {
            try {
                net->eval();
                auto ev = evaluate_deeplab(net, dataset, val, options.val_scales, device,
                                           cancel_only, comm);
                net->train();
                p.terms.emplace_back("val_miou", ev.metrics.miou);
            } catch (const Cancelled&) {
                save();
                throw;
            }
        }
        char msg[160];
        std::snprintf(msg, sizeof msg, "step %ld/%ld  loss %.4f  %.1f img/s", step, total, p.loss,
                      p.images_per_s);
        if (lead)
            train::publish_step(p, jsonl, metrics, ctx, msg);
        if (options.save_every > 0 && step % options.save_every == 0 && step < total)
            save();
    }

    result.steps = step;
    result.images_per_s = clock.run_images_per_s(static_cast<double>(per_update));
    if (step < total) {  // stopped by max_steps
        save();
        result.resume = options.resume_path();
        if (comm)
            comm->barrier("the final barrier");
        return result;
    }
    nn::ModelMeta meta = deeplab_meta(dlo);
    meta.labels.push_back("background");
    for (const auto& name : dataset.classes().names())
        meta.labels.push_back(name);
    meta.provenance = "amr train-deeplab on " + options.dataset.string() + " (" + options.split +
                      ", labels " + options.labels.string() + "), " + std::to_string(total) +
                      " updates";
    if (lead)
        train::finish_run(result, options, *net, meta);
    if (comm)  // the others end only once rank 0 wrote the checkpoint
        comm->barrier("the final barrier");
    result.output = options.output;
    result.finished = true;
    return result;
}

}  // namespace

train::TrainResult train_deeplab(const TrainDeeplabOptions& options, const JobContext& ctx,
                                 const train::MetricsSink& metrics) {
    const auto comm = dist::world();
    return dist::reporting_failure(comm.get(),
                                   [&] { return run_train_deeplab(options, ctx, metrics); });
}

}  // namespace amr::deeplab
