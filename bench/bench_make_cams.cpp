// make_cams' per-image inference (4 scales + flip, both AMR branches, full-resolution maps)
// against the bare forward passes of the same batches, and what batching the spotlight branch
// over images of one size would gain. ResNet-50 AMR net, random init (speed only).
//
//   bench_make_cams [images=3] [width=250] [height=188] [device=cpu|cuda] [classes=2] [threads=all]
// Goal: CAM images/s ≥ 0.9 × the bare forward images/s.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_inference.h"
#include "engine/core/runtime.h"
#include "engine/nn/pil_resize.h"

using amr::cam::CamNet;

namespace {

using Clock = std::chrono::steady_clock;

void sync(const torch::Device& d) {
    if (d.is_cuda())
        torch::cuda::synchronize();
}

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int images = argc > 1 ? std::atoi(argv[1]) : 3;
    const int width = argc > 2 ? std::atoi(argv[2]) : 250;
    const int height = argc > 3 ? std::atoi(argv[3]) : 188;
    const std::string device = argc > 4 ? argv[4] : "cpu";
    const int classes = argc > 5 ? std::atoi(argv[5]) : 2;
    amr::init_runtime(argc > 6 ? std::atoi(argv[6]) : 0);
    const std::vector<double> scales{1.0, 0.5, 1.5, 2.0};

    CamNet net;
    net.device = device == "cuda" ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    torch::manual_seed(1);
    amr::nn::AmrNetOptions o;
    o.num_classes = 20;
    net.amr = amr::nn::AmrNet(o);
    net.amr->to(net.device);
    net.amr->eval();
    for (auto& p : net.amr->parameters())
        p.set_requires_grad(false);
    net.layout = o.backbone.layout;
    net.num_classes = 20;

    cv::Mat bgr(height, width, CV_8UC3);
    cv::randu(bgr, 0, 255);
    std::vector<int> keys;
    for (int k = 0; k < classes; ++k)
        keys.push_back(3 * k);
    amr::cam::CamInferenceOptions io;
    io.scales = scales;
    std::printf(
        "ResNet-50 AMR net, %dx%d image, %d classes, scales 1/0.5/1.5/2 + flip, %s, %d "
        "torch threads\n",
        width, height, classes, device.c_str(), torch::get_num_threads());

    // Warm-up (allocator, kernels).
    amr::cam::infer_cams(net, bgr, keys, io);
    sync(net.device);

    auto t0 = Clock::now();
    for (int i = 0; i < images; ++i)
        amr::cam::infer_cams(net, bgr, keys, io);
    sync(net.device);
    const double cam_s = seconds_since(t0) / images;

    // The same batches through the bare network: inputs prepared beforehand, no post-processing.
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    std::vector<torch::Tensor> inputs;
    for (double s : scales) {
        cv::Mat img = rgb;
        if (s != 1.0)
            img = amr::nn::pil_resize(rgb, cv::Size(int(width * s + 0.5), int(height * s + 0.5)),
                                      amr::nn::PilFilter::kBicubic);
        inputs.push_back(amr::cam::cam_input(net, img, true));
    }
    torch::NoGradGuard no_grad;
    t0 = Clock::now();
    for (int i = 0; i < images; ++i)
        for (const auto& x : inputs) {
            net.amr->cam(x, amr::nn::AmrBranch::kSpotlight);
            net.amr->cam(x, amr::nn::AmrBranch::kCompensation);
        }
    sync(net.device);
    const double bare_s = seconds_since(t0) / images;
    std::printf("make-cam inference  %.3f s/image  %.2f images/s\n", cam_s, 1 / cam_s);
    std::printf("bare forward        %.3f s/image  %.2f images/s\n", bare_s, 1 / bare_s);
    std::printf("ratio (goal >= 0.9) %.2f\n", bare_s / cam_s);

    // Batching: the spotlight branch (no batch-dependent layer) for 4 images of one size, as
    // 4 pairs or as one batch of 8. The compensation branch cannot be batched (its AMMs
    // normalise with the whole batch's statistics).
    const auto& x = inputs[0];
    auto big = torch::cat({x, x, x, x}, 0);
    t0 = Clock::now();
    for (int i = 0; i < images; ++i)
        for (int j = 0; j < 4; ++j)
            net.amr->cam(x, amr::nn::AmrBranch::kSpotlight);
    sync(net.device);
    const double pairs_s = seconds_since(t0) / images;
    t0 = Clock::now();
    for (int i = 0; i < images; ++i)
        net.amr->cam(big, amr::nn::AmrBranch::kSpotlight);
    sync(net.device);
    const double batch_s = seconds_since(t0) / images;
    std::printf(
        "spotlight, 4 images at scale 1: 4 batches of 2 %.3f s, 1 batch of 8 %.3f s "
        "(speed-up %.2f)\n",
        pairs_s, batch_s, pairs_s / batch_s);
    return 0;
}
