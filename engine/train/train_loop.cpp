#include "engine/train/train_loop.h"

#include <chrono>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/train/cancellable_step.h"

namespace amr::train {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_oom(const std::exception& e) {
    return std::string(e.what()).find("out of memory") != std::string::npos;
}

void save_resume(const fs::path& file, Stage& stage, long step, long total_steps) {
    nn::NamedTensors tensors;
    for (auto& [name, t] : nn::named_state(*stage.model))
        tensors.emplace_back("model." + name, t);
    for (auto& item : stage.sgd->state())
        tensors.push_back(std::move(item));
    json meta = {{"format", "amr-studio-train-state"},
                 {"stage", stage.name},
                 {"step", step},
                 {"total_steps", total_steps},
                 {"options", json::parse(stage.options_json)}};
    nn::save_checkpoint(file, tensors, meta.dump());
}

// Loads the resume state into the model and optimiser; returns the step to continue at.
long load_resume(const fs::path& file, Stage& stage, long total_steps,
                 const torch::Device& device) {
    auto ck = nn::read_checkpoint(file);
    json meta;
    try {
        meta = json::parse(ck.metadata);
    } catch (const json::exception&) {
        throw Error(file, "the resume state's metadata is not valid JSON");
    }
    if (meta.value("format", "") != "amr-studio-train-state")
        throw Error(file, "is not a training resume state");
    if (meta.value("stage", "") != stage.name)
        throw Error(file, "is the resume state of stage '" + meta.value("stage", "") + "', not '" +
                              stage.name + "'");
    if (meta.value("total_steps", 0L) != total_steps)
        throw Error(file, "was saved for " + std::to_string(meta.value("total_steps", 0L)) +
                              " steps in total, this run has " + std::to_string(total_steps) +
                              " (epochs, batch size or split changed); start afresh without "
                              "--resume");
    // Settings that change the trajectory must match; these may differ between the two runs.
    const json now = json::parse(stage.options_json);
    const json& then = meta["options"];
    for (const auto& [key, value] : now.items()) {
        if (key == "resume" || key == "max_steps" || key == "loader_threads" || key == "prefetch" ||
            key == "device" || key == "metrics")
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
    nn::load_state(*stage.model, model, file);
    stage.sgd->load_state(optim, device);
    return meta.value("step", 0L);
}

double scalar(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).item<double>();
}

}  // namespace

