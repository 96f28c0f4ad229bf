#include "engine/review/edge_refine.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"

namespace amr::review {

namespace {

const std::array<cv::Point, 4> kOffsets = {cv::Point(1, 0), cv::Point(0, 1), cv::Point(1, 1),
                                           cv::Point(-1, 1)};

void require(bool ok, const std::string& what) {
    if (!ok)
        throw Error("edge refinement options: " + what);
}

// One band pixel's row of the system: neighbours inside the band (index, weight) and the
// weights to each outside neighbour's label.
struct Row {
    std::array<int, 8> in{};
    std::array<float, 8> in_w{};
    int n_in = 0;
    std::array<std::uint8_t, 8> out_label{};
    std::array<float, 8> out_w{};
    int n_out = 0;
    float diag = 0;
};

// Jacobi-preconditioned conjugate gradients on the band's system; x holds the start on entry.
void solve(const std::vector<Row>& rows, const std::vector<float>& b, std::vector<float>& x,
           int max_iterations, double tolerance) {
    const std::size_t n = rows.size();
    std::vector<float> r(n), z(n), p(n), q(n);
    auto multiply = [&](const std::vector<float>& v, std::vector<float>& out) {
        for (std::size_t i = 0; i < n; ++i) {
            const Row& row = rows[i];
            float s = row.diag * v[i];
            for (int k = 0; k < row.n_in; ++k)
                s -= row.in_w[k] * v[row.in[k]];
            out[i] = s;
        }
    };
    multiply(x, q);
    double rz = 0, bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        r[i] = b[i] - q[i];
        z[i] = r[i] / rows[i].diag;
        p[i] = z[i];
        rz += double(r[i]) * z[i];
        bb += double(b[i]) * b[i] / rows[i].diag;
    }
    const double stop = tolerance * tolerance * bb;
    for (int it = 0; it < max_iterations && rz > stop && rz > 0; ++it) {
        multiply(p, q);
        double pq = 0;
        for (std::size_t i = 0; i < n; ++i)
            pq += double(p[i]) * q[i];
        if (!(pq > 0))
            break;
        const float alpha = static_cast<float>(rz / pq);
        double rz_new = 0;
        for (std::size_t i = 0; i < n; ++i) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
            z[i] = r[i] / rows[i].diag;
            rz_new += double(r[i]) * z[i];
        }
        const float beta = static_cast<float>(rz_new / rz);
        rz = rz_new;
        for (std::size_t i = 0; i < n; ++i)
            p[i] = z[i] + beta * p[i];
    }
}

}  // namespace

void EdgeRefineOptions::check() const {
    require(band >= 0 && band <= 64, "band must be in [0, 64]");
    require(beta > 0, "beta must be positive");
    require(fidelity > 0 && fidelity <= 10, "fidelity must be in (0, 10]");
    require(max_iterations >= 1, "max_iterations must be at least 1");
    require(tolerance > 0 && tolerance < 1, "tolerance must be in (0, 1)");
}

EdgeGraph::EdgeGraph(const cv::Mat& bgr, const EdgeRefineOptions& options) {
    options.check();
    if (bgr.empty() || (bgr.type() != CV_8UC3 && bgr.type() != CV_8UC1))
        throw Error("edge refinement: the image must be a non-empty 8-bit BGR or grey image");
    size_ = bgr.size();
    // A light blur: the demo's images (and JPEGs) carry pixel noise that is no edge.
    cv::Mat f;
    bgr.convertTo(f, CV_32F);
    cv::GaussianBlur(f, f, cv::Size(3, 3), 0.8);
    const int H = size_.height, W = size_.width, C = f.channels();
    const std::size_t hw = static_cast<std::size_t>(H) * W;
    double sum = 0;
    std::size_t count = 0;
    for (int k = 0; k < 4; ++k) {
        w_[k].assign(hw, 0.0f);
        const cv::Point o = kOffsets[k];
        for (int y = 0; y + o.y < H; ++y) {
            const float* a = f.ptr<float>(y);
            const float* b = f.ptr<float>(y + o.y);
            for (int x = std::max(0, -o.x); x < W && x + o.x < W; ++x) {
                float d2 = 0;
                for (int c = 0; c < C; ++c) {
                    const float d = a[x * C + c] - b[(x + o.x) * C + c];
                    d2 += d * d;
                }
                w_[k][static_cast<std::size_t>(y) * W + x] = d2;
                sum += d2;
                ++count;
            }
        }
    }
    const double mean = count ? std::max(sum / count, 1e-6) : 1.0;
    const float scale = static_cast<float>(options.beta / mean);
    for (int k = 0; k < 4; ++k) {
        const cv::Point o = kOffsets[k];
        const float diagonal = (o.x != 0 && o.y != 0) ? float(M_SQRT1_2) : 1.0f;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                float& v = w_[k][static_cast<std::size_t>(y) * W + x];
                const bool inside = y + o.y < H && x + o.x >= 0 && x + o.x < W;
                v = inside ? diagonal * std::exp(-scale * v) + 1e-6f : 0.0f;
            }
    }
}

