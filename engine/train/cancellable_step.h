#pragma once
// One training step (forward, backward, optimiser step) that Cancel can stop part-way: the
// network's blocks are cancellation points (engine/core/cancel_scope.h). A step stopped before
// its optimiser update leaves the weights as they were; the model's buffers (BatchNorm running
// statistics, which a forward pass in train() mode moves) are put back too, so the resume state
// saved at the cancel equals the state after the last whole step and resuming stays exact.

#include <functional>

#include <torch/torch.h>

#include "engine/core/job.h"

namespace amr::train {

// Runs `step`. When `cancel` fires during it, restores `model`'s buffers and throws Cancelled;
// the caller saves its resume state (at the last whole step) and rethrows.
void run_cancellable_step(torch::nn::Module& model, const CancelToken* cancel,
                          const std::function<void()>& step);

}  // namespace amr::train
