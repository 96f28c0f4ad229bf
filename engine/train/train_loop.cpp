#include "engine/train/train_loop.h"

#include <chrono>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/dist/communicator.h"

namespace amr::train {

namespace fs = std::filesystem;
using nlohmann::json;

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
    // Data parallel (docs/distributed.md) when the process joined a distributed job.
    const auto comm = dist::world();
    return dist::reporting_failure(comm.get(), [&] {
        return run_training_on(comm.get(), options, dataset, indices, layout, stage, device, ctx,
                               metrics);
    });
}

}  // namespace amr::train
