#pragma once
// Key maps (for load_state) from the state dicts other programs write to our module names.
// Every map returns std::nullopt for tensors to skip.

#include <string>

#include "engine/nn/checkpoint.h"

namespace amr::nn {

// A torchvision ResNet state dict ("conv1.weight", "layer1.0.bn1.running_mean", ...) into a
// ResNet registered under `prefix` (e.g. "backbone." in a SpotlightNet,
// "compensation.backbone." in an AmrNet, "" for a bare ResNet). `keep_fc` keeps fc.* (ImageNet
// head); otherwise it is dropped. num_batches_tracked is dropped (FixedBatchNorm has none).
KeyMap torchvision_resnet_keys(std::string prefix, bool keep_fc = false);

// The official train_cam checkpoint (res50_cam.pth, docs/method.md §2.6) into a SpotlightNet:
// resnet50.X -> backbone.X, classifier.weight -> classifier.weight; the aliases (stage*,
// backbone.*, newly_added.*) are dropped. With `prefix` = "spotlight." it fills the spotlight
// half of an AmrNet (how train_amr initialises it).
KeyMap official_cam_keys(std::string prefix = "");

// The official train_amr checkpoint (res50_amr.pth) into an AmrNet: resnet50.X ->
// spotlight.backbone.X, resnet50_2.X -> compensation.backbone.X (AMMs included; their BN keeps
// num_batches_tracked), classifier.weight -> spotlight.classifier.weight, classifier2.weight ->
// compensation.classifier.weight; the 1 594 alias keys are dropped.
KeyMap official_amr_keys();

}  // namespace amr::nn
