#include "engine/train/network_init.h"

#include "engine/core/error.h"
#include "engine/nn/imagenet.h"
#include "engine/nn/key_maps.h"

namespace amr::train {

namespace fs = std::filesystem;

fs::path imagenet_init_path(const TrainCommonOptions& options) {
    if (options.init == "none")
        return {};
    if (options.init.empty())
        return nn::default_imagenet_checkpoint();
    return options.init;
}

nn::ResNetOptions cam_backbone(const TrainCommonOptions& options, nn::Checkpoint* imagenet,
                               fs::path* imagenet_file) {
    auto b = nn::ResNetOptions::cam(options.depth, nn::parse_resnet_layout(options.layout));
    b.base_width = options.base_width;
    b.blocks = options.blocks;
    fs::path file = imagenet_init_path(options);
    if (file.empty())
        return b;
    if (!fs::exists(file))
        throw Error(file,
                    "ImageNet weights not found; run 'amr import-weights' first, or use "
                    "--init none for a random initialisation");
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
