#include "engine/nn/cam_nets.h"

#include "engine/core/error.h"

namespace amr::nn {

void SpotlightOptions::check() const {
    backbone.check();
    if (backbone.num_classes != 0)
        throw Error("CAM network options: the backbone must have no fc head (num_classes 0)");
    if (num_classes <= 0)
        throw Error("CAM network options: num_classes must be positive (got " +
                    std::to_string(num_classes) + ")");
}

SpotlightNetImpl::SpotlightNetImpl(const SpotlightOptions& options) : options_(options) {
    options_.check();
    backbone = register_module("backbone", ResNet(options_.backbone));
    classifier = register_module(
        "classifier", torch::nn::Conv2d(torch::nn::Conv2dOptions(options_.backbone.out_channels(),
                                                                 options_.num_classes, 1)
                                            .bias(false)));
}

torch::Tensor SpotlightNetImpl::logits_from_features(const torch::Tensor& f) {
    return classifier->forward(f.mean({2, 3}, /*keepdim=*/true)).flatten(1);
}

torch::Tensor SpotlightNetImpl::cam_from_features(const torch::Tensor& f) {
    return classifier->forward(f);
}

torch::Tensor SpotlightNetImpl::forward(const torch::Tensor& x) {
    return logits_from_features(backbone->features(x));
}

torch::Tensor SpotlightNetImpl::cam(const torch::Tensor& x) {
    return cam_from_features(backbone->features(x));
}

void AmrNetOptions::check() const {
    SpotlightOptions s{backbone, num_classes};
    s.check();
    ResNetOptions c = backbone;
    c.with_amm = compensation_amm;
    c.amm = amm;
    c.check();
}

AmrNetImpl::AmrNetImpl(const AmrNetOptions& options) : options_(options) {
    options_.check();
    SpotlightOptions s;
    s.backbone = options_.backbone;
    s.backbone.with_amm = false;
    s.num_classes = options_.num_classes;
    spotlight = register_module("spotlight", SpotlightNet(s));
    SpotlightOptions c = s;
    c.backbone.with_amm = options_.compensation_amm;
    c.backbone.amm = options_.amm;
    compensation = register_module("compensation", SpotlightNet(c));
}

AmrOutput AmrNetImpl::forward(const torch::Tensor& x, const KeepMask& keep) {
    AmrOutput out;
    torch::Tensor f_s;
    torch::Tensor g;
    {
        // No graph at all for the frozen parts: same gradients as detaching each stage output,
        // without keeping their activations.
        torch::NoGradGuard no_grad;
        f_s = spotlight->backbone->features(x);
        out.logits_s = spotlight->logits_from_features(f_s);
        auto& comp = compensation->backbone;
        g = comp->layer1->forward(comp->stem(x));
        if (keep) {
            auto k = keep(spotlight->cam_from_features(f_s));
            g = g * torch::nn::functional::interpolate(
                        k, torch::nn::functional::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{g.size(2), g.size(3)})
                               .mode(torch::kNearest));
        }
    }
    out.cam_s = spotlight->cam_from_features(f_s);
    auto& comp = compensation->backbone;
    auto f_c = comp->layer4->forward(comp->layer3->forward(comp->layer2->forward(g)));
    out.logits_c = compensation->logits_from_features(f_c);
    out.cam_c = compensation->cam_from_features(f_c);
    return out;
}

torch::Tensor AmrNetImpl::cam(const torch::Tensor& x, AmrBranch branch) {
    return branch == AmrBranch::kSpotlight ? spotlight->cam(x) : compensation->cam(x);
}

ModelMeta spotlight_meta(const SpotlightOptions& options) {
    ModelMeta m;
    m.architecture = "spotlight";
    m.backbone = options.backbone;
    m.num_classes = options.num_classes;
    return m;
}

SpotlightOptions spotlight_options(const ModelMeta& meta, const std::filesystem::path& file) {
    if (meta.architecture != "spotlight")
        throw Error(file, "is a checkpoint of architecture '" + meta.architecture +
                              "', not a spotlight (CAM) net");
    SpotlightOptions o;
    o.backbone = meta.backbone;
    o.num_classes = meta.num_classes;
    return o;
}

ModelMeta amr_meta(const AmrNetOptions& options) {
    ModelMeta m;
    m.architecture = "amr";
    m.backbone = options.backbone;
    m.backbone.with_amm = false;  // the spotlight's; the compensation branch adds the AMMs
    m.backbone.amm = options.amm;
    m.compensation_amm = options.compensation_amm;
    m.num_classes = options.num_classes;
    return m;
}

AmrNetOptions amr_net_options(const ModelMeta& meta, const std::filesystem::path& file) {
    if (meta.architecture != "amr")
        throw Error(file,
                    "is a checkpoint of architecture '" + meta.architecture + "', not an AMR net");
    AmrNetOptions o;
    o.backbone = meta.backbone;
    o.amm = meta.backbone.amm;
    o.compensation_amm = meta.compensation_amm;
    o.num_classes = meta.num_classes;
    return o;
}

}  // namespace amr::nn
