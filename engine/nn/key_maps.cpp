#include "engine/nn/key_maps.h"

namespace amr::nn {
namespace {

// FixedBatchNorm has no num_batches_tracked; the AMM's BatchNorm2d has one.
bool drop_counter(const std::string& name) {
    return name.ends_with(".num_batches_tracked") && name.find(".amm.") == std::string::npos;
}

}  // namespace

KeyMap torchvision_resnet_keys(std::string prefix, bool keep_fc) {
    return
        [prefix = std::move(prefix), keep_fc](const std::string& k) -> std::optional<std::string> {
            if (drop_counter(k))
                return std::nullopt;
            if (!keep_fc && k.starts_with("fc."))
                return std::nullopt;
            return prefix + k;
        };
}

KeyMap official_cam_keys(std::string prefix) {
    return [prefix = std::move(prefix)](const std::string& k) -> std::optional<std::string> {
        if (drop_counter(k))
            return std::nullopt;
        if (k.starts_with("resnet50."))
            return prefix + "backbone." + k.substr(9);
        if (k == "classifier.weight")
            return prefix + k;
        return std::nullopt;
    };
}

KeyMap official_amr_keys() {
    return [](const std::string& k) -> std::optional<std::string> {
        if (drop_counter(k))
            return std::nullopt;
        if (k.starts_with("resnet50_2."))
            return "compensation.backbone." + k.substr(11);
        if (k.starts_with("resnet50."))
            return "spotlight.backbone." + k.substr(9);
        if (k == "classifier.weight")
            return std::string("spotlight.classifier.weight");
        if (k == "classifier2.weight")
            return std::string("compensation.classifier.weight");
        return std::nullopt;
    };
}

}  // namespace amr::nn
