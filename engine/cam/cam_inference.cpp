#include "engine/cam/cam_inference.h"

#include <cstring>

#include <opencv2/imgproc.hpp>

#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/core/rounding.h"
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
        for (auto& p : net.amr->parameters())  // climbing needs input gradients only
            p.set_requires_grad(false);
        net.layout = o.backbone.layout;
        net.num_classes = o.num_classes;
    } else if (meta.architecture == "spotlight") {
        auto o = nn::spotlight_options(meta, checkpoint);
        net.spotlight = nn::SpotlightNet(o);
        nn::load_state(*net.spotlight, ck.tensors, checkpoint);
        net.spotlight->to(device);
        net.spotlight->eval();
        for (auto& p : net.spotlight->parameters())
            p.set_requires_grad(false);
        net.layout = o.backbone.layout;
        net.num_classes = o.num_classes;
    } else {
        throw Error(checkpoint, "is a '" + meta.architecture +
                                    "' checkpoint; CAMs need an 'amr' or 'spotlight' one");
    }
    return net;
}

void AdversarialOptions::check() const {
    if (iterations < 1 || iterations > 1000)
        throw Error("CAM options: climbing iterations must be in [1, 1000] (got " +
                    std::to_string(iterations) + ")");
    if (!(step >= 0) || !(lambda >= 0))
        throw Error("CAM options: the climbing step and lambda must not be negative");
    if (!(tau >= 0 && tau <= 1))
        throw Error("CAM options: the climbing mask threshold tau must be in [0, 1]");
}

int half_scale_iterations(int t) {
    if (t > 10)
        return t / 2;
    return t < 6 ? t : 5;
}

torch::Tensor cam_input(const CamNet& net, const cv::Mat& rgb, bool flip) {
    cv::Mat f;
    rgb.convertTo(f, CV_32FC3);
    auto t = torch::from_blob(f.data, {1, f.rows, f.cols, 3}, torch::kFloat32)
                 .permute({0, 3, 1, 2})
                 .clone();
    if (flip)
        t = torch::cat({t, t.flip({3})}, 0);
    return nn::normalize_input(t.to(net.device), net.layout);
}

namespace {

// Raw CAMs of one branch, B×C×h'×w'.
torch::Tensor raw_cam(const CamNet& net, const torch::Tensor& x, bool second) {
    if (net.amr)
        return net.amr.ptr()->cam(
            x, second ? nn::AmrBranch::kCompensation : nn::AmrBranch::kSpotlight);
    return net.spotlight.ptr()->cam(x);
}

const torch::Tensor& classifier_weight(const CamNet& net, bool second) {
    if (net.amr)
        return (second ? net.amr->compensation : net.amr->spotlight)->classifier->weight;
    return net.spotlight->classifier->weight;
}

// §4.2 on raw maps z (B×K×h×w) of classes with classifier rows `w` (K×C×1×1).
torch::Tensor merge(const torch::Tensor& z, const torch::Tensor& w, bool gradcam_scale) {
    auto r = torch::relu(z);
    if (gradcam_scale) {
        // Counts carry no gradient: the factor is a constant for autograd, as in the official
        // code where the stored gradients have no graph.
        torch::NoGradGuard no_grad;
        auto p = (z > 0).sum({2, 3}).to(z.scalar_type());            // B×K
        auto k_pos = (w.flatten(1) > 0).sum(1).to(z.scalar_type());  // K
        auto n = k_pos * p.sum(0);                                   // K
        auto factor = p / (n + 1e-12);                               // B×K
        r = r * factor.unsqueeze(2).unsqueeze(3);
    }
    auto a = r[0];
    if (r.size(0) > 1)
        a = a + r[1].flip({2});
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

torch::Tensor merged_cam(const CamNet& net, const torch::Tensor& x, bool second,
                         const torch::Tensor& classes, bool gradcam_scale) {
    auto z = raw_cam(net, x, second).index_select(1, classes);
    return merge(z, classifier_weight(net, second).index_select(0, classes), gradcam_scale);
}

ClimbResult adversarial_climb(const CamNet& net, const torch::Tensor& x0, bool second, int64_t cls,
                              int iterations, const AdversarialOptions& o, bool gradcam_scale) {
    o.check();
    const auto w = classifier_weight(net, second).narrow(0, cls, 1);
    auto X = x0.detach().clone().set_requires_grad(true);
    torch::Tensor acc, ref;
    for (int t = 0; t < iterations; ++t) {
        auto z = raw_cam(net, X, second);  // B×C×h×w
        auto a = merge(z.narrow(1, cls, 1), w, gradcam_scale)[0];
        if (t == 0) {
            ref = a.detach();
            acc = torch::zeros_like(ref);
        }
        acc += a.detach();
        if (t + 1 == iterations)
            break;                             // the official last update is never used
        auto l = torch::relu(z).mean({2, 3});  // B×C
        auto lc = l.select(1, cls);
        auto na = (lc - (l.sum(1) - lc)).sum();
        auto ad = a.detach();
        auto mask = (ad / (ad.max() + 1e-12) > o.tau).to(a.scalar_type());
        auto loss_ad = (mask * (a - ref).abs()).sum();
        auto objective = na - o.lambda * loss_ad;
        auto g = torch::autograd::grad({objective}, {X})[0];
        torch::NoGradGuard no_grad;
        auto lo = X.min(), hi = X.max();
        auto next = X + o.step * g / (g.abs().max() + 1e-12);
        X = torch::max(torch::min(next, hi), lo).detach().set_requires_grad(true);
    }
    return {acc, X.detach()};
}

CamEntry infer_cams(const CamNet& net, const cv::Mat& bgr, const std::vector<int>& keys,
                    const CamInferenceOptions& options) {
    if (options.adversarial)
        options.climbing.check();
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
                // np.round's half-to-even sizes, as the official pil_rescale (§4.1).
                const cv::Size size(scaled_side(W, s), scaled_side(H, s));
                img = nn::pil_resize(rgb, size, nn::PilFilter::kBicubic);
            }
            auto x = cam_input(net, img, options.flip);
            for (int b = 0; b < (amr ? 2 : 1); ++b) {
                torch::Tensor a;
                if (options.adversarial) {
                    const int t = s == 0.5 ? half_scale_iterations(options.climbing.iterations)
                                           : options.climbing.iterations;
                    std::vector<torch::Tensor> maps;
                    for (int c : keys)
                        maps.push_back(adversarial_climb(net, x, b == 1, c, t, options.climbing,
                                                         options.gradcam_scale)
                                           .map);
                    a = torch::stack(maps);
                } else {
                    torch::NoGradGuard no_grad;
                    a = merged_cam(net, x, b == 1, key_t, options.gradcam_scale);
                }
                a = a.unsqueeze(0);
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