torch::Device resolve_device(const std::string& device) {
    if (device == "cpu")
        return torch::kCPU;
    bool cuda = torch::cuda::is_available();
    if (device == "cuda" && !cuda)
        throw Error("training options: device 'cuda' asked for but no CUDA device is available");
    return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

void publish_step(const TrainProgress& p, std::ostream& jsonl, const MetricsSink& metrics,
                  const JobContext& ctx, const std::string& message) {
    json line = {{"stage", p.stage}, {"step", p.step}, {"total_steps", p.total_steps},
                 {"epoch", p.epoch}, {"loss", p.loss}, {"images_per_s", p.images_per_s},
                 {"eta_s", p.eta_s}};
    for (const auto& [name, v] : p.terms)
        line[name] = v;
    for (const auto& [name, v] : p.lr)
        line["lr_" + name] = v;
    jsonl << line.dump() << '\n';
    jsonl.flush();
    if (metrics)
        metrics(p);
    ctx.report(static_cast<std::size_t>(p.step), static_cast<std::size_t>(p.total_steps), message);
}

std::string epoch_message(const TrainProgress& p) {
    char msg[160];
    std::snprintf(msg, sizeof msg, "epoch %d/%d  loss %.4f  %.1f img/s", p.epoch, p.epochs, p.loss,
                  p.images_per_s);
    return msg;
}

std::ofstream open_metrics(const TrainCommonOptions& options, bool resumed) {
    const fs::path file = options.metrics_path();
    if (!file.parent_path().empty())
        fs::create_directories(file.parent_path());
    std::ofstream out(file, resumed ? std::ios::app : std::ios::trunc);
    if (!out)
        throw Error(file, "cannot be written");
    return out;
}

bool will_resume(const TrainCommonOptions& options) {
    return options.resume && fs::exists(options.resume_path());
}

std::vector<std::size_t> training_indices(const data::Dataset& dataset,
                                          const TrainCommonOptions& options) {
    auto indices = dataset.split(options.split);
    if (indices.empty())
        throw Error(options.dataset, "has no images in split '" + options.split + "'");
    if (static_cast<long>(indices.size()) < options.batch)
        throw Error(options.dataset,
                    "split '" + options.split + "' has " + std::to_string(indices.size()) +
                        " images, fewer than one batch of " + std::to_string(options.batch));
    return indices;
}

TrainResult run_training(const TrainCommonOptions& options, const data::Dataset& dataset,
                         const std::vector<std::size_t>& indices, nn::ResNetLayout layout,
                         Stage& stage, const torch::Device& device, const JobContext& ctx,
                         const MetricsSink& metrics) {
    using Clock = std::chrono::steady_clock;
    const long per_epoch = static_cast<long>(indices.size()) / options.batch;  // drop_last
    const long total = per_epoch * options.epochs;

    TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    long step = 0;
    if (will_resume(options)) {
        step = load_resume(options.resume_path(), stage, total, device);
        result.resumed_from = step;
    }

    std::ofstream jsonl = open_metrics(options, result.resumed_from >= 0);

    AugmentOptions aug;
    aug.crop = options.crop;
    aug.scale_min = options.scale_min;
    aug.scale_max = options.scale_max;
    aug.flip = options.flip;
    aug.color_jitter = options.color_jitter;
    aug.cutout = options.cutout;
    aug.layout = layout;

    stage.model->train();
    double step_time = 0;  // smoothed seconds per step
    long steps_this_run = 0;
    const auto run_start = Clock::now();
    const long stop_at = options.max_steps > 0 ? std::min<long>(total, options.max_steps) : total;

    while (step < stop_at) {
        const int epoch = static_cast<int>(step / per_epoch);
        const int first = static_cast<int>(step % per_epoch);
        const int last = static_cast<int>(std::min<long>(per_epoch, first + (stop_at - step)));
        BatchLoader loader(dataset, epoch_order(indices, options.seed, epoch), options.batch, first,
                           last, aug, options.seed, epoch, options.loader_threads,
                           options.prefetch);
        for (int b = first; b < last; ++b) {
            if (ctx.cancel && ctx.cancel->cancelled()) {
                save_resume(options.resume_path(), stage, step, total);
                throw Cancelled();
            }
            auto t0 = Clock::now();
            Batch batch = loader.next();
            TrainProgress p;
            try {
                run_cancellable_step(*stage.model, ctx.cancel, [&] {
                    batch.images = batch.images.to(device);
                    batch.labels = batch.labels.to(device);
                    stage.sgd->set_poly_lr(step, total, options.poly_power);
                    stage.sgd->zero_grad();
                    LossTerms terms;
                    torch::Tensor loss = stage.loss(batch, terms);
                    loss.backward();
                    stage.sgd->step();
                    p.loss = scalar(loss);
                    for (auto& [name, t] : terms)
                        p.terms.emplace_back(name, scalar(t));
                });
            } catch (const Cancelled&) {
                save_resume(options.resume_path(), stage, step, total);
                throw;
            } catch (const c10::Error& e) {
                if (is_oom(e))
                    throw Error("training ran out of " + result.device +
                                " memory; use a smaller --batch or --crop");
                throw;
            }
            ++step;
            ++steps_this_run;
            double dt = std::chrono::duration<double>(Clock::now() - t0).count();
            step_time = steps_this_run == 1 ? dt : 0.9 * step_time + 0.1 * dt;

            p.stage = stage.name;
            p.step = step;
            p.total_steps = total;
            p.epoch = epoch + 1;
            p.epochs = options.epochs;
            for (auto& g : stage.sgd->groups())
                p.lr.emplace_back(g.name, g.lr);
            p.images_per_s = step_time > 0 ? options.batch / step_time : 0;
            p.eta_s = step_time * static_cast<double>(total - step);
            result.last_loss = p.loss;

            publish_step(p, jsonl, metrics, ctx, epoch_message(p));
        }
        if (step % per_epoch == 0 && step < total)
            save_resume(options.resume_path(), stage, step, total);
    }

    double elapsed = std::chrono::duration<double>(Clock::now() - run_start).count();
    result.steps = step;
    result.images_per_s = elapsed > 0 ? steps_this_run * options.batch / elapsed : 0;
    if (step < total) {  // stopped by max_steps: leave a resume state
        save_resume(options.resume_path(), stage, step, total);
        result.resume = options.resume_path();
        return result;
    }
    nn::save_checkpoint(options.output, *stage.model, stage.meta);
    std::error_code ec;
    fs::remove(options.resume_path(), ec);
    result.output = options.output;
    result.finished = true;
    return result;
}

}  // namespace amr::train
