#include "engine/eval/confusion_matrix.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace amr::eval {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kVoidValue = 255;

// Counting strategy for add(): every label value is mapped through a lookup table to a code
// (0..n-1 = label, n = skip, n+1 = invalid), and each pixel increments one bin of an
// (n+2) x (n+2) histogram: no per-pixel branches. Validation and folding into the matrix happen
// once per image on the small histogram. Four histogram lanes break the store-to-load
// dependency that long runs of one label (the common case in masks) would otherwise create.
constexpr int kLanes = 4;
// Pixels counted into the 32-bit lanes before they are folded into 64-bit totals.
constexpr std::size_t kFlushPixels = std::size_t(1) << 30;

class PairHistogram {
public:
    explicit PairHistogram(int stride)
        : bins_(std::size_t(stride) * stride), lanes_(kLanes * bins_, 0), totals_(bins_, 0) {}

    void count(const std::uint8_t* g, const std::uint8_t* p, std::size_t len,
               const std::array<std::uint32_t, 256>& row_code,
               const std::array<std::uint32_t, 256>& col_code) {
        while (len > 0) {
            std::size_t chunk = std::min(len, kFlushPixels - pending_);
            count_chunk(g, p, chunk, row_code, col_code);
            g += chunk;
            p += chunk;
            len -= chunk;
            pending_ += chunk;
            if (pending_ >= kFlushPixels)
                flush();
        }
    }

    // Folds the lanes into 64-bit totals and returns them (row-major, stride x stride).
    const std::vector<std::uint64_t>& totals() {
        flush();
        return totals_;
    }

private:
    void count_chunk(const std::uint8_t* g, const std::uint8_t* p, std::size_t len,
                     const std::array<std::uint32_t, 256>& row_code,
                     const std::array<std::uint32_t, 256>& col_code) {
        std::uint32_t* h0 = lanes_.data();
        std::uint32_t* h1 = h0 + bins_;
        std::uint32_t* h2 = h1 + bins_;
        std::uint32_t* h3 = h2 + bins_;
        std::size_t i = 0;
        for (; i + 4 <= len; i += 4) {
            ++h0[row_code[g[i]] + col_code[p[i]]];
            ++h1[row_code[g[i + 1]] + col_code[p[i + 1]]];
            ++h2[row_code[g[i + 2]] + col_code[p[i + 2]]];
            ++h3[row_code[g[i + 3]] + col_code[p[i + 3]]];
        }
        for (; i < len; ++i)
            ++h0[row_code[g[i]] + col_code[p[i]]];
    }

    void flush() {
        if (pending_ == 0)
            return;
        for (int l = 0; l < kLanes; ++l) {
            std::uint32_t* lane = lanes_.data() + l * bins_;
            for (std::size_t b = 0; b < bins_; ++b) {
                totals_[b] += lane[b];
                lane[b] = 0;
            }
        }
        pending_ = 0;
    }

    std::size_t bins_;
    std::vector<std::uint32_t> lanes_;
    std::vector<std::uint64_t> totals_;
    std::size_t pending_ = 0;
};

// The first pixel of `m` whose code is `bad` (only called once an invalid value is known to exist).
LabelValueError locate_bad_value(const cv::Mat& m, const std::array<std::uint32_t, 256>& code,
                                 std::uint32_t bad, bool in_prediction, int num_labels) {
    for (int y = 0; y < m.rows; ++y) {
        const auto* row = m.ptr<std::uint8_t>(y);
        for (int x = 0; x < m.cols; ++x)
            if (code[row[x]] == bad)
                return LabelValueError(in_prediction, row[x], x, y, num_labels);
    }
    return LabelValueError(in_prediction, -1, -1, -1, num_labels);  // not reached
}

double ratio(double num, double den) {
    return den == 0 ? kNaN : num / den;
}

double nan_mean(const std::vector<double>& values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        sum += v;
        ++n;
    }
    return n ? sum / n : kNaN;
}

}  // namespace

std::string size_text(const cv::Mat& m) {
    return std::to_string(m.cols) + "x" + std::to_string(m.rows);
}

LabelValueError::LabelValueError(bool in_prediction, int value, int x, int y, int num_labels)
    : Error((in_prediction ? "prediction" : "ground truth") + std::string(" has label value ") +
            std::to_string(value) + " at pixel (x=" + std::to_string(x) + ", y=" +
            std::to_string(y) + "); valid values are 0.." + std::to_string(num_labels - 1) +
            " (background and " + std::to_string(num_labels - 1) + " classes) and 255 (void)"),
      in_prediction_(in_prediction),
      value_(value) {}

ConfusionMatrix::ConfusionMatrix(int num_labels) : n_(num_labels) {
    if (num_labels < 1 || num_labels > kVoidValue)
        throw Error("a confusion matrix needs 1..255 labels, got " + std::to_string(num_labels));
    counts_.assign(std::size_t(n_) * n_, 0);
}

