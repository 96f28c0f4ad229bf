#include "engine/train/network_init.h"

#include "engine/core/error.h"
#include "engine/nn/imagenet.h"
#include "engine/nn/key_maps.h"
#include "engine/nn/pth_reader.h"

namespace amr::train {

namespace fs = std::filesystem;

fs::path imagenet_init_path(const TrainCommonOptions& options) {
    if (options.init == "none")
        return {};
    if (!options.init.empty())
        return options.init;
    // The imported weights for this depth: the Keras ResNet-50 (offline) first, then an imported
    // torchvision file (resnet<depth>_imagenet_torchvision.pt, written by `amr import-weights`).
    const fs::path keras = nn::default_imagenet_checkpoint();
    const fs::path torchvision =
        nn::default_weights_dir() /
        ("resnet" + std::to_string(options.depth) + "_imagenet_torchvision.pt");
    if (options.depth == 50 && fs::exists(keras))
        return keras;
    if (fs::exists(torchvision))
        return torchvision;
    return options.depth == 50 ? keras : torchvision;
}

namespace {

// The message for missing ImageNet weights, naming a torchvision download to import if the torch
// hub cache (~/.cache/torch/hub/checkpoints) holds one.
std::string missing_weights_hint(int depth) {
    const std::vector<std::string> names =
        depth == 101 ? std::vector<std::string>{"resnet101-5d3b4d8f.pth", "resnet101-63fe2227.pth"}
                     : std::vector<std::string>{"resnet50-19c8e357.pth", "resnet50-0676ba61.pth"};
    if (auto hub = nn::find_torch_hub_file(names))
        return "ImageNet weights not imported yet; torchvision weights are at " + hub->string() +
               ": run 'amr import-weights " + hub->string() +
               "', or use --init none for a "
               "random initialisation";
    if (depth == 50)
        return "ImageNet weights not found; run 'amr import-weights' first (it converts the "
               "Keras ResNet-50 that packaging/fetch-weights.sh caches), or use --init none for "
               "a random initialisation";
    return "no ImageNet ResNet-" + std::to_string(depth) +
           " weights can be had offline; import a torchvision file (amr import-weights "
           "resnet101-5d3b4d8f.pth), or use --init none for a random initialisation";
}

}  // namespace

nn::ResNetOptions cam_backbone(const TrainCommonOptions& options, nn::Checkpoint* imagenet,
                               fs::path* imagenet_file) {
    auto b = nn::ResNetOptions::cam(options.depth, nn::parse_resnet_layout(options.layout));
    b.base_width = options.base_width;
    b.blocks = options.blocks;
    fs::path file = imagenet_init_path(options);
    if (file.empty())
        return b;
    if (!fs::exists(file)) {
        if (options.init.empty())
            throw nn::MissingWeights(file, missing_weights_hint(options.depth), options.depth);
        throw Error(file, "no such file");
    }
    *imagenet = nn::read_checkpoint(file);
    nn::ModelMeta meta = nn::parse_model_meta(imagenet->metadata, file);
    if (meta.architecture != "resnet")
        throw Error(file,
                    "is a '" + meta.architecture + "' checkpoint, not ImageNet ResNet weights");
    b.layout = meta.backbone.layout;
    if (meta.backbone.stage_blocks() != b.stage_blocks() ||
        meta.backbone.base_width != b.base_width)
        throw Error(file,
                    "holds a ResNet whose depth or width differs from the training options "
                    "(depth " +
                        std::to_string(options.depth) + ", base_width " +
                        std::to_string(options.base_width) + ")");
    *imagenet_file = file;
    return b;
}

void load_imagenet(torch::nn::Module& module, const nn::Checkpoint& imagenet, const fs::path& file,
                   const std::string& prefix, bool allow_amm) {
    nn::StateLoadOptions lo;
    lo.key_map = nn::torchvision_resnet_keys(prefix + "backbone.");
    lo.allow_missing = true;  // the classifier and the other branch are not in the file
    auto report = nn::load_state(module, imagenet.tensors, file, lo);
    for (const auto& name : report.missing) {
        bool ours = name.rfind(prefix + "backbone.", 0) == 0;
        bool amm = name.find(".amm.") != std::string::npos;
        if (ours && !(allow_amm && amm))
            throw Error(file, "lacks the ImageNet tensor '" + name + "'");
    }
}

}  // namespace amr::train
