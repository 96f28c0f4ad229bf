#pragma once
// IRNet's class-boundary branch (docs/method.md §5.2) on a frozen ImageNet ResNet of output
// stride 16. The displacement branch (instance segmentation only) is not built: with the backbone
// frozen its loss never reaches the edge branch, so semantic pseudo labels do not depend on it.

#include <torch/torch.h>
#include <opencv2/core.hpp>

#include "engine/nn/checkpoint.h"
#include "engine/nn/resnet.h"

namespace amr::refine {

class IrnNetImpl : public torch::nn::Module {
public:
    // `backbone` must have no fc head; its output stride must be 16 (ResNetOptions::cam).
    explicit IrnNetImpl(const nn::ResNetOptions& backbone);

    // Edge logits B×1×⌈H'/4⌉'×… for a normalised B×3×H×W input: the five edge features are
    // brought to stage 2's size (H/4 rounded up through the stem) and fused by a 1×1 conv.
    torch::Tensor forward(const torch::Tensor& x);

    // The head parameters (what train_irn optimises); the backbone never gets gradients.
    std::vector<torch::Tensor> head_parameters() const;
    // Train mode for the heads; the backbone stays in eval mode.
    void train(bool on = true) override;

    const nn::ResNetOptions& backbone_options() const { return options_; }

    nn::ResNet backbone{nullptr};
    torch::nn::Sequential edge1{nullptr}, edge2{nullptr}, edge3{nullptr}, edge4{nullptr},
        edge5{nullptr};
    torch::nn::Conv2d edge6{nullptr};  // 160 → 1, with bias

private:
    nn::ResNetOptions options_;
};
TORCH_MODULE(IrnNet);

// Checkpoint metadata for an IRN (architecture "irn").
nn::ModelMeta irn_meta(const nn::ResNetOptions& backbone);

// How train_irn trained the network, kept in the checkpoint metadata (an "irn" object beside
// the model fields): refine pads the IRN input to the training crop, as the official code does
// by construction (docs/method.md §5.5). 0 = not recorded (checkpoints made before it was).
struct IrnTrainingInfo {
    int crop = 0;
    int radius = 0;
};

// The metadata JSON of an IRN checkpoint: to_json(meta) plus the "irn" object.
std::string irn_metadata_json(const nn::ModelMeta& meta, const IrnTrainingInfo& info);

// Loads a train_irn checkpoint; throws amr::Error naming the file when it is not an "irn" one.
// `info` (optional) receives what the checkpoint records of its training.
IrnNet load_irn(const std::filesystem::path& file, IrnTrainingInfo* info = nullptr);

// Boundary map (docs/method.md §5.5 step 1) of one image: RGB 8-bit (CV_8UC3, channel order R,G,B)
// → B ∈ [0,1], CV_32FC1 of ⌈H/4⌉×⌈W/4⌉, from the flip-merged edge logits of [img, flip(img)].
// The pair is zero-padded at the right/bottom to pad_to × pad_to, as the official
// EdgeDisplacement pads to its crop_size 512 (docs/method.md §5.5): the GroupNorms of the edge
// heads normalise over the whole padded map, so the padding changes the map. Sides above
// pad_to (or pad_to = 0) are padded to a multiple of 16 instead; nothing is ever cropped.
cv::Mat boundary_map(IrnNet& net, const cv::Mat& rgb, const torch::Device& device,
                     int pad_to = 512);

}  // namespace amr::refine
