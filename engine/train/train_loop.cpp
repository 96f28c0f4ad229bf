#include "engine/train/train_loop.h"

#include <chrono>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/train/cancellable_step.h"
#include "engine/train/resume_state.h"

namespace amr::train {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

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

void StepClock::step_done() {
    const double dt = std::chrono::duration<double>(Clock::now() - step_start_).count();
    ++steps_;
    smoothed_ = steps_ == 1 ? dt : 0.9 * smoothed_ + 0.1 * dt;
}

double StepClock::run_images_per_s(double images_per_step) const {
    const double elapsed = std::chrono::duration<double>(Clock::now() - run_start_).count();
    return elapsed > 0 ? static_cast<double>(steps_) * images_per_step / elapsed : 0;
}

void rethrow_step_error(const c10::Error& e, const std::string& what, const std::string& device) {
    if (std::string(e.what()).find("out of memory") != std::string::npos)
        throw Error(what + " ran out of " + device + " memory; use a smaller --batch or --crop");
    throw;
}

void finish_run(TrainResult& result, const TrainCommonOptions& options,
                const torch::nn::Module& model, const nn::ModelMeta& meta) {
    nn::save_checkpoint(options.output, model, meta);
    std::error_code ec;
    fs::remove(options.resume_path(), ec);
    result.output = options.output;
    result.finished = true;
}

TrainResult run_training(const TrainCommonOptions& options, const data::Dataset& dataset,
                         const std::vector<std::size_t>& indices, nn::ResNetLayout layout,
                         Stage& stage, const torch::Device& device, const JobContext& ctx,
                         const MetricsSink& metrics) {
    const long per_epoch = static_cast<long>(indices.size()) / options.batch;  // drop_last
    const long total = per_epoch * options.epochs;

    TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    const ResumeState resume(stage.name, stage.options_json);
    long step = resume.start(options, *stage.model, {stage.sgd}, total, device, result);
    auto save_resume = [&] {
        resume.save(options.resume_path(), *stage.model, {stage.sgd}, step, total);
    };

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
    StepClock clock;
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
                save_resume();
                throw Cancelled();
            }
            clock.step_started();
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
                save_resume();
                throw;
            } catch (const c10::Error& e) {
                rethrow_step_error(e, "training", result.device);
            }
            ++step;
            clock.step_done();

            p.stage = stage.name;
            p.step = step;
            p.total_steps = total;
            p.epoch = epoch + 1;
            p.epochs = options.epochs;
            for (auto& g : stage.sgd->groups())
                p.lr.emplace_back(g.name, g.lr);
            p.images_per_s = clock.images_per_s(options.batch);
            p.eta_s = clock.eta_s(total - step);
            result.last_loss = p.loss;

            publish_step(p, jsonl, metrics, ctx, epoch_message(p));
        }
        if (step % per_epoch == 0 && step < total)
            save_resume();
    }

    result.steps = step;
    result.images_per_s = clock.run_images_per_s(options.batch);
    if (step < total) {  // stopped by max_steps: leave a resume state
        save_resume();
        result.resume = options.resume_path();
        return result;
    }
    finish_run(result, options, *stage.model, stage.meta);
    return result;
}

}  // namespace amr::train
