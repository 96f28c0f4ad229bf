// Dense CRF (spec §5.1 label CRF and §6.3 DeepLab CRF) on a synthetic 500×375 image with 3 and
// 21 labels, 10 mean-field iterations; then the whole make_seeds job on synthetic CAMs.
//
//   bench_dense_crf [repeats=3] [seed images=16] [scratch folder=$TMPDIR]
// Threads: OpenCV's pool (set OPENCV_FOR_THREADS_NUM=2 for 2 cores).

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/refine/dense_crf.h"
#include "engine/refine/make_seeds.h"
#include "engine/refine/permutohedral.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Smooth coloured ellipses on a gradient plus noise: lattice occupancy close to a photograph's.
cv::Mat synthetic_image(int rows, int cols, std::mt19937& rng) {
    cv::Mat img(rows, cols, CV_8UC3);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x)
            img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x * 255 / cols),
                                                static_cast<uchar>(y * 255 / rows), 128);
    std::uniform_int_distribution<int> ux(0, cols), uy(0, rows), ur(20, 120), uc(0, 255);
    for (int e = 0; e < 12; ++e)
        cv::ellipse(img, {ux(rng), uy(rng)}, {ur(rng), ur(rng)}, uc(rng), 0, 360,
                    cv::Scalar(uc(rng), uc(rng), uc(rng)), cv::FILLED);
    cv::Mat noise(rows, cols, CV_8UC3);
    cv::randn(noise, 0, 8);
    img += noise;
    return img;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void bench_crf(const cv::Mat& bgr, int labels, const amr::refine::DenseCrfOptions& opt,
               const char* name, int repeats, std::mt19937& rng) {
    std::vector<cv::Mat> unary(static_cast<std::size_t>(labels));
    for (auto& u : unary) {
        u.create(bgr.size(), CV_32FC1);
        cv::randu(u, 0.f, 3.f);
    }
    (void)rng;
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        const auto q = amr::refine::dense_crf(unary, bgr, opt);
        times.push_back(ms_since(t0));
    }
    std::printf("%-28s %2d labels: median %8.1f ms  (min %.1f, max %.1f)\n", name, labels,
                median(times), *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()));
}

void bench_lattice(const cv::Mat& bgr, const amr::refine::DenseCrfOptions& opt, int repeats) {
    const int n = bgr.rows * bgr.cols;
    std::vector<float> f(static_cast<std::size_t>(n) * 5);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            float* p = f.data() + (static_cast<std::size_t>(y) * bgr.cols + x) * 5;
            const cv::Vec3b c = bgr.at<cv::Vec3b>(y, x);
            p[0] = x / opt.bilateral_sxy;
            p[1] = y / opt.bilateral_sxy;
            p[2] = c[2] / opt.bilateral_srgb;
            p[3] = c[1] / opt.bilateral_srgb;
            p[4] = c[0] / opt.bilateral_srgb;
        }
    std::vector<double> build, filter3, filter21;
    int points = 0;
    for (int r = 0; r < repeats; ++r) {
        auto t0 = Clock::now();
        amr::refine::PermutohedralLattice lattice(f.data(), n, 5);
        build.push_back(ms_since(t0));
        points = lattice.lattice_points();
        for (int v : {3, 21}) {
            std::vector<float> in(static_cast<std::size_t>(n) * v, 1.f), out(in.size()), scratch;
            t0 = Clock::now();
            lattice.filter(in.data(), out.data(), v, scratch);
            (v == 3 ? filter3 : filter21).push_back(ms_since(t0));
        }
    }
    std::printf(
        "bilateral lattice (d=5): %d lattice points for %d pixels; build %.1f ms, "
        "filter 3 ch %.1f ms, 21 ch %.1f ms\n",
        points, n, median(build), median(filter3), median(filter21));
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    std::mt19937 rng(42);
    const cv::Mat bgr = synthetic_image(375, 500, rng);
    std::printf("image 500x375, %d OpenCV threads, %d repeats\n", cv::getNumThreads(), repeats);

    amr::refine::DenseCrfOptions seeds;  // spec §5.1
    bench_lattice(bgr, seeds, repeats);
    for (int labels : {3, 21})
        bench_crf(bgr, labels, seeds, "label CRF (§5.1)", repeats, rng);
    for (int labels : {3, 21})
        bench_crf(bgr, labels, amr::refine::deeplab_crf_options(), "DeepLab CRF (§6.3)", repeats,
                  rng);
    amr::refine::DenseCrfOptions serial = seeds;
    serial.threads = 1;
    bench_crf(bgr, 3, serial, "label CRF, 1 thread", repeats, rng);
    return 0;
}
