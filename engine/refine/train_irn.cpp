#include "engine/refine/train_irn.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/refine/affinity.h"
#include "engine/refine/irn_data.h"
#include "engine/refine/irn_net.h"
#include "engine/train/cancellable_step.h"
#include "engine/train/network_init.h"
#include "engine/train/sgd.h"
#include "engine/train/train_loop.h"

namespace amr::refine {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void require(bool ok, const std::string& what) {
    if (!ok)
        throw Error("train-irn options: " + what);
}

// Every JSON-settable field as (key, reference); keys = field names.
template <class F>
void fields(TrainIrnOptions& o, F&& f) {
    f("dataset", o.dataset);
    f("split", o.split);
    f("output", o.output);
    f("init", o.init);
    f("metrics", o.metrics);
    f("depth", o.depth);
    f("layout", o.layout);
    f("base_width", o.base_width);
    f("blocks", o.blocks);
    f("batch", o.batch);
    f("crop", o.crop);
    f("epochs", o.epochs);
    f("weight_decay", o.weight_decay);
    f("momentum", o.momentum);
    f("poly_power", o.poly_power);
    f("flip", o.flip);
    f("seed", o.seed);
    f("loader_threads", o.loader_threads);
    f("device", o.device);
    f("resume", o.resume);
    f("max_steps", o.max_steps);
    f("seeds", o.seeds);
    f("radius", o.radius);
    f("lr_edge", o.lr_edge);
    f("lr_displacement", o.lr_displacement);
    f("displacement", o.displacement);
    f("scale_low", o.scale_low);
    f("scale_high", o.scale_high);
}

template <class T>
void read_value(const json& j, T& v) {
    v = j.get<T>();
}
void read_value(const json& j, fs::path& v) {
    v = j.get<std::string>();
}
template <class T>
json write_value(const T& v) {
    return json(v);
}
json write_value(const fs::path& v) {
    return json(v.string());
}

double scalar(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).item<double>();
}

void save_resume(const fs::path& file, IrnNet& net, const train::Sgd& sgd, long step, long total,
                 const std::string& options_json) {
    nn::NamedTensors tensors;
    for (auto& [name, t] : nn::named_state(*net))
        if (name.rfind("backbone.", 0) != 0)  // frozen: rebuilt from the init every time
            tensors.emplace_back("model." + name, t);
    for (auto& item : sgd.state())
        tensors.push_back(std::move(item));
    json meta = {{"format", "amr-studio-train-state"},
                 {"stage", "irn"},
                 {"step", step},
                 {"total_steps", total},
                 {"options", json::parse(options_json)}};
    nn::save_checkpoint(file, tensors, meta.dump());
}

