#include "engine/refine/dense_crf.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/error.h"
#include "engine/refine/parallel_chunks.h"
#include "engine/refine/permutohedral.h"

namespace amr::refine {

namespace {

void require(bool ok, const std::string& field, const std::string& why) {
    if (!ok)
        throw Error("dense CRF option " + field + ": " + why);
}

// A Potts pairwise term: its lattice and the symmetric normalisation n_i of docs/method.md §5.1.
struct Kernel {
    std::optional<PermutohedralLattice> lattice;
    std::vector<float> norm;  // (Σ_j k(i,j) + 1e-20)^(−1/2), self-term included
    float weight = 0;
};

void normalise(Kernel& kernel, int n) {
    std::vector<float> ones(static_cast<std::size_t>(n), 1.f);
    kernel.norm.resize(static_cast<std::size_t>(n));
    kernel.lattice->filter(ones.data(), kernel.norm.data(), 1);
    for (float& v : kernel.norm)
        v = static_cast<float>(1.0 / std::sqrt(static_cast<double>(std::max(v, 0.f)) + 1e-20));
}

// exp(x) for −87 <= x <= 0 (arguments after subtracting the row maximum, clamped by the
// caller): 2^n · p(r) with a degree-6 polynomial on |r| <= ln2/2 (relative error ~3e-7).
// Branch-free, so the loop over a whole block vectorises, unlike std::exp.
inline float exp_nonpositive(float x) {
    // Round to nearest by truncation (x <= 0): no libm call, no branch.
    const float n = static_cast<float>(static_cast<std::int32_t>(x * 1.44269504f - 0.5f));
    const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;
    float p = 1.f / 720;
    p = p * r + 1.f / 120;
    p = p * r + 1.f / 24;
    p = p * r + 1.f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.f;
    p = p * r + 1.f;
    return p * std::bit_cast<float>((static_cast<std::int32_t>(n) + 127) << 23);
}

// Row-wise softmax of n × labels values, in place.
void softmax_rows(std::vector<float>& values, int labels, int threads) {
    const std::size_t l = static_cast<std::size_t>(labels);
    const int n = static_cast<int>(values.size() / l);
    parallel_chunks(n, threads, 4096, [&](int begin, int end) {
        float* block = values.data() + begin * l;
        const std::size_t size = static_cast<std::size_t>(end - begin) * l;
        for (std::size_t base = 0; base < size; base += l) {
            const float top = *std::max_element(block + base, block + base + l);
            for (std::size_t c = 0; c < l; ++c)
                block[base + c] = std::max(block[base + c] - top, -87.f);
        }
        for (std::size_t i = 0; i < size; ++i)
            block[i] = exp_nonpositive(block[i]);
        for (std::size_t base = 0; base < size; base += l) {
            float sum = 0;
            for (std::size_t c = 0; c < l; ++c)
                sum += block[base + c];
            const float inv = 1.f / sum;
            for (std::size_t c = 0; c < l; ++c)
                block[base + c] *= inv;
        }
    });
}

}  // namespace

void DenseCrfOptions::check() const {
    require(iterations >= 0, "iterations", "must be >= 0, got " + std::to_string(iterations));
    auto positive = [](float v) { return std::isfinite(v) && v > 0; };
    auto non_negative = [](float v) { return std::isfinite(v) && v >= 0; };
    require(positive(gauss_sxy), "gauss_sxy", "must be > 0");
    require(non_negative(gauss_weight), "gauss_weight", "must be >= 0");
    require(positive(bilateral_sxy), "bilateral_sxy", "must be > 0");
    require(positive(bilateral_srgb), "bilateral_srgb", "must be > 0");
    require(non_negative(bilateral_weight), "bilateral_weight", "must be >= 0");
    require(threads >= 0, "threads", "must be >= 0");
}

DenseCrfOptions deeplab_crf_options() {
    DenseCrfOptions o;
    o.iterations = 10;
    o.gauss_sxy = 1;
    o.gauss_weight = 3;
    o.bilateral_sxy = 67;
    o.bilateral_srgb = 3;
    o.bilateral_weight = 4;
    return o;
}

std::vector<cv::Mat> unary_from_probabilities(const std::vector<cv::Mat>& probabilities) {
    std::vector<cv::Mat> unary(probabilities.size());
    for (std::size_t c = 0; c < probabilities.size(); ++c) {
        if (probabilities[c].type() != CV_32FC1)
            throw Error("dense CRF: probability planes must be CV_32FC1");
        cv::max(probabilities[c], 1e-5, unary[c]);
        cv::log(unary[c], unary[c]);
        unary[c] *= -1;
    }
    return unary;
}

// Kernels of one image: features already divided by their standard deviations.
struct DenseCrf::Impl {
    DenseCrfOptions options;
    int rows = 0, cols = 0;
    Kernel gauss, bilateral;
};

DenseCrf::DenseCrf(const cv::Mat& bgr, const DenseCrfOptions& options)
    : impl_(std::make_unique<Impl>()) {
    options.check();
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("dense CRF: the image must be 8-bit with 3 channels");
    Impl& m = *impl_;
    m.options = options;
    const int rows = m.rows = bgr.rows, cols = m.cols = bgr.cols;
    const int n = rows * cols;
    m.gauss.weight = options.gauss_weight;
    m.bilateral.weight = options.bilateral_weight;
    if (m.gauss.weight > 0 && options.iterations > 0) {
        std::vector<float> f(static_cast<std::size_t>(n) * 2);
        const float inv = 1.f / options.gauss_sxy;
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) {
                float* p = f.data() + (static_cast<std::size_t>(y) * cols + x) * 2;
                p[0] = x * inv;
                p[1] = y * inv;
            }
        m.gauss.lattice.emplace(f.data(), n, 2, options.threads);
        normalise(m.gauss, n);
    }
    if (m.bilateral.weight > 0 && options.iterations > 0) {
        std::vector<float> f(static_cast<std::size_t>(n) * 5);
        const float inv_xy = 1.f / options.bilateral_sxy, inv_rgb = 1.f / options.bilateral_srgb;
        for (int y = 0; y < rows; ++y) {
            const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
            for (int x = 0; x < cols; ++x) {
                float* p = f.data() + (static_cast<std::size_t>(y) * cols + x) * 5;
                p[0] = x * inv_xy;
                p[1] = y * inv_xy;
                p[2] = row[x][2] * inv_rgb;  // R
                p[3] = row[x][1] * inv_rgb;  // G
                p[4] = row[x][0] * inv_rgb;  // B
            }
        }
        m.bilateral.lattice.emplace(f.data(), n, 5, options.threads);
        normalise(m.bilateral, n);
    }
}

