#include "engine/nn/amm.h"

#include <cmath>
#include <numbers>

#include "engine/core/error.h"
#include "engine/nn/amm_stats.h"

namespace amr::nn {

void AmmOptions::check() const {
    if (channels <= 0)
        throw Error("AMM options: channels must be positive (got " + std::to_string(channels) +
                    ")");
    if (reduction <= 0)
        throw Error("AMM options: reduction must be positive (got " + std::to_string(reduction) +
                    ")");
    if (!(sigma_floor > 0) || !std::isfinite(sigma_floor))
        throw Error("AMM options: sigma_floor must be a positive finite number");
}

torch::Tensor gaussian_modulation(const torch::Tensor& x, double sigma_floor, bool unit_peak,
                                  bool per_sample) {
    TORCH_CHECK(x.numel() > 0, "gaussian_modulation: empty tensor");
    torch::Tensor mu;
    torch::Tensor sigma;
    {
        // Detached statistics (constants for autograd) over the whole batch tensor, or over each
        // sample's entries: one row of `flat` per group, broadcast back to x's shape.
        torch::NoGradGuard no_grad;
        const auto d = x.detach();
        const auto& reducer = amm_stats_reducer();
        if (reducer && !per_sample) {
            // Over the global batch (docs/distributed.md): sums across the processes.
            const int64_t n = d.numel();
            const auto dd = d.to(torch::kFloat64);
            auto sums = torch::stack({dd.sum(), dd.pow(2).sum(),
                                      torch::tensor(static_cast<double>(n), torch::kFloat64)});
            reducer(sums);
            const double total = sums[2].item<double>();
            auto m = sums[0] / total;
            auto var = total > 1 ? (sums[1] - total * m * m) / (total - 1) : torch::zeros_like(m);
            mu = m.to(d.scalar_type());
            sigma = var.clamp_min(0).sqrt().to(d.scalar_type()).clamp_min(sigma_floor);
        } else {
            TORCH_CHECK(!per_sample || x.dim() > 0,
                        "gaussian_modulation: per-sample needs samples");
            const int64_t rows = per_sample ? x.size(0) : 1;
            std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
            if (per_sample)
                shape[0] = rows;
            const auto flat = d.reshape({rows, -1});
            const int64_t n = flat.size(1);
            mu = flat.mean(1, true);
            sigma = n > 1 ? ((flat - mu).pow(2).sum(1, true) / static_cast<double>(n - 1)).sqrt()
                          : torch::zeros_like(mu);
            mu = mu.view(shape);
            sigma = sigma.clamp_min(sigma_floor).view(shape);
        }
    }
    auto g = torch::exp(-(x - mu).pow(2) / (2.0 * sigma * sigma));
    if (unit_peak)
        return g;
    const double inv_sqrt_2pi = 1.0 / std::sqrt(2.0 * std::numbers::pi);
    return g * (inv_sqrt_2pi / sigma);
}

ChannelAmmImpl::ChannelAmmImpl(const AmmOptions& options) : options_(options) {
    options_.check();
    const int64_t c = options_.channels;
    const int64_t hidden = std::max<int64_t>(1, c / options_.reduction);
    // Index 0 is a Flatten and 2 the ReLU, as in the official code: the Linears are mlp.1, mlp.3.
    mlp = register_module("mlp",
                          torch::nn::Sequential(torch::nn::Flatten(), torch::nn::Linear(c, hidden),
                                                torch::nn::ReLU(), torch::nn::Linear(hidden, c)));
}

torch::Tensor ChannelAmmImpl::gate(const torch::Tensor& x) {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == options_.channels, "ChannelAMM expects B×",
                options_.channels, "×h×w, got ", x.sizes());
    return gaussian_modulation(mlp->forward(x.mean({2, 3})), options_.sigma_floor,
                               options_.unit_peak, options_.per_sample_stats);
}

torch::Tensor ChannelAmmImpl::forward(const torch::Tensor& x) {
    auto a = gate(x);
    return x * a.view({x.size(0), x.size(1), 1, 1});
}

SpatialGateImpl::SpatialGateImpl(const AmmOptions& options) : options_(options) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(2, 1, 7).padding(3).bias(false)));
    bn = register_module(
        "bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(1).eps(1e-5).momentum(0.01)));
}

torch::Tensor SpatialGateImpl::forward(const torch::Tensor& pooled) {
    auto s = conv->forward(pooled);
    const auto& o = bn->options;
    if (options_.per_sample_stats) {
        // An instance norm with the BatchNorm's affine parameters; running statistics unused.
        return torch::instance_norm(s, bn->weight, bn->bias, torch::Tensor(), torch::Tensor(),
                                    /*use_input_stats=*/true, 0.0, o.eps(), false);
    }
    const bool batch_stats = options_.spatial_bn_batch_stats || is_training();
    if (!batch_stats) {
        return torch::batch_norm(s, bn->weight, bn->bias, bn->running_mean, bn->running_var,
                                 /*training=*/false, 0.0, o.eps(), true);
    }
    // Running statistics move only in train(), and only when the batch has more than one value
    // (the unbiased variance of a single value would write NaN into running_var).
    const bool update = is_training() && s.numel() > 1;
    if (const auto& reducer = amm_stats_reducer(); reducer && is_training()) {
        if (update) {
            torch::NoGradGuard no_grad;
            bn->num_batches_tracked.add_(1);
        }
        return global_batch_norm(s, bn->weight, bn->bias,
                                 update ? bn->running_mean : torch::Tensor(),
                                 update ? bn->running_var : torch::Tensor(),
                                 o.momentum().value_or(0.01), o.eps(), reducer);
    }
    if (update) {
        torch::NoGradGuard no_grad;
        bn->num_batches_tracked.add_(1);
    }
    return torch::batch_norm(s, bn->weight, bn->bias, update ? bn->running_mean : torch::Tensor(),
                             update ? bn->running_var : torch::Tensor(), /*training=*/true,
                             o.momentum().value_or(0.01), o.eps(), true);
}

SpatialAmmImpl::SpatialAmmImpl(const AmmOptions& options) : options_(options) {
    options_.check();
    spatial = register_module("spatial", SpatialGate(options_));
}

torch::Tensor SpatialAmmImpl::gate(const torch::Tensor& x) {
    TORCH_CHECK(x.dim() == 4, "SpatialAMM expects a B×C×h×w tensor, got ", x.sizes());
    // Channel 0 = max over channels, channel 1 = mean over channels (official order).
    auto pooled = torch::cat({std::get<0>(x.max(1, true)), x.mean(1, true)}, 1);
    return gaussian_modulation(spatial->forward(pooled), options_.sigma_floor, options_.unit_peak,
                               options_.per_sample_stats);
}

torch::Tensor SpatialAmmImpl::forward(const torch::Tensor& x) {
    return x * gate(x);
}

AmmImpl::AmmImpl(const AmmOptions& options) : options_(options) {
    options_.check();
    channel = register_module("ChannelAMM", ChannelAmm(options_));
    spatial = register_module("SpatialAMM", SpatialAmm(options_));
    if (options_.identity_start)
        mix = register_parameter("mix", torch::zeros({1}));
}

torch::Tensor AmmImpl::forward(const torch::Tensor& x) {
    auto y = spatial->forward(channel->forward(x));
    if (!mix.defined())
        return y;
    return x + mix * (y - x);
}

}  // namespace amr::nn
