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

struct CamInferenceOptions {
    std::vector<double> scales{1.0};
    bool flip = true;
    bool high_res = true;
};

// CAMs of one image (CV_8UC3, BGR) for the classes `keys` (0-based), both branches fused over the
// scales and max-normalised per class and branch. Runs without gradients.
CamEntry infer_cams(const CamNet& net, const cv::Mat& bgr, const std::vector<int>& keys,
                    const CamInferenceOptions& options);

}  // namespace amr::cam
