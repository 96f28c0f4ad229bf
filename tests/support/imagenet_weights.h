#pragma once
// The offline ImageNet ResNet-50 for tests that train real networks.

#include <filesystem>

namespace amr::test {

// The folder holding the real weights cache: $AMR_TEST_WEIGHTS_DIR (set by tests/CMakeLists.txt
// to the account's cache, since every test runs with a scratch HOME), else the engine's default.
std::filesystem::path weights_cache_dir();

// The imported ImageNet ResNet-50 (caffe layout) from that folder; imported from the cached npm
// package into `scratch` when only that is there; empty when neither exists (the caller skips).
std::filesystem::path imagenet_weights(const std::filesystem::path& scratch);

}  // namespace amr::test
