// The sparse random walk of docs/method.md §5.5 on a ~500×375 image (boundary map 125×94), K
// classes: graph build, 256 steps, and the whole walk_to_label (walk + ×4 upsampling + argmax);
// peak RSS growth. Optionally the IRN forward of a full ResNet-50 on [img, flip] for the same
// image.
//
//   bench_random_walk [classes=3] [repeats=5] [--net]
// Goal: under 1 s per image on 2 CPU cores.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "engine/refine/irn_net.h"
#include "engine/refine/random_walk.h"

using namespace amr::refine;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

long peak_rss_kb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int classes = 3, repeats = 5;
    bool net = false;
    std::vector<std::string> pos;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--net") == 0)
            net = true;
        else
            pos.push_back(argv[i]);
    if (pos.size() > 0)
        classes = std::atoi(pos[0].c_str());
    if (pos.size() > 1)
        repeats = std::atoi(pos[1].c_str());
    const int H = 375, W = 500, h = (H + 3) / 4, w = (W + 3) / 4;
    std::printf("image %dx%d, maps %dx%d, %d classes, %d threads (OpenCV), %d repeats\n", W, H, w,
                h, classes, cv::getNumThreads(), repeats);

    // A boundary map with a few closed contours and low noise; CAM blobs inside them.
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> noise(0.0f, 0.1f);
    cv::Mat b(h, w, CV_32FC1);
    for (int i = 0; i < h * w; ++i)
        b.ptr<float>()[i] = noise(rng);
    std::vector<cv::Mat> cams;
    for (int k = 0; k < classes; ++k) {
        cv::Point c(20 + 35 * k % (w - 40), 20 + 25 * k % (h - 40));
        cv::circle(b, c, 18, cv::Scalar(0.95), 2);
        cv::Mat cam(h, w, CV_32FC1, cv::Scalar(0));
        cv::circle(cam, c, 10, cv::Scalar(1.0), -1);
        cv::GaussianBlur(cam, cam, cv::Size(15, 15), 0);
        cams.push_back(cam);
    }
    std::vector<int> keys;
    for (int k = 0; k < classes; ++k)
        keys.push_back(k);

    const long rss0 = peak_rss_kb();
    std::vector<double> t_graph, t_walk, t_all;
    for (int r = 0; r < repeats; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        WalkGraph g = make_walk_graph(b, 5, 10);
        t_graph.push_back(ms_since(t0));
        std::vector<cv::Mat> x;
        for (auto& c : cams)
            x.push_back(c.clone());
        t0 = std::chrono::steady_clock::now();
        random_walk(x, g, 256);
        t_walk.push_back(ms_since(t0));
        t0 = std::chrono::steady_clock::now();
        cv::Mat label = walk_to_label(b, cams, keys, cv::Size(W, H), {}, torch::kCPU);
        t_all.push_back(ms_since(t0));
        if (r == 0)
            std::printf("labelled pixels: %d of %d\n", cv::countNonZero(label), W * H);
    }
    const long rss1 = peak_rss_kb();
    std::printf("graph build  median %.1f ms\n", median(t_graph));
    std::printf("256 steps    median %.1f ms\n", median(t_walk));
    std::printf("walk_to_label (graph + walk + upsample + argmax)  median %.1f ms\n",
                median(t_all));
    std::printf(
        "peak RSS growth during the walks: %.1f MB (a dense (hw)^2 float matrix: %.0f MB)\n",
        (rss1 - rss0) / 1024.0, double(h * w) * (h * w) * 4 / 1048576.0);

    if (net) {
        torch::set_num_threads(2);
        torch::manual_seed(1);
        IrnNet irn(amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision));
        irn->eval();
        cv::Mat rgb(H, W, CV_8UC3, cv::Scalar(90, 120, 150));
        std::vector<double> t_net;
        for (int r = 0; r < std::max(1, repeats / 2); ++r) {
            auto t0 = std::chrono::steady_clock::now();
            cv::Mat bm = boundary_map(irn, rgb, torch::kCPU, 0);  // 512x384 as measured
            t_net.push_back(ms_since(t0));
        }
        std::printf("IRN boundary map (ResNet-50, [img, flip] 512x384) median %.0f ms\n",
                    median(t_net));
        std::printf("peak RSS %.0f MB\n", peak_rss_kb() / 1024.0);
    }
    return 0;
}
