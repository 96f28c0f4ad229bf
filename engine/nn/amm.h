#pragma once
// The Activation Modulation Module of AMR (docs/method.md §2.3): a CBAM-style channel gate followed
// by a spatial gate, each with its sigmoid replaced by a Gaussian pdf whose mean and standard
// deviation are taken over the whole batch tensor (not per sample) and detached from autograd.
// Submodule names follow the official code (ChannelAMM.mlp.{1,3}, SpatialAMM.spatial.{conv,bn}),
// so official checkpoints load by name.

#include <torch/torch.h>

namespace amr::nn {

struct AmmOptions {
    int64_t channels = 0;    // C of the feature map it modulates
    int64_t reduction = 16;  // MLP hidden width = max(1, C / reduction)
    // The 1-channel BatchNorm of the spatial gate. true (official code, faithful): it always
    // normalises with the statistics of the current batch, in train() and eval() alike; running
    // statistics are updated in train() only and never used. false: a standard BatchNorm (batch
    // statistics in train(), running statistics in eval()).
    bool spatial_bn_batch_stats = true;
    // Lower bound on σ of the Gaussian modulation, see gaussian_modulation().
    double sigma_floor = 1e-5;
    // false (official): the gate is the Gaussian pdf, whose peak 1/(√(2π)σ) scales every
    // modulated block by a factor that depends on σ. true: the gate is exp(−(x−μ)²/(2σ²)), in
    // (0, 1], so a pretrained block is never amplified (docs/method.md §10.2).
    bool unit_peak = false;
    // false (official): the AMM multiplies its input by the two gates from the first step.
    // true: the output is F + m·(AMM(F) − F) with a learnt scalar m that starts at 0, so a
    // pretrained block starts unchanged and the gates come in as m grows (docs/method.md §10.3).
    bool identity_start = false;
    // false (official): μ/σ of the Gaussians and the spatial gate's normalisation use the whole
    // batch, so in training an image's gates depend on the other images of its batch and at
    // inference on its mirror. true: each image's own statistics (an instance norm in the
    // spatial gate), the same in training and inference (docs/method.md §10.4).
    bool per_sample_stats = false;

    void check() const;  // throws amr::Error naming the bad field
};

// G(x; μ, σ) = exp(−(x−μ)² / (2σ²)) / (√(2π)·σ), elementwise, where μ is the mean and σ the
// unbiased (N−1) standard deviation of ALL N entries of x; μ and σ are constants for autograd.
// Degenerate input: when N = 1 the unbiased σ is undefined and is taken as 0; σ is then clamped to
// at least `sigma_floor`. So a constant tensor (σ = 0) or a single entry gives the finite value
// 1/(√(2π)·sigma_floor) everywhere instead of the NaN the official code produces.
// With unit_peak the factor 1/(√(2π)·σ) is left out: the peak is 1. With per_sample, μ and σ are
// taken over each sample's entries (dimension 0 indexes the samples) instead of all of x.
torch::Tensor gaussian_modulation(const torch::Tensor& x, double sigma_floor = 1e-5,
                                  bool unit_peak = false, bool per_sample = false);

// Channel gate: z = spatial mean of F (B×C), a = W2·ReLU(W1·z + b1) + b2, F·G(a) over channels.
class ChannelAmmImpl : public torch::nn::Module {
public:
    explicit ChannelAmmImpl(const AmmOptions& options);
    torch::Tensor forward(const torch::Tensor& x);
    // Gate values A_c (B×C) for the input, for inspection and tests.
    torch::Tensor gate(const torch::Tensor& x);

    torch::nn::Sequential mlp{nullptr};  // Flatten, Linear(C, C/r), ReLU, Linear(C/r, C)

private:
    AmmOptions options_;
};
TORCH_MODULE(ChannelAmm);

// Holds the 7×7 conv (2→1, no bias, pad 3) and the 1-channel BatchNorm of the spatial gate.
class SpatialGateImpl : public torch::nn::Module {
public:
    explicit SpatialGateImpl(const AmmOptions& options);
    // P (B×2×h×w: channel max, channel mean) -> BN(conv(P)) (B×1×h×w), no ReLU.
    torch::Tensor forward(const torch::Tensor& pooled);

    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d bn{nullptr};

private:
    AmmOptions options_;
};
TORCH_MODULE(SpatialGate);

// Spatial gate: s = BN(conv7×7([max_c F, mean_c F])), F·G(s) broadcast over channels.
class SpatialAmmImpl : public torch::nn::Module {
public:
    explicit SpatialAmmImpl(const AmmOptions& options);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor gate(const torch::Tensor& x);  // A_s, B×1×h×w

    SpatialGate spatial{nullptr};

private:
    AmmOptions options_;
};
TORCH_MODULE(SpatialAmm);

// AMM(F) = SpatialAMM(ChannelAMM(F)); the output has the shape of F.
class AmmImpl : public torch::nn::Module {
public:
    explicit AmmImpl(const AmmOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    const AmmOptions& options() const { return options_; }

    ChannelAmm channel{nullptr};  // registered as "ChannelAMM"
    SpatialAmm spatial{nullptr};  // registered as "SpatialAMM"
    torch::Tensor mix;            // "mix", only with identity_start (1 value)

private:
    AmmOptions options_;
};
TORCH_MODULE(Amm);

}  // namespace amr::nn
