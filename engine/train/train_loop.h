#pragma once
// The epoch/step loop both stages share (internal to engine/train).

#include <chrono>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

#include <torch/torch.h>

#include "engine/data/dataset.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/batch_loader.h"
#include "engine/train/sgd.h"
#include "engine/train/train.h"

namespace amr::dist {
class Communicator;
}

namespace amr::train {

using LossTerms = std::vector<std::pair<std::string, torch::Tensor>>;

struct Stage {
    std::string name;  // "cam", "amr"
    std::shared_ptr<torch::nn::Module> model;
    Sgd* sgd = nullptr;
    // Total loss (to backpropagate) and its named terms, for one batch already on the device.
    std::function<torch::Tensor(const Batch&, LossTerms&)> loss;
    nn::ModelMeta meta;        // of the final checkpoint
    std::string options_json;  // stored in the resume state
};

torch::Device resolve_device(const std::string& device);
// Whether a resume state will be used (options.resume and the file exists).
bool will_resume(const TrainCommonOptions& options);
// Opens the dataset and returns the split's indices; throws amr::Error when it is too small.
std::vector<std::size_t> training_indices(const data::Dataset& dataset,
                                          const TrainCommonOptions& options);

// The JSON-lines metrics file of a run: appended to when resuming, else started afresh.
std::ofstream open_metrics(const TrainCommonOptions& options, bool resumed);

// The end of every training loop's step (train-cam/amr, train-irn, train-deeplab): appends the
// step's JSON line to the metrics file, hands the step to `metrics`, and reports progress as
// step/total_steps with `message`.
void publish_step(const TrainProgress& p, std::ostream& jsonl, const MetricsSink& metrics,
                  const JobContext& ctx, const std::string& message);
// "epoch 2/8  loss 0.4312  11.7 img/s"
std::string epoch_message(const TrainProgress& p);

// The speed of a run, started when constructed: seconds per step smoothed over this run's steps
// (the first as it is, then 0.9·old + 0.1·new) for the progress line and the ETA, and the
// run's average for the result.
class StepClock {
public:
    void step_started() { step_start_ = Clock::now(); }
    void step_done();
    long steps() const { return steps_; }  // of this run
    double images_per_s(double images_per_step) const {
        return smoothed_ > 0 ? images_per_step / smoothed_ : 0;
    }
    double eta_s(long steps_left) const { return smoothed_ * static_cast<double>(steps_left); }
    double run_images_per_s(double images_per_step) const;

private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point run_start_ = Clock::now();
    Clock::time_point step_start_ = run_start_;
    double smoothed_ = 0;
    long steps_ = 0;
};

// A torch error from a training step: CUDA out-of-memory becomes an amr::Error ("<what> ran out
// of <device> memory; use a smaller --batch or --crop"); anything else is rethrown as it is.
// Call it only inside a catch handler.
[[noreturn]] void rethrow_step_error(const c10::Error& e, const std::string& what,
                                     const std::string& device);

// The end of a run that reached its last step: writes the final checkpoint, removes the resume
// state and marks `result` finished.
void finish_run(TrainResult& result, const TrainCommonOptions& options,
                const torch::nn::Module& model, const nn::ModelMeta& meta);

// The parameters the optimisers update (requires_grad), e.g. for a dist::GradAverager.
std::vector<torch::Tensor> trained_params(std::initializer_list<const Sgd*> optimisers);

// The step loop. In a distributed job (dist::world(), docs/distributed.md) every rank trains on
// its shard of each epoch with batch options.batch (the global batch is the sum), gradients are
// averaged by dist::GradAverager, and rank 0 alone writes the checkpoint, the metrics and the
// resume state; an error of this rank is reported to the others before it is rethrown.
TrainResult run_training(const TrainCommonOptions& options, const data::Dataset& dataset,
                         const std::vector<std::size_t>& indices, nn::ResNetLayout layout,
                         Stage& stage, const torch::Device& device, const JobContext& ctx,
                         const MetricsSink& metrics);

// run_training with an explicit communicator (null: one process).
TrainResult run_training_on(dist::Communicator* comm, const TrainCommonOptions& options,
                            const data::Dataset& dataset, const std::vector<std::size_t>& indices,
                            nn::ResNetLayout layout, Stage& stage, const torch::Device& device,
                            const JobContext& ctx, const MetricsSink& metrics);

}  // namespace amr::train