DenseCrf::~DenseCrf() = default;
DenseCrf::DenseCrf(DenseCrf&&) noexcept = default;
DenseCrf& DenseCrf::operator=(DenseCrf&&) noexcept = default;

std::vector<cv::Mat> DenseCrf::inference(const std::vector<cv::Mat>& unary) const {
    const Impl& m = *impl_;
    const DenseCrfOptions& options = m.options;
    const int rows = m.rows, cols = m.cols;
    if (unary.empty())
        throw Error("dense CRF: no unary planes");
    const int labels = static_cast<int>(unary.size());
    for (const cv::Mat& plane : unary)
        if (plane.type() != CV_32FC1 || plane.rows != rows || plane.cols != cols)
            throw Error("dense CRF: unary planes must be CV_32FC1 of the image's size " +
                        std::to_string(cols) + "x" + std::to_string(rows));
    const int n = rows * cols;
    const std::size_t l = static_cast<std::size_t>(labels);

    // Interleaved n × labels buffers: one lattice pass filters every label plane at once.
    std::vector<float> neg_unary(static_cast<std::size_t>(n) * l);
    for (int c = 0; c < labels; ++c)
        for (int y = 0; y < rows; ++y) {
            const float* src = unary[c].ptr<float>(y);
            float* dst = neg_unary.data() + static_cast<std::size_t>(y) * cols * l + c;
            for (int x = 0; x < cols; ++x)
                dst[x * l] = -src[x];
        }
    std::vector<float> q = neg_unary;
    softmax_rows(q, labels, options.threads);

    std::vector<float> next(q.size()), scratch;
    for (int it = 0; it < options.iterations; ++it) {
        std::copy(neg_unary.begin(), neg_unary.end(), next.begin());
        for (const Kernel* kernel : {&m.gauss, &m.bilateral}) {
            if (!kernel->lattice)
                continue;
            // m_i = n_i Σ_j k(i,j) n_j Q_j; Potts: the energy falls by w·m_i(l) for label l.
            kernel->lattice->filter_scaled(q.data(), kernel->norm.data(), next.data(),
                                           kernel->norm.data(), kernel->weight, labels, scratch);
        }
        softmax_rows(next, labels, options.threads);
        q.swap(next);
    }

    std::vector<cv::Mat> marginals(l);
    for (int c = 0; c < labels; ++c) {
        marginals[c].create(rows, cols, CV_32FC1);
        for (int y = 0; y < rows; ++y) {
            float* dst = marginals[c].ptr<float>(y);
            const float* src = q.data() + static_cast<std::size_t>(y) * cols * l + c;
            for (int x = 0; x < cols; ++x)
                dst[x] = src[x * l];
        }
    }
    return marginals;
}

