#include "engine/nn/amm_stats.h"

#include <torch/csrc/autograd/custom_function.h>

namespace amr::nn {

namespace {

StatsReducer& current() {
    static StatsReducer reducer;
    return reducer;
}

struct ReducedSum : torch::autograd::Function<ReducedSum> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& t,
                                 const StatsReducer* reducer) {
        ctx->saved_data["reducer"] = reinterpret_cast<int64_t>(reducer);
        auto out = t.to(torch::kFloat64).clone();
        (*reducer)(out);
        return out.to(t.scalar_type());
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        auto* reducer = reinterpret_cast<const StatsReducer*>(ctx->saved_data["reducer"].toInt());
        auto g = grads[0].to(torch::kFloat64).clone();
        (*reducer)(g);
        return {g.to(grads[0].scalar_type()), torch::Tensor()};
    }
};

}  // namespace

const StatsReducer& amm_stats_reducer() {
    return current();
}

AmmStatsScope::AmmStatsScope(StatsReducer reducer) : previous_(std::move(current())) {
    current() = std::move(reducer);
}

AmmStatsScope::~AmmStatsScope() {
    current() = std::move(previous_);
}

torch::Tensor reduced_sum(const torch::Tensor& t, const StatsReducer& reducer) {
    return ReducedSum::apply(t, &reducer);
}

torch::Tensor global_batch_norm(const torch::Tensor& x, const torch::Tensor& weight,
                                const torch::Tensor& bias, torch::Tensor running_mean,
                                torch::Tensor running_var, double momentum, double eps,
                                const StatsReducer& reducer) {
    // Per-channel sums and count, summed over the processes in one all-reduce.
    const auto xd = x.to(torch::kFloat64);
    const int64_t c = x.size(1);
    auto local = torch::cat(
        {xd.sum({0, 2, 3}), xd.pow(2).sum({0, 2, 3}),
         torch::full({1}, static_cast<double>(x.numel() / c), xd.options().requires_grad(false))});
    auto global = reduced_sum(local, reducer);
    auto n = global[2 * c].detach();
    auto mean = global.narrow(0, 0, c) / n;
    auto var = global.narrow(0, c, c) / n - mean * mean;  // biased, for normalising
    if (running_mean.defined() && running_var.defined()) {
        torch::NoGradGuard no_grad;
        const double count = n.item<double>();
        auto unbiased = var.detach() * (count / std::max(1.0, count - 1));
        running_mean.mul_(1 - momentum)
            .add_(mean.detach().to(running_mean.scalar_type()), momentum);
        running_var.mul_(1 - momentum).add_(unbiased.to(running_var.scalar_type()), momentum);
    }
    auto shape = std::vector<int64_t>{1, c, 1, 1};
    auto y = (xd - mean.view(shape)) / (var.view(shape) + eps).sqrt();
    y = y.to(x.scalar_type());
    if (weight.defined())
        y = y * weight.view(shape);
    if (bias.defined())
        y = y + bias.view(shape);
    return y;
}

}  // namespace amr::nn
