#pragma once
// The per-image inference step of make_cams (see make_cams.h), exposed for tests and callers that
// hold the network themselves.

#include <filesystem>
#include <vector>

#include <torch/torch.h>
#include <opencv2/core.hpp>

#include "engine/cam/cam_store.h"
#include "engine/nn/cam_nets.h"

namespace amr::cam {

// Either an AmrNet or (for a "spotlight" checkpoint) a SpotlightNet, in eval mode on `device`.
struct CamNet {
    nn::AmrNet amr{nullptr};
    nn::SpotlightNet spotlight{nullptr};
    nn::ResNetLayout layout = nn::ResNetLayout::kTorchvision;
    int64_t num_classes = 0;
    torch::Device device = torch::kCPU;
};

// Loads an "amr" or "spotlight" checkpoint strictly; throws amr::Error naming the file.
CamNet load_cam_net(const std::filesystem::path& checkpoint, const torch::Device& device);

// Anti-adversarial climbing (AdvCAM, docs/method.md §4.3).
struct AdversarialOptions {
    int iterations = 27;  // T; scale 0.5 runs half_scale_iterations(T) (the official 13)
    double step = 0.08;   // ξ
    double lambda = 7.0;  // weight of the restriction loss L_AD
    double tau = 0.5;     // mask threshold of L_AD, relative to the map's max

    void check() const;  // throws amr::Error naming the bad field
};

// The climbing iterations at scale 0.5 for T at the other scales, as the official make_cam
// counts them: T/2 when T > 10, 5 when 6 ≤ T ≤ 10, T itself when T < 6 (docs/method.md §4.3).
int half_scale_iterations(int t);

struct CamInferenceOptions {
    std::vector<double> scales{1.0};
    bool flip = true;
    bool high_res = true;
    // The §4.2 Grad-CAM factor P_k / (K⁺·(P_0 + P_1)) on each scale's ReLU CAM. On by default:
    // the official plain variant (adv_iter = 1) has it. It weighs an image against its flipped
    // copy by their shares of positive pixels; every scale's weights sum to 1/K⁺, so without
    // flip it is a per-class constant that the max normalisation removes.
    bool gradcam_scale = true;
    bool adversarial = false;  // §4.3 climbing (slow: gradient passes per class and scale)
    AdversarialOptions climbing;
};

// CAMs of one image (CV_8UC3, BGR) for the classes `keys` (0-based), both branches fused over the
// scales and max-normalised per class and branch. Without climbing it runs without gradients.
CamEntry infer_cams(const CamNet& net, const cv::Mat& bgr, const std::vector<int>& keys,
                    const CamInferenceOptions& options);

// The network input of one scale: [I, flip_w(I)] (or [I]) normalised for the net, B×3×h×w.
torch::Tensor cam_input(const CamNet& net, const cv::Mat& rgb, bool flip);

// The flip-merged map A of §4.2 for the classes `classes` (indices into the net's classes) of
// one branch (second = compensation) on input `x`: K×h'×w', with the Grad-CAM factor when
// `gradcam_scale`. Differentiable w.r.t. x when gradients are enabled.
torch::Tensor merged_cam(const CamNet& net, const torch::Tensor& x, bool second,
                         const torch::Tensor& classes, bool gradcam_scale);

struct ClimbResult {
    torch::Tensor map;    // Σ_t A^t, h'×w' (iterations maps accumulated)
    torch::Tensor input;  // X after the last update step (X^{T-1}; X^0 when T = 1)
};

// §4.3 for one branch, one scale and one class `cls`, starting from x (cam_input()).
ClimbResult adversarial_climb(const CamNet& net, const torch::Tensor& x, bool second, int64_t cls,
                              int iterations, const AdversarialOptions& options,
                              bool gradcam_scale = true);

}  // namespace amr::cam
