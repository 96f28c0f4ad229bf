#pragma once
// DeepLab-v2 (docs/method.md §6.1): a ResNet backbone at output stride 8 (layer3 dilation 2, layer4
// dilation 4), an ASPP head of four 3×3 convolutions (dilation = padding 6/12/18/24, with bias)
// whose logits are summed, and the MSC wrapper (scales 1, 0.5, 0.75; pixel-wise max fusion).
// Tensor names: backbone.* (torchvision ResNet names, so ImageNet imports load by name) and
// aspp.c{0..3}.{weight,bias}. Checkpoints have architecture "deeplab".

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>
#include <opencv2/core.hpp>

#include "engine/nn/checkpoint.h"
#include "engine/nn/resnet.h"

namespace amr::deeplab {

struct DeepLabOptions {
    nn::ResNetOptions backbone = backbone_for(101, nn::ResNetLayout::kCaffe);
    int64_t num_classes = 21;                   // background + foreground classes
    std::array<int, 4> rates{6, 12, 18, 24};    // ASPP dilations
    std::vector<double> msc_scales{0.5, 0.75};  // extra MSC inputs besides 1.0 (training)

    // A backbone at output stride 8, every parameter but the BatchNorms' trainable.
    static nn::ResNetOptions backbone_for(int depth, nn::ResNetLayout layout);
    void check() const;  // throws amr::Error naming the bad field
};

class AsppImpl : public torch::nn::Module {
public:
    AsppImpl(int64_t in_channels, int64_t num_classes, const std::array<int, 4>& rates);
    torch::Tensor forward(const torch::Tensor& x);  // sum of the four branches

    std::vector<torch::nn::Conv2d> convs;  // registered as c0..c3
};
TORCH_MODULE(Aspp);

class DeepLabV2Impl : public torch::nn::Module {
public:
    explicit DeepLabV2Impl(const DeepLabOptions& options);

    // Single-scale logits, B×K×⌈H/8⌉×⌈W/8⌉ (normalised input, see nn::normalize_input).
    torch::Tensor logits(const torch::Tensor& x);
    // The training outputs [l_1.0, l_0.5, l_0.75, l_max]: the pyramid logits at their own size,
    // l_max the max of all of them upsampled (bilinear) to l_1.0's size.
    std::vector<torch::Tensor> forward_msc(const torch::Tensor& x);
    // Evaluation output l_max.
    torch::Tensor forward(const torch::Tensor& x);

    const DeepLabOptions& options() const { return options_; }

    nn::ResNet backbone{nullptr};
    Aspp aspp{nullptr};

private:
    DeepLabOptions options_;
};
TORCH_MODULE(DeepLabV2);

// Bilinear (align_corners = false) resize of B×C×H×W to an exact size.
torch::Tensor resize_bilinear(const torch::Tensor& x, int64_t h, int64_t w);
// The input rescaled by `scale` as PyTorch's interpolate(scale_factor=…) does: ⌊H·s⌋×⌊W·s⌋.
torch::Tensor rescale_bilinear(const torch::Tensor& x, double scale);
// The logit size the backbone gives for an input of h×w pixels.
std::array<int64_t, 2> logit_size(const nn::ResNetOptions& backbone, int64_t h, int64_t w);

nn::ModelMeta deeplab_meta(const DeepLabOptions& options);
DeepLabOptions deeplab_options(const nn::ModelMeta& meta, const std::filesystem::path& file);

struct LoadedDeepLab {
    DeepLabV2 net{nullptr};  // eval mode, on the device
    nn::ModelMeta meta;
};
// Throws amr::Error naming the file when it is not a DeepLab checkpoint of ours.
LoadedDeepLab load_deeplab(const std::filesystem::path& file, const torch::Device& device);

// An 8-bit BGR image as the network's normalised 1×3×H×W input on `device`.
torch::Tensor image_input(const cv::Mat& bgr, nn::ResNetLayout layout, const torch::Device& device);

// Full-resolution inference (docs/method.md §6.3): each scale's logits upsampled to the logit size
// of the full image, max-fused (with the flipped image too when `flip`), upsampled to H×W, softmax.
// Returns 1×K×H×W probabilities on the device.
torch::Tensor predict_probabilities(DeepLabV2& net, const torch::Tensor& input,
                                    const std::vector<double>& scales, bool flip);

// Argmax labels (CV_8UC1) and max probability ×255 rounded (CV_8UC1) of 1×K×H×W probabilities.
void labels_and_confidence(const torch::Tensor& probs, cv::Mat& labels, cv::Mat& confidence);

}  // namespace amr::deeplab
