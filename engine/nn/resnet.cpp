#include "engine/nn/resnet.h"

#include "engine/core/cancel_scope.h"
#include "engine/core/error.h"

namespace amr::nn {
namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int stride = 1, int pad = 0,
                       int dilation = 1) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k)
                                 .stride(stride)
                                 .padding(pad)
                                 .dilation(dilation)
                                 .bias(false));
}

std::string array_text(const std::array<int, 4>& a) {
    return "(" + std::to_string(a[0]) + "," + std::to_string(a[1]) + "," + std::to_string(a[2]) +
           "," + std::to_string(a[3]) + ")";
}

}  // namespace

std::string to_string(ResNetLayout layout) {
    return layout == ResNetLayout::kCaffe ? "caffe" : "torchvision";
}

ResNetLayout parse_resnet_layout(const std::string& s) {
    if (s == "torchvision")
        return ResNetLayout::kTorchvision;
    if (s == "caffe")
        return ResNetLayout::kCaffe;
    throw Error("unknown ResNet layout '" + s + "' (expected 'torchvision' or 'caffe')");
}

std::string to_string(BlockVersion v) {
    switch (v) {
        case BlockVersion::kV1:
            return "v1";
        case BlockVersion::kV1_5:
            return "v1.5";
        default:
            return "layout";
    }
}

BlockVersion parse_block_version(const std::string& s) {
    if (s == "v1")
        return BlockVersion::kV1;
    if (s == "v1.5")
        return BlockVersion::kV1_5;
    throw Error("unknown ResNet block version '" + s + "' (expected 'v1' or 'v1.5')");
}

ResNetOptions ResNetOptions::imagenet(int depth, ResNetLayout layout) {
    ResNetOptions o;
    o.depth = depth;
    o.layout = layout;
    o.num_classes = 1000;
    return o;
}

ResNetOptions ResNetOptions::cam(int depth, ResNetLayout layout) {
    ResNetOptions o;
    o.depth = depth;
    o.layout = layout;
    o.strides = {1, 2, 2, 1};
    return o;
}

std::array<int, 4> ResNetOptions::stage_blocks() const {
    if (blocks != std::array<int, 4>{})
        return blocks;
    if (depth == 101)
        return {3, 4, 23, 3};
    return {3, 4, 6, 3};
}

double ResNetOptions::effective_bn_eps() const {
    if (bn_eps > 0)
        return bn_eps;
    return layout == ResNetLayout::kCaffe ? 1e-3 : 1e-5;
}

bool ResNetOptions::stride_on_1x1() const {
    if (block == BlockVersion::kFromLayout)
        return layout == ResNetLayout::kCaffe;
    return block == BlockVersion::kV1;
}

int ResNetOptions::output_stride() const {
    return 4 * strides[0] * strides[1] * strides[2] * strides[3];
}

void ResNetOptions::check() const {
    const bool custom = blocks != std::array<int, 4>{};
    if (custom) {
        for (int b : blocks)
            if (b <= 0)
                throw Error("ResNet options: blocks " + array_text(blocks) +
                            " must all be positive (or all zero to follow depth)");
    } else if (depth != 50 && depth != 101) {
        throw Error("ResNet options: depth must be 50 or 101 (got " + std::to_string(depth) +
                    "); set blocks for other depths");
    }
    if (base_width <= 0)
        throw Error("ResNet options: base_width must be positive (got " +
                    std::to_string(base_width) + ")");
    for (int s : strides)
        if (s != 1 && s != 2)
            throw Error("ResNet options: strides " + array_text(strides) + " must be 1 or 2");
    for (int d : dilations)
        if (d < 1 || d > 16)
            throw Error("ResNet options: dilations " + array_text(dilations) +
                        " must be between 1 and 16");
    if (bn_eps < 0)
        throw Error("ResNet options: bn_eps must not be negative");
    if (num_classes < 0)
        throw Error("ResNet options: num_classes must not be negative");
    if (with_amm) {
        AmmOptions a = amm;
        a.channels = 4 * base_width;
        a.check();
    }
}

