#include "engine/deeplab/deeplab_net.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/nn/fixed_batch_norm.h"

namespace amr::deeplab {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

nn::ResNetOptions DeepLabOptions::backbone_for(int depth, nn::ResNetLayout layout) {
    nn::ResNetOptions b;
    b.depth = depth;
    b.layout = layout;
    b.strides = {1, 2, 1, 1};
    b.dilations = {1, 1, 2, 4};
    b.freeze_stem = false;  // deeplab-pytorch trains every conv weight, the stem's too
    return b;
}

void DeepLabOptions::check() const {
    backbone.check();
    if (backbone.num_classes != 0 || backbone.with_amm)
        throw Error("DeepLab options: the backbone must have no fc head and no AMM");
    if (num_classes < 2 || num_classes > 255)
        throw Error("DeepLab options: num_classes must be in [2, 255] (got " +
                    std::to_string(num_classes) + ")");
    for (int r : rates)
        if (r < 1 || r > 64)
            throw Error("DeepLab options: ASPP rates must be in [1, 64]");
    for (double s : msc_scales)
        if (!(s > 0 && s <= 4))
            throw Error("DeepLab options: MSC scales must be in (0, 4]");
}

AsppImpl::AsppImpl(int64_t in_channels, int64_t num_classes, const std::array<int, 4>& rates) {
    for (int i = 0; i < 4; ++i) {
        auto c = torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, num_classes, 3)
                                       .padding(rates[i])
                                       .dilation(rates[i])
                                       .bias(true));
        torch::NoGradGuard no_grad;
        c->weight.normal_(0, 0.01);
        c->bias.zero_();
        convs.push_back(register_module("c" + std::to_string(i), c));
    }
}

torch::Tensor AsppImpl::forward(const torch::Tensor& x) {
    auto y = convs[0]->forward(x);
    for (std::size_t i = 1; i < convs.size(); ++i)
        y = y + convs[i]->forward(x);
    return y;
}

DeepLabV2Impl::DeepLabV2Impl(const DeepLabOptions& options) : options_(options) {
    options_.check();
    backbone = register_module("backbone", nn::ResNet(options_.backbone));
    aspp = register_module(
        "aspp", Aspp(options_.backbone.out_channels(), options_.num_classes, options_.rates));
    // Frozen BatchNorm (docs/method.md §6.2): statistics and γ/β stay as initialised.
    for (auto& m : backbone->modules(/*include_self=*/false)) {
        if (auto* bn = dynamic_cast<nn::FixedBatchNormImpl*>(m.get())) {
            bn->weight.set_requires_grad(false);
            bn->bias.set_requires_grad(false);
        }
    }
}

torch::Tensor DeepLabV2Impl::logits(const torch::Tensor& x) {
    return aspp->forward(backbone->features(x));
}

std::vector<torch::Tensor> DeepLabV2Impl::forward_msc(const torch::Tensor& x) {
    std::vector<torch::Tensor> out{logits(x)};
    const int64_t h = out[0].size(2), w = out[0].size(3);
    auto fused = out[0];
    for (double s : options_.msc_scales) {
        out.push_back(logits(rescale_bilinear(x, s)));
        fused = torch::max(fused, resize_bilinear(out.back(), h, w));
    }
    out.push_back(fused);
    return out;
}

torch::Tensor DeepLabV2Impl::forward(const torch::Tensor& x) {
    return forward_msc(x).back();
}

torch::Tensor resize_bilinear(const torch::Tensor& x, int64_t h, int64_t w) {
    if (x.size(2) == h && x.size(3) == w)
        return x;
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
}

torch::Tensor rescale_bilinear(const torch::Tensor& x, double scale) {
    if (scale == 1.0)
        return x;
    const int64_t h = std::max<int64_t>(1, static_cast<int64_t>(std::floor(x.size(2) * scale)));
    const int64_t w = std::max<int64_t>(1, static_cast<int64_t>(std::floor(x.size(3) * scale)));
    return resize_bilinear(x, h, w);
}

