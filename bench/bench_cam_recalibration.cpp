// Live α/threshold slider path: load one image's CAMs from the store, recompute the weighted CAM
// at a new α, threshold it and derive the label. Synthetic 500x375 image, 3 classes, full-res maps.
//
//   bench_cam_recalibration [repeats=50] [scratch folder=$TMPDIR]
// Goal: get + recalibrate + label < 10 ms per slider step.

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

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"

namespace fs = std::filesystem;
using amr::cam::CamEntry;
using amr::cam::CamPlanes;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// K max-normalised blobs per branch, a few Gaussian peaks each.
CamPlanes blobs(int rows, int cols, int k, std::mt19937& rng) {
    CamPlanes planes;
    std::uniform_real_distribution<float> ux(0, static_cast<float>(cols)),
        uy(0, static_cast<float>(rows)), us(0.05f, 0.25f);
    for (int c = 0; c < k; ++c) {
        cv::Mat p(rows, cols, CV_32FC1, cv::Scalar(0));
        for (int b = 0; b < 3; ++b) {
            const float cx = ux(rng), cy = uy(rng), s = us(rng) * static_cast<float>(cols);
            for (int y = 0; y < rows; ++y)
                for (int x = 0; x < cols; ++x)
                    p.at<float>(y, x) +=
                        std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
        }
        double mx = 0;
        cv::minMaxLoc(p, nullptr, &mx);
        p /= (mx + 1e-5);
        planes.push_back(p);
    }
    return planes;
}

struct Stats {
    double median, p95;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))];
    };
    return {at(0.5), at(0.95)};
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 50;
    const fs::path scratch = (argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path()) /
                             ("amr-bench-cam-" + std::to_string(getpid()));
    const int width = 500, height = 375, k = 3;
    std::mt19937 rng(11);
    CamEntry e;
    e.height = height;
    e.width = width;
    e.keys = {0, 11, 14};
    e.spotlight.strided = blobs((height + 3) / 4, (width + 3) / 4, k, rng);
    e.compensation.strided = blobs((height + 3) / 4, (width + 3) / 4, k, rng);
    e.spotlight.high_res = blobs(height, width, k, rng);
    e.compensation.high_res = blobs(height, width, k, rng);

    const amr::cam::CamStore store(scratch, "bench-fingerprint");
    store.put("2007_000032", e);
    std::printf("entry: %dx%d, %d classes, %.2f MB on disk\n", width, height, k,
                static_cast<double>(fs::file_size(store.path_of("2007_000032"))) / 1e6);

    std::vector<double> get_ms, recal_ms, both_ms, weighted_ms;
    cv::Mat label;
    long fg = 0;
    for (int r = 0; r < repeats; ++r) {
        const float alpha = static_cast<float>(r) / static_cast<float>(std::max(1, repeats - 1));
        const float threshold = 0.1f + 0.3f * static_cast<float>(r % 7) / 6.0f;

        auto t0 = std::chrono::steady_clock::now();
        const CamEntry got = store.get("2007_000032");
        get_ms.push_back(ms_since(t0));

        t0 = std::chrono::steady_clock::now();
        amr::cam::recalibrated_label(got, alpha, threshold, label);
        recal_ms.push_back(ms_since(t0));
        fg += cv::countNonZero(label);

        // The unfused path (materialised M_w, then the label), for comparison.
        t0 = std::chrono::steady_clock::now();
        const CamPlanes w =
            amr::cam::weighted_cam(got.spotlight.high_res, got.compensation.high_res, alpha);
        const cv::Mat l2 = amr::cam::pseudo_label(w, got.keys, threshold);
        weighted_ms.push_back(ms_since(t0));

        t0 = std::chrono::steady_clock::now();
        const CamEntry again = store.get("2007_000032");
        amr::cam::recalibrated_label(again, alpha, threshold, label);
        both_ms.push_back(ms_since(t0));
    }
    fs::remove_all(scratch);

    const auto print = [](const char* what, const std::vector<double>& v) {
        const Stats s = stats(v);
        std::printf("%-44s median %6.2f ms  p95 %6.2f ms\n", what, s.median, s.p95);
    };
    std::printf("%d alpha/threshold values\n", repeats);
    print("(a) get(id) from disk", get_ms);
    print("(b) recalibrated_label (fused)", recal_ms);
    print("    weighted_cam + pseudo_label (unfused)", weighted_ms);
    print("(c) get + recalibrated_label", both_ms);
    const Stats c = stats(both_ms);
    std::printf("goal < 10 ms per slider step (p95): %s  [avg fg fraction %.3f]\n",
                c.p95 < 10.0 ? "met" : "NOT met",
                static_cast<double>(fg) / repeats / (width * height));
    return 0;
}