BottleneckImpl::BottleneckImpl(int64_t in_channels, int64_t mid_channels, int stride, int dilation,
                               const ResNetOptions& options) {
    const bool v1 = options.stride_on_1x1();
    const double eps = options.effective_bn_eps();
    const int64_t out_channels = 4 * mid_channels;
    conv1 = register_module("conv1", conv(in_channels, mid_channels, 1, v1 ? stride : 1));
    bn1 = register_module("bn1", FixedBatchNorm(mid_channels, eps));
    conv2 = register_module(
        "conv2", conv(mid_channels, mid_channels, 3, v1 ? 1 : stride, dilation, dilation));
    bn2 = register_module("bn2", FixedBatchNorm(mid_channels, eps));
    conv3 = register_module("conv3", conv(mid_channels, out_channels, 1));
    bn3 = register_module("bn3", FixedBatchNorm(out_channels, eps));
    if (options.with_amm) {
        AmmOptions a = options.amm;
        a.channels = out_channels;
        amm = register_module("amm", Amm(a));
    }
    if (stride != 1 || in_channels != out_channels) {
        downsample = register_module(
            "downsample", torch::nn::Sequential(conv(in_channels, out_channels, 1, stride),
                                                FixedBatchNorm(out_channels, eps)));
    }
}

torch::Tensor BottleneckImpl::forward(const torch::Tensor& x) {
    // Each block is a cancellation point in both directions, so Cancel stops a training step of
    // a big network within one block's time instead of after the whole step.
    cancellation_point();
    auto y = torch::relu(bn1->forward(conv1->forward(x)));
    y = torch::relu(bn2->forward(conv2->forward(y)));
    y = bn3->forward(conv3->forward(y));
    if (amm)
        y = amm->forward(y);
    auto shortcut = downsample ? downsample->forward(x) : x;
    auto out = torch::relu(y + shortcut);
    if (const CancelToken* token = current_cancel_token(); token && out.requires_grad())
        out.register_hook([token](const torch::Tensor&) { token->throw_if_cancelled(); });
    return out;
}

ResNetImpl::ResNetImpl(const ResNetOptions& options) : options_(options) {
    options_.check();
    const int64_t w = options_.base_width;
    conv1 = register_module("conv1", conv(3, w, 7, 2, 3));
    bn1 = register_module("bn1", FixedBatchNorm(w, options_.effective_bn_eps()));
    if (options_.freeze_stem) {
        conv1->weight.set_requires_grad(false);
        bn1->weight.set_requires_grad(false);
        bn1->bias.set_requires_grad(false);
    }
    const auto blocks = options_.stage_blocks();
    int64_t in = w;
    torch::nn::Sequential* layers[4] = {&layer1, &layer2, &layer3, &layer4};
    for (int s = 0; s < 4; ++s) {
        const int64_t mid = w << s;
        torch::nn::Sequential seq;
        for (int b = 0; b < blocks[s]; ++b) {
            seq->push_back(Bottleneck(in, mid, b == 0 ? options_.strides[s] : 1,
                                      options_.dilations[s], options_));
            in = 4 * mid;
        }
        *layers[s] = register_module("layer" + std::to_string(s + 1), seq);
    }
    if (options_.num_classes > 0)
        fc = register_module("fc", torch::nn::Linear(in, options_.num_classes));
}

torch::Tensor ResNetImpl::stem(const torch::Tensor& x) {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "ResNet expects a B×3×H×W input, got ", x.sizes());
    auto y = torch::relu(bn1->forward(conv1->forward(x)));
    return torch::max_pool2d(y, {3, 3}, {2, 2}, {1, 1});
}

torch::nn::Sequential& ResNetImpl::layer(int i) {
    switch (i) {
        case 1:
            return layer1;
        case 2:
            return layer2;
        case 3:
            return layer3;
        case 4:
            return layer4;
        default:
            TORCH_CHECK(false, "ResNet::layer: index ", i, " is not in 1..4");
    }
}

torch::Tensor ResNetImpl::features(const torch::Tensor& x) {
    auto y = stem(x);
    y = layer1->forward(y);
    y = layer2->forward(y);
    y = layer3->forward(y);
    return layer4->forward(y);
}

torch::Tensor ResNetImpl::forward(const torch::Tensor& x) {
    auto f = features(x);
    if (!fc)
        return f;
    return fc->forward(f.mean({2, 3}));
}

torch::Tensor normalize_input(const torch::Tensor& rgb255, ResNetLayout layout) {
    TORCH_CHECK(rgb255.dim() == 4 && rgb255.size(1) == 3, "normalize_input expects B×3×H×W, got ",
                rgb255.sizes());
    auto x = rgb255.to(torch::kFloat);
    auto opts = x.options();
    if (layout == ResNetLayout::kCaffe) {
        auto mean_bgr = torch::tensor({103.939f, 116.779f, 123.68f}, opts).view({1, 3, 1, 1});
        return x.flip({1}) - mean_bgr;
    }
    auto mean = torch::tensor({0.485f, 0.456f, 0.406f}, opts).view({1, 3, 1, 1});
    auto std = torch::tensor({0.229f, 0.224f, 0.225f}, opts).view({1, 3, 1, 1});
    return (x / 255.0 - mean) / std;
}

}  // namespace amr::nn