long load_resume(const fs::path& file, IrnNet& net, train::Sgd& sgd, long total,
                 const std::string& options_json, const torch::Device& device) {
    auto ck = nn::read_checkpoint(file);
    json meta;
    try {
        meta = json::parse(ck.metadata);
    } catch (const json::exception&) {
        throw Error(file, "the resume state's metadata is not valid JSON");
    }
    if (meta.value("format", "") != "amr-studio-train-state" || meta.value("stage", "") != "irn")
        throw Error(file, "is not a train-irn resume state");
    if (meta.value("total_steps", 0L) != total)
        throw Error(file, "was saved for " + std::to_string(meta.value("total_steps", 0L)) +
                              " steps in total, this run has " + std::to_string(total) +
                              "; start afresh without --resume");
    const json now = json::parse(options_json);
    const json& then = meta["options"];
    for (const auto& [key, value] : now.items()) {
        if (key == "resume" || key == "max_steps" || key == "loader_threads" || key == "device" ||
            key == "metrics")
            continue;
        if (!then.contains(key) || then[key] != value)
            throw Error(file, "was saved with option '" + key +
                                  "' = " + (then.contains(key) ? then[key].dump() : "(none)") +
                                  ", this run has " + value.dump() +
                                  "; use the same options, or start afresh without --resume");
    }
    nn::NamedTensors model, optim;
    for (auto& [name, t] : ck.tensors) {
        if (name.rfind("model.", 0) == 0)
            model.emplace_back(name.substr(6), t);
        else
            optim.emplace_back(name, t);
    }
    nn::StateLoadOptions lo;
    lo.allow_missing = true;  // the backbone
    auto report = nn::load_state(*net, model, file, lo);
    for (const auto& name : report.missing)
        if (name.rfind("backbone.", 0) != 0)
            throw Error(file, "the resume state lacks '" + name + "'");
    sgd.load_state(optim, device);
    return meta.value("step", 0L);
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
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(source, std::string("not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw Error(source, "train-irn options must be a JSON object");
    for (const auto& [key, value] : j.items()) {
        bool known = false;
        fields(o, [&](const char* k, auto& field) {
            if (key != k)
                return;
            known = true;
            try {
                read_value(value, field);
            } catch (const json::exception&) {
                throw Error(source,
                            "option '" + key + "' has the wrong type (" + value.type_name() + ")");
            }
        });
        if (!known)
            throw Error(source, "unknown train-irn option '" + key + "'");
    }
}

std::string to_json(const TrainIrnOptions& o) {
    json j = json::object();
    fields(const_cast<TrainIrnOptions&>(o),
           [&](const char* key, auto& value) { j[key] = write_value(value); });
    return j.dump();
}

train::TrainResult train_irn(const TrainIrnOptions& requested, const JobContext& ctx,
                             const train::MetricsSink& metrics) {
    using Clock = std::chrono::steady_clock;
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
    const std::string options_json = to_json(options);

    const long per_epoch = static_cast<long>(indices.size()) / options.batch;
    const long total = per_epoch * options.epochs;
    train::TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    long step = 0;
    if (train::will_resume(options)) {
        step = load_resume(options.resume_path(), net, sgd, total, options_json, device);
        result.resumed_from = step;
    }

    std::ofstream jsonl = train::open_metrics(options, result.resumed_from >= 0);

    IrnAugment aug;
    aug.seeds = options.seeds;
    aug.crop = options.crop;
    aug.scale_low = options.scale_low;
    aug.scale_high = options.scale_high;
    aug.flip = options.flip;
    aug.layout = backbone.layout;

    net->train();
    double step_time = 0;
    long steps_this_run = 0;
    const auto run_start = Clock::now();
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
                save_resume(options.resume_path(), net, sgd, step, total, options_json);
                throw Cancelled();
            }
            const auto t0 = Clock::now();
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
                save_resume(options.resume_path(), net, sgd, step, total, options_json);
                throw;
            } catch (const c10::Error& e) {
                if (std::string(e.what()).find("out of memory") != std::string::npos)
                    throw Error("train-irn ran out of " + result.device +
                                " memory; use a smaller --batch or --crop");
                throw;
            }
            ++step;
            ++steps_this_run;
            const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
            step_time = steps_this_run == 1 ? dt : 0.9 * step_time + 0.1 * dt;
            p.stage = "irn";
            p.step = step;
            p.total_steps = total;
            p.epoch = epoch + 1;
            p.epochs = options.epochs;
            for (auto& g : sgd.groups())
                p.lr.emplace_back(g.name, g.lr);
            p.images_per_s = step_time > 0 ? options.batch / step_time : 0;
            p.eta_s = step_time * static_cast<double>(total - step);
            result.last_loss = p.loss;

            train::publish_step(p, jsonl, metrics, ctx, train::epoch_message(p));
        }
        if (step % per_epoch == 0 && step < total)
            save_resume(options.resume_path(), net, sgd, step, total, options_json);
    }

    const double elapsed = std::chrono::duration<double>(Clock::now() - run_start).count();
    result.steps = step;
    result.images_per_s = elapsed > 0 ? steps_this_run * options.batch / elapsed : 0;
    if (step < total) {
        save_resume(options.resume_path(), net, sgd, step, total, options_json);
        result.resume = options.resume_path();
        return result;
    }
    nn::ModelMeta meta = irn_meta(backbone);
    meta.labels = {};
    meta.provenance = "amr train-irn on " + options.dataset.string() + " (" + options.split +
                      "), seeds " + options.seeds.string() + ", " + std::to_string(options.epochs) +
                      " epochs";
    nn::save_checkpoint(options.output, *net, meta);
    std::error_code ec;
    fs::remove(options.resume_path(), ec);
    result.output = options.output;
    result.finished = true;
    return result;
}

}  // namespace amr::refine
