#pragma once
// Building the CAM backbones from training options and filling them with ImageNet weights.

#include <string>

#include "engine/nn/checkpoint.h"
#include "engine/train/train_options.h"

namespace amr::train {

// The ImageNet checkpoint the options ask for: "" = the default import, "none" = no file.
std::filesystem::path imagenet_init_path(const TrainCommonOptions& options);

// A CAM backbone (output stride 16) for the options; with an ImageNet checkpoint its layout
// comes from it and its shape must match (amr::Error naming the checkpoint otherwise).
// `imagenet` receives the checkpoint when one is used.
nn::ResNetOptions cam_backbone(const TrainCommonOptions& options, nn::Checkpoint* imagenet,
                               std::filesystem::path* imagenet_file);

// Loads an ImageNet ResNet checkpoint into the ResNet registered under `prefix` in `module`;
// only tensors of that ResNet may stay missing when `allow_amm` (the AMMs).
void load_imagenet(torch::nn::Module& module, const nn::Checkpoint& imagenet,
                   const std::filesystem::path& file, const std::string& prefix, bool allow_amm);

}  // namespace amr::train
