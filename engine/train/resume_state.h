#pragma once
// The state a training run leaves in <output>.resume.pt (Ctrl-C, an epoch end, --max-steps) to
// continue exactly where it stopped, for every training stage (train-cam/amr, train-irn,
// train-deeplab): the model's tensors as "model.<name>", the optimisers' momentum buffers as
// "optim.<group>.<name>", and JSON metadata {format, stage, step, total_steps, options}.
// Written atomically (nn::save_checkpoint): a run killed while saving keeps the previous state.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "engine/train/sgd.h"
#include "engine/train/train.h"

namespace amr::train {

struct ResumeState {
    ResumeState(std::string stage_name, std::string options)
        : stage(std::move(stage_name)), options_json(std::move(options)) {}

    std::string stage;         // "cam", "amr", "irn", "deeplab"
    std::string options_json;  // to_json of the run's options: stored, and compared on load
    // Option keys that may differ between the saved run and this one because they do not change
    // the trajectory; resume, max_steps, loader_threads, prefetch, device and metrics always may.
    std::vector<std::string> may_differ;
    // Model tensors under these name prefixes are neither saved nor expected on load (frozen
    // parts rebuilt from the initialisation every run).
    std::vector<std::string> frozen;
    std::string unit = "steps";  // what total_steps counts, for messages ("updates")
    std::string total_from = "epochs, batch size or split";  // options that set it, for messages
    // Processes of a data-parallel run (docs/distributed.md): saved, and a resume with another
    // number is refused (the shards and the global batch would change).
    int world_size = 1;

    void save(const std::filesystem::path& file, const torch::nn::Module& model,
              const std::vector<const Sgd*>& optimisers, long step, long total_steps) const;
    // Loads the model's tensors and the optimisers' buffers; returns the step to continue at.
    // Throws amr::Error naming `file` when it is not a resume state of this stage, or was saved
    // for another number of steps or with other trajectory-changing options.
    long load(const std::filesystem::path& file, torch::nn::Module& model,
              const std::vector<Sgd*>& optimisers, long total_steps,
              const torch::Device& device) const;
    // The step a run starts at: with options.resume and an existing options.resume_path(), the
    // loaded state's (also put in result.resumed_from); else 0.
    long start(const TrainCommonOptions& options, torch::nn::Module& model,
               const std::vector<Sgd*>& optimisers, long total_steps, const torch::Device& device,
               TrainResult& result) const;
};

}  // namespace amr::train