std::size_t refine_at_edges(const EdgeGraph& graph, const std::vector<cv::Mat>& scores,
                            const std::vector<int>& label_of, const cv::Mat& fixed, cv::Mat& arg,
                            const EdgeRefineOptions& o) {
    if (o.band <= 0 || graph.empty())
        return 0;
    const int H = arg.rows, W = arg.cols;
    if (graph.size() != arg.size())
        throw Error("edge refinement: the labels differ in size from the image");
    // The band: pixels within o.band of a label edge, less the fixed ones.
    cv::Mat edge(H, W, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < H; ++y) {
        const std::uint8_t* a = arg.ptr<std::uint8_t>(y);
        const std::uint8_t* d = y + 1 < H ? arg.ptr<std::uint8_t>(y + 1) : nullptr;
        std::uint8_t* e = edge.ptr<std::uint8_t>(y);
        for (int x = 0; x < W; ++x) {
            if (x + 1 < W && a[x] != a[x + 1])
                e[x] = e[x + 1] = 255;
            if (d && a[x] != d[x]) {
                e[x] = 255;
                edge.at<std::uint8_t>(y + 1, x) = 255;
            }
        }
    }
    if (cv::countNonZero(edge) == 0)
        return 0;
    cv::Mat band;
    cv::dilate(
        edge, band,
        cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * o.band + 1, 2 * o.band + 1)));
    if (!fixed.empty())
        band.setTo(0, fixed);
    cv::Mat index(H, W, CV_32SC1, cv::Scalar(-1));
    std::vector<cv::Point> pixels;
    for (int y = 0; y < H; ++y) {
        const std::uint8_t* bd = band.ptr<std::uint8_t>(y);
        int* id = index.ptr<int>(y);
        for (int x = 0; x < W; ++x)
            if (bd[x]) {
                id[x] = static_cast<int>(pixels.size());
                pixels.emplace_back(x, y);
            }
    }
    const std::size_t n = pixels.size();
    if (n == 0)
        return 0;

    // The rows, and which labels take part (those seen in or next to the band).
    const float lambda = static_cast<float>(o.fidelity);
    std::vector<Row> rows(n);
    std::array<int, 256> plane_of;
    plane_of.fill(-1);
    for (std::size_t l = 0; l < label_of.size(); ++l)
        plane_of[label_of[l]] = static_cast<int>(l);
    std::vector<std::uint8_t> used(label_of.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const cv::Point p = pixels[i];
        Row& row = rows[i];
        auto link = [&](int qx, int qy, float w) {
            if (qx < 0 || qy < 0 || qx >= W || qy >= H)
                return;
            row.diag += w;
            const int j = index.at<int>(qy, qx);
            if (j >= 0) {
                row.in[row.n_in] = j;
                row.in_w[row.n_in++] = w;
            } else {
                const std::uint8_t l = arg.at<std::uint8_t>(qy, qx);
                row.out_label[row.n_out] = l;
                row.out_w[row.n_out++] = w;
                if (plane_of[l] >= 0)
                    used[plane_of[l]] = 1;
            }
        };
        for (int k = 0; k < 4; ++k) {
            const cv::Point d = kOffsets[k];
            link(p.x + d.x, p.y + d.y, graph.weight(k, p.y, p.x));
            const int bx = p.x - d.x, by = p.y - d.y;
            if (bx >= 0 && by >= 0 && bx < W && by < H)
                link(bx, by, graph.weight(k, by, bx));
        }
        row.diag += lambda;
        const int pl = plane_of[arg.at<std::uint8_t>(p.y, p.x)];
        if (pl >= 0)
            used[pl] = 1;
    }
    std::vector<int> planes;
    for (std::size_t l = 0; l < label_of.size(); ++l)
        if (used[l])
            planes.push_back(static_cast<int>(l));
    std::vector<std::vector<float>> x(planes.size(), std::vector<float>(n));
    cv::parallel_for_(cv::Range(0, static_cast<int>(planes.size())), [&](const cv::Range& r) {
        for (int k = r.start; k < r.end; ++k) {
            const int l = planes[k];
            const int label = label_of[l];
            std::vector<float> b(n);
            for (std::size_t i = 0; i < n; ++i) {
                const Row& row = rows[i];
                const float s = scores[l].at<float>(pixels[i].y, pixels[i].x);
                float v = lambda * s;
                for (int j = 0; j < row.n_out; ++j)
                    if (row.out_label[j] == label)
                        v += row.out_w[j];
                b[i] = v;
                x[k][i] = s;
            }
            solve(rows, b, x[k], o.max_iterations, o.tolerance);
        }
    });
    for (std::size_t i = 0; i < n; ++i) {
        int best = -1;
        float best_v = -1e9f;
        for (std::size_t k = 0; k < planes.size(); ++k)
            if (x[k][i] > best_v)
                best_v = x[k][i], best = planes[k];
        if (best >= 0)
            arg.at<std::uint8_t>(pixels[i].y, pixels[i].x) =
                static_cast<std::uint8_t>(label_of[best]);
    }
    return n;
}

}  // namespace amr::review
