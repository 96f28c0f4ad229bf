#pragma once
// Bottleneck ResNets (50, 101, or any block counts and widths) in the two layouts whose
// ImageNet weights exist, with frozen BatchNorms (docs/method.md §2.1), configurable per-stage
// strides and dilations, and optionally an AMM in every bottleneck (the compensation branch, §2.3).
// Module names follow torchvision (conv1, bn1, layer1.0.conv1, layer1.0.downsample.0, fc), so
// torchvision state dicts load by name.

#include <array>
#include <string>

#include <torch/torch.h>

#include "engine/nn/amm.h"
#include "engine/nn/fixed_batch_norm.h"

namespace amr::nn {

enum class ResNetLayout {
    // torchvision ("v1.5"): stride on the 3×3 conv, BN eps 1e-5, input RGB/255, ImageNet mean/std.
    kTorchvision,
    // Caffe / Keras ("v1"): stride on the first 1×1 conv and on the downsample, BN eps 1e-3,
    // input BGR minus the mean pixel (103.939, 116.779, 123.68), no scaling.
    kCaffe,
};

std::string to_string(ResNetLayout layout);              // "torchvision", "caffe"
ResNetLayout parse_resnet_layout(const std::string& s);  // throws amr::Error

// Where a bottleneck puts its stride, apart from the layout's input convention: "v1" (Caffe, the
// ResNet paper) on the first 1×1 conv, "v1.5" (torchvision, the official AMR code) on the 3×3.
// Both have the same tensor names and shapes, so only the checkpoint's record (or the user) can
// tell them apart (docs/method.md §2.6).
enum class BlockVersion {
    kFromLayout,  // v1 for kCaffe, v1.5 for kTorchvision
    kV1,
    kV1_5,
};
std::string to_string(BlockVersion v);                   // "layout", "v1", "v1.5"
BlockVersion parse_block_version(const std::string& s);  // "v1" or "v1.5"; throws amr::Error

struct ResNetOptions {
    int depth = 50;               // 50 ([3,4,6,3]) or 101 ([3,4,23,3]); ignored when blocks is set
    std::array<int, 4> blocks{};  // custom blocks per stage (all > 0) or all zero = from depth
    int64_t base_width = 64;      // stem channels and layer1 mid width; 64 = standard, 8 = tiny
    ResNetLayout layout = ResNetLayout::kTorchvision;
    BlockVersion block = BlockVersion::kFromLayout;
    std::array<int, 4> strides{1, 2, 2, 2};    // layer1..layer4
    std::array<int, 4> dilations{1, 1, 1, 1};  // of every 3×3 conv in layer1..layer4
    double bn_eps = 0;                         // 0 = the layout's (1e-5 torchvision, 1e-3 caffe)
    bool freeze_stem = true;  // conv1 + bn1 get requires_grad = false (docs/method.md §2.1)
    bool with_amm = false;    // an AMM in every bottleneck (after bn3, before the shortcut add)
    AmmOptions amm;           // channels is set per block
    int64_t num_classes = 0;  // > 0: an fc head (GAP + Linear), e.g. 1000 for ImageNet

    // ImageNet classifier (output stride 32).
    static ResNetOptions imagenet(int depth, ResNetLayout layout);
    // CAM backbone: strides (1,2,2,1) after the stem = output stride 16, no head (docs/method.md
    // §2.1).
    static ResNetOptions cam(int depth, ResNetLayout layout);

    void check() const;  // throws amr::Error naming the bad field
    std::array<int, 4> stage_blocks() const;
    double effective_bn_eps() const;
    bool stride_on_1x1() const;  // the block version (v1) after kFromLayout is resolved
    int64_t out_channels() const { return base_width * 8 * 4; }  // after layer4
    int output_stride() const;                                   // 4 · product of strides
};

class BottleneckImpl : public torch::nn::Module {
public:
    // in -> mid -> mid -> 4·mid. A downsample is added when stride != 1 or in != 4·mid.
    BottleneckImpl(int64_t in_channels, int64_t mid_channels, int stride, int dilation,
                   const ResNetOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    FixedBatchNorm bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
    torch::nn::Sequential downsample{nullptr};  // conv 1×1 ("0") + FixedBN ("1"), or null
    Amm amm{nullptr};                           // or null
};
TORCH_MODULE(Bottleneck);

class ResNetImpl : public torch::nn::Module {
public:
    explicit ResNetImpl(const ResNetOptions& options);

    // conv1, bn1, ReLU, 3×3/2 max-pool: stride 4, base_width channels.
    torch::Tensor stem(const torch::Tensor& x);
    // layer(i), i = 1..4.
    torch::nn::Sequential& layer(int i);
    // stem + layer1..4 -> B × out_channels × ⌈h/os⌉ × ⌈w/os⌉.
    torch::Tensor features(const torch::Tensor& x);
    // features() or, with an fc head, the class logits (B × num_classes).
    torch::Tensor forward(const torch::Tensor& x);

    const ResNetOptions& options() const { return options_; }

    torch::nn::Conv2d conv1{nullptr};
    FixedBatchNorm bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
    torch::nn::Linear fc{nullptr};  // only when num_classes > 0

private:
    ResNetOptions options_;
};
TORCH_MODULE(ResNet);

// Turns RGB pixel values in [0, 255] (B×3×H×W float, channel order R,G,B) into the input the
// layout's ImageNet weights expect.
torch::Tensor normalize_input(const torch::Tensor& rgb255, ResNetLayout layout);

}  // namespace amr::nn
