#pragma once
// The sparse random walk of docs/method.md §5.5 (steps 3–4). The transition T = A·D⁻¹ (A = a^β on
// the radius-r neighbourhood plus a(p,p) = 1, D = column sums) is kept as one weight per pixel and
// neighbour offset: memory O(hw·n) with n ≤ 69 offsets for r = 5, never (hw)². One step
// x ← x·T replaces every pixel's score by the A-weighted mean over its neighbourhood (itself
// included); 2^exp_times steps equal the official T^(2^exp_times) squarings.

#include <vector>

#include <torch/torch.h>
#include <opencv2/core.hpp>

#include "engine/refine/path_indices.h"

namespace amr::refine {

struct WalkGraph {
    int height = 0;
    int width = 0;
    int margin = 0;               // max |dy|, |dx| of the offsets (radius − 1)
    std::vector<Offset> offsets;  // [0] = (0, 0), then every direction and its reverse
    // offsets.size() planes of height×width: weights[o][j] = T(j + offsets[o] → j) =
    // A(j+o, j) / D(j); 0 where the neighbour lies outside the map.
    std::vector<float> weights;
};

// Affinities from a boundary map B ∈ [0,1] (CV_32FC1): a(p, p+d) = 1 − max of B on the path,
// for pairs with both ends inside the map (the official padding with 1 gives the others 0).
WalkGraph make_walk_graph(const cv::Mat& boundary, int radius, double beta);

// Runs `steps` steps on the K planes (CV_32FC1, the graph's size) in place, on OpenCV's
// thread pool.
void random_walk(std::vector<cv::Mat>& planes, const WalkGraph& graph, int steps);

// The same walk with torch ops (unfold over the (2·margin+1)² window) on any device: K×h×w in,
// K×h×w out.
torch::Tensor random_walk_torch(const torch::Tensor& scores, const WalkGraph& graph, int steps,
                                const torch::Device& device);

struct WalkLabelOptions {
    int radius = 5;
    double beta = 10;
    int exp_times = 8;  // 2^exp_times steps
    double cam_power = 1.5;
    float bg_threshold = 0.25f;  // relative to the global max
};

// Spec §5.5 steps 2–6 for one image: seeds = cams^power ⊙ (1 − B) (cams: K stride-4 planes of
// the boundary map's size), the walk (torch ops on a CUDA device, loops otherwise), ×4
// bilinear upsampling cropped to `image_size`, background plane bg_threshold · global max,
// argmax, plane k > 0 → keys[k−1] + 1. CV_8UC1; all 0 without planes.
cv::Mat walk_to_label(const cv::Mat& boundary, const std::vector<cv::Mat>& cams,
                      const std::vector<int>& keys, cv::Size image_size,
                      const WalkLabelOptions& options, const torch::Device& device);

}  // namespace amr::refine
