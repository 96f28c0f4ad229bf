#pragma once
// Full-resolution finish of the guided walk (issue 21): the walk decides labels on the boundary
// map's stride-4 grid, so its upsampled result cannot follow an object's outline closer than a
// few pixels, nor a part thinner than a cell. This step re-decides a narrow band around the
// upsampled labels' edges with a random walk on the image's own pixels (8-neighbour weights
// exp(−β·|ΔI|²) of the slightly blurred colours): pixels outside the band keep the upsampled
// label and act as seeds, and every band pixel is pulled weakly towards the upsampled score, so
// the edge moves to the strongest colour edge nearby and stays put where the colours are flat.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace amr::review {

struct EdgeRefineOptions {
    int band = 6;            // half-width of the band around label edges (pixels; 0 = off)
    double beta = 1.0;       // weight exp(−beta · |ΔI|² / mean |ΔI|²)
    double fidelity = 0.02;  // pull of a band pixel towards its upsampled score
    int max_iterations = 200;
    double tolerance = 1e-3;

    void check() const;  // throws amr::Error naming the bad field
};

// The image's pixel graph, built once per image.
class EdgeGraph {
public:
    EdgeGraph() = default;
    EdgeGraph(const cv::Mat& bgr, const EdgeRefineOptions& options);
    bool empty() const { return size_.area() == 0; }
    cv::Size size() const { return size_; }
    // Weight between pixel (y, x) and its neighbour at offset k (0: right, 1: down,
    // 2: down-right, 3: down-left); 0 past the border.
    float weight(int k, int y, int x) const {
        return w_[k][static_cast<std::size_t>(y) * size_.width + x];
    }

private:
    cv::Size size_;
    std::vector<float> w_[4];
};

// Re-decides the band of `arg` (CV_8UC1 labels, the arg-max of `scores`) around its label edges.
// `scores[l]` (CV_32FC1, image size) is the upsampled score of label `label_of[l]`; `fixed`
// (CV_8UC1, non-zero = keep, e.g. the clicks' discs) may be empty. Returns the band pixels'
// count.
std::size_t refine_at_edges(const EdgeGraph& graph, const std::vector<cv::Mat>& scores,
                            const std::vector<int>& label_of, const cv::Mat& fixed, cv::Mat& arg,
                            const EdgeRefineOptions& options);

}  // namespace amr::review
