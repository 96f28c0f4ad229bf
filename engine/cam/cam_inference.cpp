#include "engine/cam/cam_inference.h"

#include <cstring>

#include <opencv2/imgproc.hpp>

#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/pil_resize.h"
#include "engine/nn/resnet.h"

namespace amr::cam {

namespace F = torch::nn::functional;

CamNet load_cam_net(const std::filesystem::path& checkpoint, const torch::Device& device) {
    auto ck = nn::read_checkpoint(checkpoint);
    auto meta = nn::parse_model_meta(ck.metadata, checkpoint);
    CamNet net;
    net.device = device;
    if (meta.architecture == "amr") {
        auto o = nn::amr_net_options(meta, checkpoint);
        net.amr = nn::AmrNet(o);
        nn::load_state(*net.amr, ck.tensors, checkpoint);
        net.amr->to(device);
        net.amr->eval();
        net.layout = o.backbone.layout;
        net.num_classes = o.num_classes;
    } else if (meta.architecture == "spotlight") {
        auto o = nn::spotlight_options(meta, checkpoint);
        net.spotlight = nn::SpotlightNet(o);
        nn::load_state(*net.spotlight, ck.tensors, checkpoint);
        net.spotlight->to(device);
        net.spotlight->eval();
        net.layout = o.backbone.layout;
        net.num_classes = o.num_classes;
    } else {
        throw Error(checkpoint, "is a '" + meta.architecture +
                                    "' checkpoint; CAMs need an 'amr' or 'spotlight' one");
    }
    return net;
}

namespace {

torch::Tensor to_input(const cv::Mat& rgb, const CamNet& net, bool flip) {
    cv::Mat f;
    rgb.convertTo(f, CV_32FC3);
    auto t = torch::from_blob(f.data, {1, f.rows, f.cols, 3}, torch::kFloat32)
                 .permute({0, 3, 1, 2})
                 .clone();
    if (flip)
        t = torch::cat({t, t.flip({3})}, 0);
    return nn::normalize_input(t.to(net.device), net.layout);
}

// Flip-merged ReLU CAMs of the key classes, K×h'×w'.
torch::Tensor branch_cam(const CamNet& net, const torch::Tensor& x, bool second,
                         const torch::Tensor& keys, bool flip) {
    torch::Tensor z;
    if (net.amr)
        z = net.amr.ptr()->cam(x,
                               second ? nn::AmrBranch::kCompensation : nn::AmrBranch::kSpotlight);
    else
        z = net.spotlight.ptr()->cam(x);
    z = torch::relu(z.index_select(1, keys));
    auto a = z[0];
    if (flip)
        a = a + z[1].flip({2});
    return a;
}

CamPlanes to_planes(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU).contiguous();
    CamPlanes planes;
    for (int64_t k = 0; k < c.size(0); ++k) {
        cv::Mat m(static_cast<int>(c.size(1)), static_cast<int>(c.size(2)), CV_32FC1);
        std::memcpy(m.data, c[k].data_ptr<float>(), sizeof(float) * m.total());
        planes.push_back(m);
    }
    max_normalise(planes);
    return planes;
}

}  // namespace

CamEntry infer_cams(const CamNet& net, const cv::Mat& bgr, const std::vector<int>& keys,
                    const CamInferenceOptions& options) {
    torch::NoGradGuard no_grad;
    const int H = bgr.rows, W = bgr.cols;
    CamEntry entry;
    entry.height = H;
    entry.width = W;
    entry.keys = keys;
    const bool amr = static_cast<bool>(net.amr);
    const int64_t K = static_cast<int64_t>(keys.size());
    const int64_t sh = (H + 3) / 4, sw = (W + 3) / 4;
    const int64_t fh = 16 * ((H + 15) / 16), fw = 16 * ((W + 15) / 16);
    auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(net.device);
    torch::Tensor strided[2] = {torch::zeros({K, sh, sw}, opts), torch::zeros({K, sh, sw}, opts)};
    torch::Tensor full[2] = {torch::zeros({K, fh, fw}, opts), torch::zeros({K, fh, fw}, opts)};
    if (K > 0) {
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        auto key_t = torch::tensor(std::vector<int64_t>(keys.begin(), keys.end()),
                                   torch::TensorOptions().dtype(torch::kLong).device(net.device));
        for (double s : options.scales) {
            cv::Mat img = rgb;
            if (s != 1.0) {
                cv::Size size(std::max(1, static_cast<int>(std::lround(W * s))),
                              std::max(1, static_cast<int>(std::lround(H * s))));
                img = nn::pil_resize(rgb, size, nn::PilFilter::kBicubic);
            }
            auto x = to_input(img, net, options.flip);
            for (int b = 0; b < (amr ? 2 : 1); ++b) {
                auto a = branch_cam(net, x, b == 1, key_t, options.flip).unsqueeze(0);
                auto up = [&](int64_t h, int64_t w) {
                    return F::interpolate(a, F::InterpolateFuncOptions()
                                                 .size(std::vector<int64_t>{h, w})
                                                 .mode(torch::kBilinear)
                                                 .align_corners(false))[0];
                };
                strided[b] += up(sh, sw);
                if (options.high_res)
                    full[b] += up(fh, fw);
            }
        }
    }
    if (!amr) {  // a spotlight checkpoint: both branches are the spotlight CAMs
        strided[1] = strided[0];
        full[1] = full[0];
    }
    entry.spotlight.strided = to_planes(strided[0]);
    entry.compensation.strided = to_planes(strided[1]);
    if (options.high_res) {
        using torch::indexing::Slice;
        entry.spotlight.high_res = to_planes(full[0].index({Slice(), Slice(0, H), Slice(0, W)}));
        entry.compensation.high_res = to_planes(full[1].index({Slice(), Slice(0, H), Slice(0, W)}));
    }
    return entry;
}

}  // namespace amr::cam
