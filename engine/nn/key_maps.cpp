#include "engine/nn/key_maps.h"

namespace amr::nn {
namespace {

bool starts_with(const std::string& s, const std::string& p) {
    return s.rfind(p, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// FixedBatchNorm has no num_batches_tracked; the AMM's BatchNorm2d has one.
bool drop_counter(const std::string& name) {
    return ends_with(name, ".num_batches_tracked") && name.find(".amm.") == std::string::npos;
}

}  // namespace

KeyMap torchvision_resnet_keys(std::string prefix, bool keep_fc) {
    return
        [prefix = std::move(prefix), keep_fc](const std::string& k) -> std::optional<std::string> {
            if (drop_counter(k))
                return std::nullopt;
            if (!keep_fc && starts_with(k, "fc."))
                return std::nullopt;
            return prefix + k;
        };
}

KeyMap official_cam_keys(std::string prefix) {
    return [prefix = std::move(prefix)](const std::string& k) -> std::optional<std::string> {
        if (drop_counter(k))
            return std::nullopt;
        if (starts_with(k, "resnet50."))
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
        if (starts_with(k, "resnet50_2."))
            return "compensation.backbone." + k.substr(11);
        if (starts_with(k, "resnet50."))
            return "spotlight.backbone." + k.substr(9);
        if (k == "classifier.weight")
            return std::string("spotlight.classifier.weight");
        if (k == "classifier2.weight")
            return std::string("compensation.classifier.weight");
        return std::nullopt;
    };
}

}  // namespace amr::nn
