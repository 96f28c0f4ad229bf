#pragma once
// The two CAM networks of AMR (docs/method.md §2.2–§2.5):
//  - SpotlightNet: a ResNet backbone (no AMM) + a 1×1 conv classifier without bias.
//    logits = W·GAP(f); cam() returns the raw 1×1-conv maps W·f (not ReLU'd, not normalised).
//  - AmrNet: the spotlight net plus a compensation branch, a second ResNet with an AMM in every
//    bottleneck and its own 1×1 classifier W_c. forward() is the train-amr forward with the
//    official detach points.

#include <functional>

#include <torch/torch.h>

#include "engine/nn/checkpoint.h"
#include "engine/nn/resnet.h"

namespace amr::nn {

struct SpotlightOptions {
    ResNetOptions backbone = ResNetOptions::cam(50, ResNetLayout::kTorchvision);
    int64_t num_classes = 20;
    void check() const;  // throws amr::Error; the backbone must have no fc head
};

class SpotlightNetImpl : public torch::nn::Module {
public:
    explicit SpotlightNetImpl(const SpotlightOptions& options);

    // Class logits B×K = W·GAP(features(x)).
    torch::Tensor forward(const torch::Tensor& x);
    // Raw CAMs B×K×h×w = conv1×1(features(x), W); h×w = ⌈H/os⌉×⌈W/os⌉.
    torch::Tensor cam(const torch::Tensor& x);

    torch::Tensor logits_from_features(const torch::Tensor& f);
    torch::Tensor cam_from_features(const torch::Tensor& f);

    const SpotlightOptions& options() const { return options_; }

    ResNet backbone{nullptr};
    torch::nn::Conv2d classifier{nullptr};  // weight K×C×1×1, no bias

private:
    SpotlightOptions options_;
};
TORCH_MODULE(SpotlightNet);

struct AmrNetOptions {
    // Shared by both branches; the compensation branch adds with_amm = true itself.
    ResNetOptions backbone = ResNetOptions::cam(50, ResNetLayout::kTorchvision);
    AmmOptions amm;  // channels are set per block
    // false: the compensation branch is a plain ResNet (the "+CPS only" row of the paper's
    // ablation, docs/method.md §10.2); the AMMs are what makes the two branches differ.
    bool compensation_amm = true;
    int64_t num_classes = 20;
    void check() const;
};

enum class AmrBranch { kSpotlight, kCompensation };

struct AmrOutput {
    torch::Tensor logits_s;  // B×K, no graph (constant)
    torch::Tensor logits_c;  // B×K
    torch::Tensor cam_s;     // B×K×h×w raw maps; differentiable w.r.t. W_s only
    torch::Tensor cam_c;     // B×K×h×w raw maps
};

class AmrNetImpl : public torch::nn::Module {
public:
    explicit AmrNetImpl(const AmrNetOptions& options);

    // The train-amr forward (docs/method.md §3.4). Gradient flow:
    //   spotlight backbone: none (run without a graph, as if every stage output were detached);
    //   logits_s: none; W_s: only through cam_s (the cross pseudo supervision term);
    //   compensation stem + layer1 (and layer1's AMMs): none (its output is detached);
    //   compensation layer2..4, their AMMs and FixedBN γ/β, and W_c: yes.
    // `keep`, when given, turns the spotlight's raw CAMs (B×K×h×w, no graph) into a B×1×h×w
    // multiplier of the compensation branch's layer1 output (train-amr --erase-top: the
    // compensation branch trains with the spotlight's peaks hidden, docs/method.md §10.5).
    using KeepMask = std::function<torch::Tensor(const torch::Tensor& cam_s)>;
    AmrOutput forward(const torch::Tensor& x, const KeepMask& keep = {});

    // Inference CAMs of one branch, raw, B×K×h×w, with no detach anywhere (gradients reach the
    // input, as AdvCAM-style inference needs).
    torch::Tensor cam(const torch::Tensor& x, AmrBranch branch);

    const AmrNetOptions& options() const { return options_; }

    SpotlightNet spotlight{nullptr};
    SpotlightNet compensation{nullptr};

private:
    AmrNetOptions options_;
};
TORCH_MODULE(AmrNet);

// Checkpoint metadata for these nets and back (architecture "spotlight" / "amr"); the *_options
// functions throw amr::Error naming `file` when the metadata is for another architecture.
ModelMeta spotlight_meta(const SpotlightOptions& options);
SpotlightOptions spotlight_options(const ModelMeta& meta, const std::filesystem::path& file);
ModelMeta amr_meta(const AmrNetOptions& options);
AmrNetOptions amr_net_options(const ModelMeta& meta, const std::filesystem::path& file);

}  // namespace amr::nn
