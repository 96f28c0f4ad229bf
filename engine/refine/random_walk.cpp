#include "engine/refine/random_walk.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"

namespace amr::refine {

WalkGraph make_walk_graph(const cv::Mat& boundary, int radius, double beta) {
    if (boundary.type() != CV_32FC1 || boundary.empty())
        throw Error("random walk: the boundary map must be a non-empty CV_32FC1 image");
    const PathIndices paths = make_path_indices(radius);
    const int h = boundary.rows, w = boundary.cols;
    const std::size_t hw = static_cast<std::size_t>(h) * w;
    const std::size_t nd = paths.directions.size();
    cv::Mat b = boundary.isContinuous() ? boundary : boundary.clone();
    const float* B = b.ptr<float>();

    WalkGraph g;
    g.height = h;
    g.width = w;
    g.margin = paths.radius_floor;
    g.offsets.push_back({0, 0});
    for (const Offset& d : paths.directions)
        g.offsets.push_back(d);
    for (const Offset& d : paths.directions)
        g.offsets.push_back({-d.dy, -d.dx});
    g.weights.assign(g.offsets.size() * hw, 0.0f);
    float* W = g.weights.data();
    std::fill(W, W + hw, 1.0f);  // a(p, p)^β = 1

    // For each direction d and source p with p + d inside: A = (1 − max B on the path)^β,
    // stored at pixel p with offset +d and at pixel p + d with offset −d.
    for (std::size_t k = 0; k < nd; ++k) {
        const Offset d = paths.directions[k];
        float* fwd = W + (1 + k) * hw;
        float* bwd = W + (1 + nd + k) * hw;
        const int x_lo = std::max(0, -d.dx), x_hi = std::min(w, w - d.dx);
        for (int y = 0; y + d.dy < h; ++y)
            for (int x = x_lo; x < x_hi; ++x) {
                float m = 0;
                for (const Offset& q : paths.paths[k])
                    m = std::max(m, B[(y + q.dy) * w + (x + q.dx)]);
                const float a = static_cast<float>(std::pow(std::max(0.0f, 1.0f - m), beta));
                fwd[static_cast<std::size_t>(y) * w + x] = a;
                bwd[static_cast<std::size_t>(y + d.dy) * w + (x + d.dx)] = a;
            }
    }
    // T = A·D⁻¹: divide each pixel's incoming weights by their sum (D includes a(p,p) = 1).
    for (std::size_t j = 0; j < hw; ++j) {
        double sum = 0;
        for (std::size_t o = 0; o < g.offsets.size(); ++o)
            sum += W[o * hw + j];
        const float inv = static_cast<float>(1.0 / sum);
        for (std::size_t o = 0; o < g.offsets.size(); ++o)
            W[o * hw + j] *= inv;
    }
    return g;
}

void random_walk(std::vector<cv::Mat>& planes, const WalkGraph& g, int steps) {
    if (steps < 0)
        throw Error("random walk: negative number of steps");
    const int h = g.height, w = g.width, m = g.margin;
    const int wp = w + 2 * m, hp = h + 2 * m;
    const std::size_t hw = static_cast<std::size_t>(h) * w;
    const std::size_t n = g.offsets.size();
    for (const cv::Mat& p : planes)
        if (p.type() != CV_32FC1 || p.rows != h || p.cols != w)
            throw Error("random walk: score planes must be CV_32FC1 of the boundary map's size");
    // Zero-padded double buffers so neighbour reads need no bounds checks (their weight is 0).
    std::vector<float> a(planes.size() * hp * wp, 0.0f), b(a.size(), 0.0f);
    const std::size_t plane = static_cast<std::size_t>(hp) * wp;
    for (std::size_t k = 0; k < planes.size(); ++k)
        for (int y = 0; y < h; ++y)
            std::copy_n(planes[k].ptr<float>(y), w, &a[k * plane + (y + m) * wp + m]);

    const int rows = static_cast<int>(planes.size()) * h;
    for (int s = 0; s < steps; ++s) {
        const float* in = a.data();
        float* out = b.data();
        cv::parallel_for_(cv::Range(0, rows), [&](const cv::Range& r) {
            for (int ky = r.start; ky < r.end; ++ky) {
                const int k = ky / h, y = ky % h;
                float* o_row = out + k * plane + (y + m) * wp + m;
                std::fill_n(o_row, w, 0.0f);
                for (std::size_t o = 0; o < n; ++o) {
                    const Offset d = g.offsets[o];
                    const float* w_row =
                        g.weights.data() + o * hw + static_cast<std::size_t>(y) * w;
                    const float* i_row = in + k * plane + (y + m + d.dy) * wp + m + d.dx;
                    for (int x = 0; x < w; ++x)
                        o_row[x] += w_row[x] * i_row[x];
                }
            }
        });
        std::swap(a, b);
    }
    for (std::size_t k = 0; k < planes.size(); ++k)
        for (int y = 0; y < h; ++y)
            std::copy_n(&a[k * plane + (y + m) * wp + m], w, planes[k].ptr<float>(y));
}

torch::Tensor random_walk_torch(const torch::Tensor& scores, const WalkGraph& g, int steps,
                                const torch::Device& device) {
    const int h = g.height, w = g.width, m = g.margin, win = 2 * m + 1;
    if (scores.dim() != 3 || scores.size(1) != h || scores.size(2) != w)
        throw Error("random walk: scores must be K×h×w of the boundary map's size");
    const int64_t hw = static_cast<int64_t>(h) * w;
    // Weights laid out over the full window (unused slots 0): win² × hw.
    auto full = torch::zeros({win * win, hw}, torch::kFloat32);
    auto src = torch::from_blob(const_cast<float*>(g.weights.data()),
                                {static_cast<int64_t>(g.offsets.size()), hw}, torch::kFloat32);
    for (std::size_t o = 0; o < g.offsets.size(); ++o)
        full[(g.offsets[o].dy + m) * win + (g.offsets[o].dx + m)].copy_(src[o]);
    full = full.to(device);
    auto x = scores.to(device, torch::kFloat32).unsqueeze(0);  // 1×K×h×w
    const int64_t k = scores.size(0);
    torch::NoGradGuard no_grad;
    for (int s = 0; s < steps; ++s) {
        auto cols = torch::nn::functional::unfold(
            x, torch::nn::functional::UnfoldFuncOptions({win, win}).padding(m));  // 1×(K·win²)×hw
        x = (cols.view({k, win * win, hw}) * full).sum(1).view({1, k, h, w});
    }
    return x.squeeze(0).to(torch::kCPU);
}

cv::Mat walk_to_label(const cv::Mat& boundary, const std::vector<cv::Mat>& cams,
                      const std::vector<int>& keys, cv::Size image_size, const WalkLabelOptions& o,
                      const torch::Device& device) {
    cv::Mat label(image_size, CV_8UC1, cv::Scalar(0));
    if (cams.empty())
        return label;
    // Seeds: cam^power ⊙ (1 − B).
    cv::Mat keep = 1.0 - boundary;
    std::vector<cv::Mat> x;
    for (const cv::Mat& c : cams) {
        cv::Mat p;
        cv::pow(cv::max(c, 0.0), o.cam_power, p);
        x.push_back(p.mul(keep));
    }
    const WalkGraph graph = make_walk_graph(boundary, o.radius, o.beta);
    const int steps = 1 << o.exp_times;
    if (device.is_cuda()) {
        auto t = torch::empty({static_cast<int64_t>(x.size()), boundary.rows, boundary.cols});
        for (std::size_t k = 0; k < x.size(); ++k)
            std::memcpy(t[k].data_ptr<float>(), x[k].data, x[k].total() * sizeof(float));
        t = random_walk_torch(t, graph, steps, device).contiguous();
        for (std::size_t k = 0; k < x.size(); ++k)
            std::memcpy(x[k].data, t[k].data_ptr<float>(), x[k].total() * sizeof(float));
    } else {
        random_walk(x, graph, steps);
    }
    // ×4 bilinear (half-pixel centres, as align_corners = false), crop, global max.
    std::vector<cv::Mat> up(x.size());
    double gmax = 0;
    const cv::Rect crop(0, 0, image_size.width, image_size.height);
    for (std::size_t k = 0; k < x.size(); ++k) {
        cv::Mat u;
        cv::resize(x[k], u, cv::Size(4 * x[k].cols, 4 * x[k].rows), 0, 0, cv::INTER_LINEAR);
        up[k] = u(crop);
        double mx;
        cv::minMaxLoc(up[k], nullptr, &mx);
        gmax = std::max(gmax, mx);
    }
    if (!(gmax > 0))
        return label;
    const float bg = static_cast<float>(o.bg_threshold * gmax);  // same as dividing by the max
    for (int y = 0; y < image_size.height; ++y) {
        std::uint8_t* out = label.ptr<std::uint8_t>(y);
        for (int xx = 0; xx < image_size.width; ++xx) {
            float best = bg;
            int arg = 0;
            for (std::size_t k = 0; k < up.size(); ++k) {
                const float v = up[k].at<float>(y, xx);
                if (v > best)
                    best = v, arg = static_cast<int>(k) + 1;
            }
            out[xx] = static_cast<std::uint8_t>(arg == 0 ? 0 : keys[arg - 1] + 1);
        }
    }
    return label;
}

}  // namespace amr::refine
