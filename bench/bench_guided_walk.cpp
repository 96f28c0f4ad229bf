// Click-to-fix (issue 21): the guided random walk on a 500×375 image (boundary map 125×94)
// with K classes. Prints the one-off graph build (per image) and the time from a click to the
// new mask (GuidedWalkSession::apply: prior, CG solve, upsampling, arg-max, full-resolution
// finish along the label edges, region update) for
// the 1st, 3rd and 5th click of a session.
//
//   bench_guided_walk [classes=3] [repeats=5] [adapt]
// With "adapt": the click-recalibrated CAM prior and a confidence pull of 10 (guided_prior.h).
// Goal: a click under 300 ms on 2 CPU cores.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/review/guided_walk.h"

using namespace amr::review;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int classes = argc > 1 ? std::atoi(argv[1]) : 3;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    GuidedWalkOptions options;
    if (argc > 3 && std::string(argv[3]) == "adapt") {
        options.cam_adapt = true;
        options.cam_pull = 10;
    }
    const int H = 375, W = 500, h = (H + 3) / 4, w = (W + 3) / 4;
    std::printf("image %dx%d, boundary map %dx%d, %d classes, %d threads (OpenCV), %d repeats\n", W,
                H, w, h, classes, cv::getNumThreads(), repeats);

    // Closed contours in a noisy boundary map, CAM blobs inside them, a starting mask that
    // holds each object's disc shifted (so every click has something to fix).
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> noise(0.0f, 0.1f);
    cv::Mat b(h, w, CV_32FC1);
    for (int i = 0; i < h * w; ++i)
        b.ptr<float>()[i] = noise(rng);
    std::vector<cv::Mat> cams;
    std::vector<int> keys;
    cv::Mat start(H, W, CV_8UC1, cv::Scalar(0));
    // The photo for the full-resolution finish: the objects as coloured discs on noise.
    cv::Mat image(H, W, CV_8UC3);
    cv::randu(image, cv::Scalar(90, 90, 90), cv::Scalar(130, 130, 130));
    std::vector<cv::Point> centres;
    for (int k = 0; k < classes; ++k) {
        const cv::Point c(20 + 35 * k % (w - 40), 20 + 25 * k % (h - 40));
        centres.push_back(c * 4);
        cv::circle(b, c, 18, cv::Scalar(0.95), 2);
        cv::Mat cam(h, w, CV_32FC1, cv::Scalar(0));
        cv::circle(cam, c, 10, cv::Scalar(1.0), -1);
        cv::GaussianBlur(cam, cam, cv::Size(15, 15), 0);
        cams.push_back(cam);
        keys.push_back(k);
        cv::circle(start, c * 4 + cv::Point(30, 0), 50, cv::Scalar(k + 1), -1);
        cv::circle(image, c * 4, 72, cv::Scalar(40 + 60 * k, 200 - 50 * k, 90), -1);
    }

    std::vector<double> t_graph, t_click[3];
    int iterations = 0;
    for (int r = 0; r < repeats; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        GuidedWalkSession s(b, {W, H}, cams, keys, options);
        s.set_image(image);
        t_graph.push_back(ms_since(t0));
        cv::Mat labels = start.clone();
        std::vector<Click> clicks;
        for (int i = 0; i < 5; ++i) {
            const int k = i % classes;
            // Alternate: a positive click inside object k, a negative one right of it.
            if (i % 2 == 0)
                clicks.push_back({centres[k] - cv::Point(20, 0), std::uint8_t(k + 1)});
            else
                clicks.push_back({centres[k] + cv::Point(100, 0), 0});
            GuidedWalkStats stats;
            t0 = std::chrono::steady_clock::now();
            s.apply(labels, clicks, &stats);
            const double ms = ms_since(t0);
            if (i == 0 || i == 2 || i == 4)
                t_click[i / 2].push_back(ms);
            iterations = std::max(iterations, stats.iterations);
        }
    }
    std::printf("graph build (once per image)  median %.1f ms\n", median(t_graph));
    std::printf("click 1 / 3 / 5 -> new mask   median %.1f / %.1f / %.1f ms\n", median(t_click[0]),
                median(t_click[1]), median(t_click[2]));
    std::printf("most CG iterations of a plane: %d\n", iterations);
    return 0;
}