std::array<int64_t, 2> logit_size(const nn::ResNetOptions& backbone, int64_t h, int64_t w) {
    // Every stride-2 step (conv1, max-pool, strided blocks) maps n to ⌈n/2⌉ with these paddings.
    auto half = [](int64_t n) { return (n + 1) / 2; };
    h = half(half(h)), w = half(half(w));
    for (int s : backbone.strides)
        if (s == 2)
            h = half(h), w = half(w);
    return {h, w};
}

nn::ModelMeta deeplab_meta(const DeepLabOptions& options) {
    nn::ModelMeta m;
    m.architecture = "deeplab";
    m.backbone = options.backbone;
    m.num_classes = options.num_classes;
    return m;
}

DeepLabOptions deeplab_options(const nn::ModelMeta& meta, const fs::path& file) {
    if (meta.architecture != "deeplab")
        throw Error(file, "is a '" + meta.architecture + "' checkpoint, not a DeepLab one");
    DeepLabOptions o;
    o.backbone = meta.backbone;
    o.num_classes = meta.num_classes;
    try {
        o.check();
    } catch (const Error& e) {
        throw Error(file, e.what());
    }
    return o;
}

LoadedDeepLab load_deeplab(const fs::path& file, const torch::Device& device) {
    auto ck = nn::read_checkpoint(file);
    LoadedDeepLab out;
    out.meta = nn::parse_model_meta(ck.metadata, file);
    out.net = DeepLabV2(deeplab_options(out.meta, file));
    nn::load_state(*out.net, ck.tensors, file);
    out.net->to(device);
    out.net->eval();
    return out;
}

torch::Tensor image_input(const cv::Mat& bgr, nn::ResNetLayout layout,
                          const torch::Device& device) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("DeepLab input must be an 8-bit BGR image");
    cv::Mat contiguous = bgr.isContinuous() ? bgr : bgr.clone();
    auto t = torch::from_blob(contiguous.data, {1, bgr.rows, bgr.cols, 3}, torch::kUInt8)
                 .to(device)
                 .permute({0, 3, 1, 2})
                 .flip({1})  // BGR -> RGB
                 .to(torch::kFloat);
    return nn::normalize_input(t, layout);
}

torch::Tensor predict_probabilities(DeepLabV2& net, const torch::Tensor& input,
                                    const std::vector<double>& scales, bool flip) {
    torch::NoGradGuard no_grad;
    const int64_t H = input.size(2), W = input.size(3);
    const auto [h, w] = logit_size(net->options().backbone, H, W);
    torch::Tensor fused;
    for (int f = 0; f < (flip ? 2 : 1); ++f) {
        auto x = f ? input.flip({3}) : input;
        for (double s : scales) {
            auto l = resize_bilinear(net->logits(rescale_bilinear(x, s)), h, w);
            if (f)
                l = l.flip({3});
            fused = fused.defined() ? torch::max(fused, l) : l;
        }
    }
    return torch::softmax(resize_bilinear(fused, H, W), 1);
}

void labels_and_confidence(const torch::Tensor& probs, cv::Mat& labels, cv::Mat& confidence) {
    auto [maxp, arg] = probs[0].max(0);
    auto lab = arg.to(torch::kCPU, torch::kUInt8).contiguous();
    auto conf = (maxp * 255.0).round().clamp(0, 255).to(torch::kCPU, torch::kUInt8).contiguous();
    const int h = static_cast<int>(probs.size(2)), w = static_cast<int>(probs.size(3));
    labels = cv::Mat(h, w, CV_8UC1, lab.data_ptr<uint8_t>()).clone();
    confidence = cv::Mat(h, w, CV_8UC1, conf.data_ptr<uint8_t>()).clone();
}

}  // namespace amr::deeplab
