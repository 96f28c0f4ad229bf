#pragma once
// Fully connected CRF with Gaussian edge potentials (Krähenbühl & Koltun, NIPS 2011), mean-field
// inference with the message passing done by permutohedral-lattice filtering (Adams, Baek &
// Davis, Eurographics 2010). Our own implementation (docs/method.md §5.1, §6.3).

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

namespace amr::refine {

struct DenseCrfOptions {
    int iterations = 10;
    // Gaussian (smoothness) kernel: features (x, y) / gauss_sxy, Potts weight gauss_weight.
    float gauss_sxy = 3;
    float gauss_weight = 3;
    // Bilateral (appearance) kernel: features (x/sxy, y/sxy, R/srgb, G/srgb, B/srgb).
    float bilateral_sxy = 50;
    float bilateral_srgb = 5;
    float bilateral_weight = 10;
    // Threads inside one inference: 0 = OpenCV's pool, 1 = serial (callers that already run
    // several images at once).
    int threads = 0;

    void check() const;  // throws amr::Error naming the bad field
};

// The DeepLab test-time CRF of docs/method.md §6.3 (Gaussian sxy 1, weight 3; bilateral sxy 67,
// srgb 3, weight 4; 10 iterations).
DenseCrfOptions deeplab_crf_options();

// The kernels of one image, built once (two permutohedral lattices and their normalisations)
// and reused by every inference on that image, e.g. the fg and bg seeds of make_seeds.
class DenseCrf {
public:
    // `bgr`: the original 8-bit image (CV_8UC3). Throws amr::Error for bad options or image.
    DenseCrf(const cv::Mat& bgr, const DenseCrfOptions& options);
    ~DenseCrf();
    DenseCrf(DenseCrf&&) noexcept;
    DenseCrf& operator=(DenseCrf&&) noexcept;

    // As dense_crf() below; safe to call from several threads at once.
    std::vector<cv::Mat> inference(const std::vector<cv::Mat>& unary) const;
    // As crf_inference_label() below.
    cv::Mat infer_labels(const cv::Mat& labels, int n, float gt_prob = 0.7f) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Mean-field inference. `unary` holds n planes (CV_32FC1, H×W) of −log probabilities, `bgr` is
// the original 8-bit image (CV_8UC3, H×W). Returns the n marginal planes Q (each pixel sums
// to 1). Symmetric kernel normalisation as in docs/method.md §5.1.
std::vector<cv::Mat> dense_crf(const std::vector<cv::Mat>& unary, const cv::Mat& bgr,
                               const DenseCrfOptions& options);

// −ln(max(p, 1e-5)) of each probability plane (CV_32FC1): the §6.3 unary from a softmax.
std::vector<cv::Mat> unary_from_probabilities(const std::vector<cv::Mat>& probabilities);

// The label CRF of docs/method.md §5.1: unary from a label map (values 0..n−1, CV_8UC1) with
// probability `gt_prob` for the given label, then mean-field; returns the argmax (CV_8UC1).
cv::Mat crf_inference_label(const cv::Mat& labels, int n, const cv::Mat& bgr,
                            const DenseCrfOptions& options = {}, float gt_prob = 0.7f);

// Argmax over planes (CV_8UC1), ties to the earlier plane.
cv::Mat argmax_planes(const std::vector<cv::Mat>& planes);

}  // namespace amr::refine
