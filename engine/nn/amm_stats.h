#pragma once
// Where the AMM's batch statistics come from under data parallelism (docs/distributed.md): by
// default each process uses its own batch (as the official code's DataParallel does on each
// GPU). While an AmmStatsScope with a reducer is alive on this thread's process, the Gaussian
// modulation's μ/σ and the spatial gate's BatchNorm statistics are computed over the global
// batch instead: the reducer sums a small float64 tensor in place across processes (an
// all-reduce). For the BatchNorm, whose statistics carry gradients, the backward pass sums the
// gradients of the statistics likewise, so training equals one process with the global batch.

#include <functional>

#include <torch/torch.h>

namespace amr::nn {

using StatsReducer = std::function<void(torch::Tensor&)>;

// The reducer in force (empty: per-process statistics).
const StatsReducer& amm_stats_reducer();

class AmmStatsScope {
public:
    explicit AmmStatsScope(StatsReducer reducer);
    ~AmmStatsScope();
    AmmStatsScope(const AmmStatsScope&) = delete;
    AmmStatsScope& operator=(const AmmStatsScope&) = delete;

private:
    StatsReducer previous_;
};

// Sum of `t` across processes, differentiable (its backward sums the gradients likewise).
torch::Tensor reduced_sum(const torch::Tensor& t, const StatsReducer& reducer);

// Training-mode batch norm of `x` (B×C×h×w) over the global batch, updating the running
// statistics (momentum, unbiased variance) when they are defined.
torch::Tensor global_batch_norm(const torch::Tensor& x, const torch::Tensor& weight,
                                const torch::Tensor& bias, torch::Tensor running_mean,
                                torch::Tensor running_var, double momentum, double eps,
                                const StatsReducer& reducer);

}  // namespace amr::nn