void ConfusionMatrix::add(const cv::Mat& gt, const cv::Mat& pred, PredVoid pred_void) {
    if (gt.type() != CV_8UC1)
        throw Error("ground truth is not a single-channel 8-bit label image");
    if (pred.type() != CV_8UC1)
        throw Error("prediction is not a single-channel 8-bit label image");
    if (gt.size() != pred.size())
        throw Error("prediction is " + size_text(pred) + " but the ground truth is " +
                    size_text(gt));

    const std::uint32_t stride = n_ + 2;
    const std::uint32_t skip = n_, bad = n_ + 1;
    std::array<std::uint32_t, 256> row_code{}, col_code{};
    for (int v = 0; v < 256; ++v) {
        std::uint32_t r = v < n_ ? v : v == kVoidValue ? skip : bad;
        std::uint32_t c = v < n_ ? v : v == kVoidValue ? skip : bad;
        if (v == kVoidValue && pred_void == PredVoid::kAsBackground)
            c = 0;
        row_code[v] = r * stride;  // pre-multiplied: the bin is row_code + col_code
        col_code[v] = c;
    }

    PairHistogram hist(stride);
    if (gt.isContinuous() && pred.isContinuous()) {
        hist.count(gt.data, pred.data, gt.total(), row_code, col_code);
    } else {
        for (int y = 0; y < gt.rows; ++y)
            hist.count(gt.ptr<std::uint8_t>(y), pred.ptr<std::uint8_t>(y), gt.cols, row_code,
                       col_code);
    }
    const auto& h = hist.totals();

    for (std::uint32_t c = 0; c < stride; ++c)
        if (h[bad * stride + c])
            throw locate_bad_value(gt, row_code, bad * stride, false, n_);
    for (std::uint32_t r = 0; r < stride; ++r)
        if (h[r * stride + bad])
            throw locate_bad_value(pred, col_code, bad, true, n_);

    for (int r = 0; r < n_; ++r)
        for (int c = 0; c < n_; ++c)
            counts_[std::size_t(r) * n_ + c] += static_cast<std::int64_t>(h[r * stride + c]);
}

void ConfusionMatrix::merge(const ConfusionMatrix& other) {
    if (other.n_ != n_)
        throw Error("cannot merge confusion matrices of " + std::to_string(n_) + " and " +
                    std::to_string(other.n_) + " labels");
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i];
}

void ConfusionMatrix::merge_counts(const std::vector<std::int64_t>& counts) {
    if (counts.size() != counts_.size())
        throw Error("cannot merge " + std::to_string(counts.size()) +
                    " counts into a confusion matrix of " + std::to_string(n_) + " labels");
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += counts[i];
}

void ConfusionMatrix::clear() {
    std::fill(counts_.begin(), counts_.end(), 0);
}

std::int64_t ConfusionMatrix::row_sum(int gt) const {
    auto first = counts_.begin() + std::size_t(gt) * n_;
    return std::accumulate(first, first + n_, std::int64_t{0});
}

std::int64_t ConfusionMatrix::col_sum(int pred) const {
    std::int64_t s = 0;
    for (int r = 0; r < n_; ++r)
        s += at(r, pred);
    return s;
}

std::int64_t ConfusionMatrix::total() const {
    return std::accumulate(counts_.begin(), counts_.end(), std::int64_t{0});
}

Metrics compute_metrics(const ConfusionMatrix& cm) {
    const int n = cm.num_labels();
    Metrics m;
    m.classes.resize(n);
    std::vector<double> ious(n), fg_fp, fg_fn;
    std::int64_t trace = 0;
    for (int k = 0; k < n; ++k) {
        ClassMetrics& c = m.classes[k];
        const double tp = static_cast<double>(cm.at(k, k));
        c.gt_pixels = cm.row_sum(k);
        c.pred_pixels = cm.col_sum(k);
        const double gt = static_cast<double>(c.gt_pixels);
        const double pred = static_cast<double>(c.pred_pixels);
        const double uni = gt + pred - tp;
        c.iou = ratio(tp, uni);
        c.precision = ratio(tp, pred);
        c.recall = ratio(tp, gt);
        // As the official eval_sem_seg writes them (docs/method.md §5.6).
        c.fp = uni == 0 ? kNaN : 1.0 - gt / uni;
        c.fn = uni == 0 ? kNaN : 1.0 - pred / uni;
        ious[k] = c.iou;
        if (k > 0) {
            fg_fp.push_back(c.fp);
            fg_fn.push_back(c.fn);
        }
        trace += cm.at(k, k);
    }
    m.total_pixels = cm.total();
    m.miou = nan_mean(ious);
    m.pixel_accuracy = ratio(static_cast<double>(trace), static_cast<double>(m.total_pixels));
    m.bg_fp = m.classes[0].fp;
    m.bg_fn = m.classes[0].fn;
    m.fg_fp = nan_mean(fg_fp);
    m.fg_fn = nan_mean(fg_fn);
    std::int64_t pred_fg = 0, pred_fg_on_bg = 0;
    for (int k = 1; k < n; ++k) {
        pred_fg += m.classes[k].pred_pixels;
        pred_fg_on_bg += cm.at(0, k);
    }
    m.fg_pred_on_bg = ratio(static_cast<double>(pred_fg_on_bg), static_cast<double>(pred_fg));
    return m;
}

}  // namespace amr::eval
