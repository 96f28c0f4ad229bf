#include "engine/refine/irn_net.h"

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"

namespace amr::refine {

namespace {

torch::nn::Sequential edge_block(int64_t in, int scale) {
    torch::nn::Sequential s;
    s->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, 32, 1).bias(false)));
    s->push_back(torch::nn::GroupNorm(torch::nn::GroupNormOptions(4, 32).eps(1e-5)));
    if (scale > 1)
        s->push_back(
            torch::nn::Upsample(torch::nn::UpsampleOptions()
                                    .scale_factor(std::vector<double>{double(scale), double(scale)})
                                    .mode(torch::kBilinear)
                                    .align_corners(false)));
    s->push_back(torch::nn::Functional(torch::relu));
    return s;
}

}  // namespace

IrnNetImpl::IrnNetImpl(const nn::ResNetOptions& backbone_options) : options_(backbone_options) {
    options_.check();
    if (options_.num_classes != 0)
        throw Error("IRN: the backbone must have no classifier head");
    if (options_.output_stride() != 16)
        throw Error("IRN: the backbone's output stride must be 16 (got " +
                    std::to_string(options_.output_stride()) + ")");
    backbone = register_module("backbone", nn::ResNet(options_));
    for (auto& p : backbone->parameters())
        p.set_requires_grad(false);
    const int64_t w = options_.base_width;
    edge1 = register_module("edge1", edge_block(w, 1));
    edge2 = register_module("edge2", edge_block(4 * w, 1));
    edge3 = register_module("edge3", edge_block(8 * w, 2));
    edge4 = register_module("edge4", edge_block(16 * w, 4));
    edge5 = register_module("edge5", edge_block(32 * w, 4));
    edge6 = register_module("edge6", torch::nn::Conv2d(torch::nn::Conv2dOptions(160, 1, 1)));
    backbone->eval();
}

void IrnNetImpl::train(bool on) {
    torch::nn::Module::train(on);
    backbone->eval();
}

std::vector<torch::Tensor> IrnNetImpl::head_parameters() const {
    std::vector<torch::Tensor> out;
    for (auto& item : named_parameters())
        if (item.key().rfind("backbone.", 0) != 0)
            out.push_back(item.value());
    return out;
}

torch::Tensor IrnNetImpl::forward(const torch::Tensor& x) {
    torch::Tensor x1, x2, x3, x4, x5;
    {
        torch::NoGradGuard no_grad;  // frozen: every stage output is detached
        x1 = backbone->stem(x);
        x2 = backbone->layer1->forward(x1);
        x3 = backbone->layer2->forward(x2);
        x4 = backbone->layer3->forward(x3);
        x5 = backbone->layer4->forward(x4);
    }
    auto e1 = edge1->forward(x1);
    auto e2 = edge2->forward(x2);
    const int64_t h = e2.size(2), w = e2.size(3);
    auto crop = [&](const torch::Tensor& t) {
        return t.index({torch::indexing::Slice(), torch::indexing::Slice(),
                        torch::indexing::Slice(0, h), torch::indexing::Slice(0, w)});
    };
    auto e3 = crop(edge3->forward(x3));
    auto e4 = crop(edge4->forward(x4));
    auto e5 = crop(edge5->forward(x5));
    return edge6->forward(torch::cat({e1, e2, e3, e4, e5}, 1));
}

nn::ModelMeta irn_meta(const nn::ResNetOptions& backbone) {
    nn::ModelMeta m;
    m.architecture = "irn";
    m.backbone = backbone;
    m.num_classes = 0;
    return m;
}

std::string irn_metadata_json(const nn::ModelMeta& meta, const IrnTrainingInfo& info) {
    auto j = nlohmann::json::parse(nn::to_json(meta));
    j["irn"] = {{"crop", info.crop}, {"radius", info.radius}};
    return j.dump(1);
}

IrnNet load_irn(const std::filesystem::path& file, IrnTrainingInfo* info) {
    auto ck = nn::read_checkpoint(file);
    nn::ModelMeta meta = nn::parse_model_meta(ck.metadata, file);
    if (meta.architecture != "irn")
        throw Error(file, "is a '" + meta.architecture +
                              "' checkpoint, not an IRN (make one with amr train-irn)");
    if (info) {
        *info = {};
        const auto j = nlohmann::json::parse(ck.metadata);  // parse_model_meta parsed it already
        if (j.contains("irn") && j["irn"].is_object()) {
            const auto& irn = j["irn"];
            if (irn.contains("crop") && irn["crop"].is_number_integer())
                info->crop = irn["crop"].get<int>();
            if (irn.contains("radius") && irn["radius"].is_number_integer())
                info->radius = irn["radius"].get<int>();
        }
        if (info->crop < 0 || info->crop > 4096)
            throw Error(file, "checkpoint metadata: irn.crop " + std::to_string(info->crop) +
                                  " is not in [0, 4096]");
    }
    IrnNet net(meta.backbone);
    nn::load_state(*net, ck.tensors, file);
    net->eval();
    return net;
}

cv::Mat boundary_map(IrnNet& net, const cv::Mat& rgb, const torch::Device& device, int pad_to) {
    const int H = rgb.rows, W = rgb.cols;
    const int hp = std::max(pad_to, (H + 15) / 16 * 16), wp = std::max(pad_to, (W + 15) / 16 * 16);
    auto img = torch::from_blob(rgb.data, {H, W, 3}, torch::kUInt8)
                   .permute({2, 0, 1})
                   .to(torch::kFloat32)
                   .unsqueeze(0);
    img = nn::normalize_input(img, net->backbone_options().layout);
    auto pair = torch::cat({img, img.flip({3})}, 0);
    pair = torch::constant_pad_nd(pair, {0, wp - W, 0, hp - H}, 0);
    torch::NoGradGuard no_grad;
    auto e = net->forward(pair.to(device)).to(torch::kCPU);
    const int h = (H + 3) / 4, w = (W + 3) / 4;
    using torch::indexing::Slice;
    e = e.index({Slice(), 0, Slice(0, h), Slice(0, w)});
    auto b = torch::sigmoid(e[0] / 2 + e[1].flip({1}) / 2).contiguous();
    cv::Mat out(h, w, CV_32FC1);
    std::memcpy(out.data, b.data_ptr<float>(), sizeof(float) * h * w);
    return out;
}

}  // namespace amr::refine
