// Mask editor costs on a VOC-sized image (500x375, noisy photo, 3 classes): one brush segment
// (what a mouse move paints), a flood fill, the void band, SLICO superpixels (computed once per
// image on the first magic click) and the confidence score of one mask.
//
//   bench_mask_ops [repeats=20]
// Goal: brush and fill well under a 16 ms frame; superpixels under half a second.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "engine/review/confidence_score.h"
#include "engine/review/mask_ops.h"

namespace {

double median_ms(int repeats, const std::function<void()>& setup, const std::function<void()>& fn) {
    std::vector<double> t;
    for (int i = 0; i < repeats; ++i) {
        setup();
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    cv::Mat photo(375, 500, CV_8UC3);
    cv::randu(photo, cv::Scalar::all(0), cv::Scalar::all(255));
    cv::GaussianBlur(photo, photo, {0, 0}, 4);
    cv::Mat base(375, 500, CV_8UC1, cv::Scalar(0));
    cv::circle(base, {180, 190}, 110, cv::Scalar(8), cv::FILLED);
    cv::rectangle(base, cv::Rect(300, 60, 150, 250), cv::Scalar(12), cv::FILLED);
    cv::Mat labels;
    auto reset = [&] { base.copyTo(labels); };

    std::printf("mask ops on 500x375, median of %d\n", repeats);
    std::printf("  brush segment r=10, 30 px: %.3f ms\n", median_ms(repeats, reset, [&] {
                    amr::review::paint_stroke(labels, {100, 100}, {130, 100}, 10, 3);
                }));
    std::printf("  flood fill (background):   %.3f ms\n", median_ms(repeats, reset, [&] {
                    amr::review::flood_fill(labels, {5, 5}, 3);
                }));
    std::printf("  void band width 5:         %.3f ms\n",
                median_ms(repeats, reset, [&] { amr::review::add_void_band(labels, 5); }));
    cv::Mat seg;
    std::printf(
        "  SLICO superpixels (24 px): %.3f ms\n",
        median_ms(
            std::max(3, repeats / 4), [] {}, [&] { seg = amr::review::superpixels(photo, 24); }));
    std::printf("  superpixel fill:           %.3f ms\n", median_ms(repeats, reset, [&] {
                    amr::review::paint_segment(labels, seg, seg.at<int>(100, 100), 3);
                }));
    amr::review::ScoreInputs in;
    in.mask = base;
    in.tags = {7, 11};
    in.deeplab = base.clone();
    std::printf("  confidence score (no CAM): %.3f ms\n",
                median_ms(
                    repeats, [] {}, [&] { amr::review::confidence_score(in); }));
    return 0;
}
