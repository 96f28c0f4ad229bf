#pragma once
// Dataset-level confusion matrix of label images and the metrics derived from it (AMR spec
// §4.5 eval_cam and §5.6 eval_sem_seg): rows = ground truth, columns = prediction, over
// background + the foreground classes.

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/core/error.h"

namespace amr::eval {

// What add() does with prediction pixels of value 255 (void).
enum class PredVoid {
    kAsBackground,  // counted as background, as the official eval_sem_seg does
    kIgnore,        // the pixel is left out of the matrix
};

// Thrown by ConfusionMatrix::add() for a label value that is neither a class nor void. The
// message says which image (ground truth or prediction), the value and the valid range; the
// caller knows the file and rethrows amr::Error(file, e.problem()).
class LabelValueError : public Error {
public:
    LabelValueError(bool in_prediction, int value, int x, int y, int num_labels);
    bool in_prediction() const { return in_prediction_; }
    int value() const { return value_; }

private:
    bool in_prediction_;
    int value_;
};

class ConfusionMatrix {
public:
    // num_labels = background + foreground classes (ClassList::num_labels()); 1..255.
    explicit ConfusionMatrix(int num_labels);

    int num_labels() const { return n_; }

    // Counts one pair of CV_8UC1 label images of the same size. Ground-truth 255 (void) pixels
    // are skipped; prediction 255 is handled as `pred_void` says. Throws amr::Error on a type or
    // size mismatch and LabelValueError on any other value >= num_labels; the matrix is left
    // unchanged when it throws.
    void add(const cv::Mat& gt, const cv::Mat& pred, PredVoid pred_void = PredVoid::kAsBackground);

    // Adds another matrix's counts (same num_labels), e.g. one built on another thread.
    void merge(const ConfusionMatrix& other);
    // Adds row-major n x n counts (e.g. another process's counts()); throws on a size mismatch.
    void merge_counts(const std::vector<std::int64_t>& counts);
    void clear();

    std::int64_t at(int gt, int pred) const { return counts_[std::size_t(gt) * n_ + pred]; }
    std::int64_t row_sum(int gt) const;    // ground-truth pixels of class gt
    std::int64_t col_sum(int pred) const;  // predicted pixels of class pred
    std::int64_t total() const;            // all counted pixels
    // Row-major n x n counts.
    const std::vector<std::int64_t>& counts() const { return counts_; }

    bool operator==(const ConfusionMatrix& other) const = default;

private:
    int n_;
    std::vector<std::int64_t> counts_;
};

// Per-label figures; values that divide by zero are NaN.
struct ClassMetrics {
    double iou = 0;                // n_kk / (GT_k + Pred_k - n_kk)
    double precision = 0;          // n_kk / Pred_k
    double recall = 0;             // n_kk / GT_k
    double fp = 0;                 // 1 - GT_k / union_k: share of the union predicted but not in GT
    double fn = 0;                 // 1 - Pred_k / union_k: share of the union in GT but missed
    std::int64_t gt_pixels = 0;    // GT_k, row sum
    std::int64_t pred_pixels = 0;  // Pred_k, column sum
};

struct Metrics {
    std::vector<ClassMetrics> classes;  // index = label (0 = background)
    double miou = 0;                    // mean IoU over labels whose IoU is defined
    double pixel_accuracy = 0;          // trace / total
    double bg_fp = 0, bg_fn = 0;        // classes[0].fp / .fn
    double fg_fp = 0, fg_fn = 0;        // mean over foreground labels, NaN ignored
    // Of the pixels predicted as foreground, the share that is GT background (§4.5).
    double fg_pred_on_bg = 0;
    std::int64_t total_pixels = 0;
};

Metrics compute_metrics(const ConfusionMatrix& cm);

// "WxH" of `m`, for messages about masks of different sizes.
std::string size_text(const cv::Mat& m);

}  // namespace amr::eval
