#pragma once
// The epoch/step loop both stages share (internal to engine/train).

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

TrainResult run_training(const TrainCommonOptions& options, const data::Dataset& dataset,
                         const std::vector<std::size_t>& indices, nn::ResNetLayout layout,
                         Stage& stage, const torch::Device& device, const JobContext& ctx,
                         const MetricsSink& metrics);

}  // namespace amr::train
