#include "engine/deeplab/train_deeplab.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "engine/core/error.h"
#include "engine/deeplab/deeplab_net.h"
#include "engine/deeplab/seg_data.h"
#include "engine/deeplab/seg_loss.h"
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

}  // namespace

train::TrainResult train_deeplab(const TrainDeeplabOptions& requested, const JobContext& ctx,
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

    const long total = total_updates(options, items.size());
    const long per_update = static_cast<long>(options.batch) * options.iter_size;
    const long n_items = static_cast<long>(items.size());
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
    long step = resume.start(options, *net, {&opt.decayed, &opt.biases}, total, device, result);

    std::ofstream jsonl = train::open_metrics(options, result.resumed_from >= 0);

    SegAugmentOptions aug;
    aug.crop = options.crop;
    aug.scales = options.scales;
    aug.flip = options.flip;
    aug.layout = dlo.backbone.layout;
    SegBatchSource source(std::move(items), num_labels, options.batch, aug, options.seed);

    auto save = [&] {
        resume.save(options.resume_path(), *net, {&opt.decayed, &opt.biases}, step, total);
    };
    const JobContext cancel_only{{}, ctx.cancel};
    train::StepClock clock;
    const long stop_at = options.max_steps > 0 ? std::min<long>(total, options.max_steps) : total;

    while (step < stop_at) {
        if (ctx.cancel && ctx.cancel->cancelled()) {
            save();
            throw Cancelled();
        }
        clock.step_started();
        train::TrainProgress p;
        try {
            train::run_cancellable_step(*net, ctx.cancel, [&] {
                opt.set_poly_lr(step, total, options.poly_power);
                opt.zero_grad();
                std::vector<double> terms(dlo.msc_scales.size() + 2, 0.0);
                for (int i = 0; i < options.iter_size; ++i) {
                    SegBatch batch = source.get(step * options.iter_size + i);
                    auto images = batch.images.to(device);
                    auto labels = batch.labels.to(device, torch::kLong);
                    std::vector<torch::Tensor> t;
                    auto loss = msc_loss(net->forward_msc(images), labels, &t);
                    (loss / options.iter_size).backward();
                    p.loss += scalar(loss) / options.iter_size;
                    for (std::size_t k = 0; k < t.size(); ++k)
                        terms[k] += scalar(t[k]) / options.iter_size;
                }
                opt.step();
                for (std::size_t k = 0; k < terms.size(); ++k)
                    p.terms.emplace_back(term_name(dlo, k), terms[k]);
            });
        } catch (const Cancelled&) {
            save();
            throw;
        } catch (const c10::Error& e) {
            train::rethrow_step_error(e, "DeepLab training", result.device);
        }
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
                auto ev =
                    evaluate_deeplab(net, dataset, val, options.val_scales, device, cancel_only);
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
        train::publish_step(p, jsonl, metrics, ctx, msg);
        if (options.save_every > 0 && step % options.save_every == 0 && step < total)
            save();
    }

    result.steps = step;
    result.images_per_s = clock.run_images_per_s(static_cast<double>(per_update));
    if (step < total) {  // stopped by max_steps
        save();
        result.resume = options.resume_path();
        return result;
    }
    nn::ModelMeta meta = deeplab_meta(dlo);
    meta.labels.push_back("background");
    for (const auto& name : dataset.classes().names())
        meta.labels.push_back(name);
    meta.provenance = "amr train-deeplab on " + options.dataset.string() + " (" + options.split +
                      ", labels " + options.labels.string() + "), " + std::to_string(total) +
                      " updates";
    train::finish_run(result, options, *net, meta);
    return result;
}

}  // namespace amr::deeplab