std::vector<cv::Mat> dense_crf(const std::vector<cv::Mat>& unary, const cv::Mat& bgr,
                               const DenseCrfOptions& options) {
    return DenseCrf(bgr, options).inference(unary);
}

cv::Mat crf_inference_label(const cv::Mat& labels, int n, const cv::Mat& bgr,
                            const DenseCrfOptions& options, float gt_prob) {
    if (labels.size() != bgr.size())
        throw Error("label CRF: the label map and the image differ in size");
    return DenseCrf(bgr, options).infer_labels(labels, n, gt_prob);
}

cv::Mat DenseCrf::infer_labels(const cv::Mat& labels, int n, float gt_prob) const {
    if (labels.empty() || labels.type() != CV_8UC1)
        throw Error("label CRF: the label map must be CV_8UC1");
    if (n < 1 || n > 255)
        throw Error("label CRF: the number of labels must be in 1..255, got " + std::to_string(n));
    if (!(gt_prob > 0 && gt_prob < 1))
        throw Error("label CRF: gt_prob must lie in (0, 1)");
    if (labels.rows != impl_->rows || labels.cols != impl_->cols)
        throw Error("label CRF: the label map and the image differ in size");
    double max_label = 0;
    cv::minMaxLoc(labels, nullptr, &max_label);
    if (max_label >= n)
        throw Error("label CRF: label " + std::to_string(static_cast<int>(max_label)) +
                    " is not below the number of labels " + std::to_string(n));
    if (n == 1)
        return cv::Mat::zeros(labels.size(), CV_8UC1);

    // U(l) = −ln gt_prob for the given label, −ln((1 − gt_prob)/(n − 1)) for the others.
    const float sure = -std::log(gt_prob);
    const float unsure = -std::log((1 - gt_prob) / static_cast<float>(n - 1));
    std::vector<cv::Mat> unary(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) {
        unary[c].create(labels.size(), CV_32FC1);
        for (int y = 0; y < labels.rows; ++y) {
            const std::uint8_t* src = labels.ptr<std::uint8_t>(y);
            float* dst = unary[c].ptr<float>(y);
            for (int x = 0; x < labels.cols; ++x)
                dst[x] = src[x] == c ? sure : unsure;
        }
    }
    return argmax_planes(inference(unary));
}

cv::Mat argmax_planes(const std::vector<cv::Mat>& planes) {
    if (planes.empty())
        throw Error("argmax: no planes");
    if (planes.size() > 256)
        throw Error("argmax: more than 256 planes do not fit 8-bit labels");
    cv::Mat out = cv::Mat::zeros(planes[0].size(), CV_8UC1);
    for (const cv::Mat& plane : planes)
        if (plane.type() != CV_32FC1 || plane.size() != out.size())
            throw Error("argmax: planes must be CV_32FC1 of one size");
    for (int y = 0; y < out.rows; ++y) {
        std::uint8_t* dst = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < out.cols; ++x) {
            float best = planes[0].ptr<float>(y)[x];
            int best_c = 0;
            for (std::size_t c = 1; c < planes.size(); ++c) {
                const float v = planes[c].ptr<float>(y)[x];
                if (v > best) {
                    best = v;
                    best_c = static_cast<int>(c);
                }
            }
            dst[x] = static_cast<std::uint8_t>(best_c);
        }
    }
    return out;
}

}  // namespace amr::refine
