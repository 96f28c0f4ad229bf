// The CAM viewer's slider path as the GUI runs it, once the image's CAM entry is loaded:
// α or threshold moves -> recalibrated pseudo label (reused cv::Mat) -> weighted-CAM heatmap ->
// layer compositing into the reused ARGB QImage -> the canvas repaints (rendered offscreen into
// an image of the canvas size). Synthetic 500x375 image, 3 tagged classes, ground truth shown.
//
//   bench_slider_update [steps=200]
// Goal: < 16 ms per slider update, painting included (one frame at 60 Hz).

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "ui/cam/cam_controller.h"
#include "ui/canvas/image_canvas.h"

using amr::cam::CamPlanes;
using amr::ui::LayerId;

namespace {

// CPU time of this thread: the cost of an update whatever else the machine runs.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// K max-normalised maps of a few Gaussian blobs each.
CamPlanes blobs(int rows, int cols, int k, std::mt19937& rng) {
    CamPlanes planes;
    std::uniform_real_distribution<float> ux(0, float(cols)), uy(0, float(rows)), us(0.05f, 0.25f);
    for (int c = 0; c < k; ++c) {
        cv::Mat p(rows, cols, CV_32FC1, cv::Scalar(0));
        for (int b = 0; b < 3; ++b) {
            const float cx = ux(rng), cy = uy(rng), s = us(rng) * float(cols);
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
    double median, p95, max;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, std::size_t(q * (v.size() - 1)))]; };
    return {at(0.5), at(0.95), v.back()};
}

void print(const char* what, const std::vector<double>& v) {
    const Stats s = stats(v);
    std::printf("%-58s median %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", what, s.median, s.p95,
                s.max);
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int steps = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
    const int W = 500, H = 375, K = 3;
    std::mt19937 rng(7);

    auto entry = std::make_shared<amr::cam::CamEntry>();
    entry->width = W;
    entry->height = H;
    entry->keys = {2, 7, 14};
    entry->spotlight.high_res = blobs(H, W, K, rng);
    entry->compensation.high_res = blobs(H, W, K, rng);
    cv::Mat gt(H, W, CV_8UC1, cv::Scalar(0));
    cv::rectangle(gt, cv::Rect(100, 80, 200, 150), cv::Scalar(3), cv::FILLED);
    cv::rectangle(gt, cv::Rect(90, 70, 220, 170), cv::Scalar(255), 3);
    QImage photo(W, H, QImage::Format_RGB32);
    photo.fill(QColor(90, 120, 150));

    amr::ui::ImageCanvas canvas;
    canvas.resize(1000, 750);  // the image shown at 2x, as on a large screen
    canvas.setImage(photo);
    amr::ui::CamController controller;
    QObject::connect(&controller, &amr::ui::CamController::overlayChanged, &canvas,
                     &amr::ui::ImageCanvas::setOverlay);
    controller.showImage(-1, QSize(W, H), gt);
    amr::ui::ReviewData data;
    data.cams = entry;
    controller.setReviewData(data);
    controller.setKind(amr::ui::CamKind::Weighted);
    for (LayerId id :
         {LayerId::GroundTruth, LayerId::CamLabel, LayerId::CamHeatmap, LayerId::Disagreement})
        controller.setLayerVisible(id, true);
    QImage frame(canvas.size(), QImage::Format_ARGB32_Premultiplied);

    std::vector<double> alphaStep, thresholdStep, paint, total, alphaCpu, thresholdCpu, paintCpu,
        totalCpu;
    for (int i = 0; i < steps; ++i) {
        const double v = 0.5 + 0.45 * std::sin(i * 0.1);
        const double c0 = threadCpuMs();
        auto t0 = std::chrono::steady_clock::now();
        if (i % 2 == 0)
            controller.setAlpha(v);
        else
            controller.setThreshold(0.1 + 0.3 * (v - 0.05) / 0.9);
        const double compute = msSince(t0);
        const double c1 = threadCpuMs();
        (i % 2 == 0 ? alphaStep : thresholdStep).push_back(compute);
        (i % 2 == 0 ? alphaCpu : thresholdCpu).push_back(c1 - c0);
        auto t1 = std::chrono::steady_clock::now();
        QPainter p(&frame);
        canvas.render(&p);
        p.end();
        paint.push_back(msSince(t1));
        total.push_back(msSince(t0));
        const double c2 = threadCpuMs();
        paintCpu.push_back(c2 - c1);
        totalCpu.push_back(c2 - c0);
    }
    std::printf(
        "500x375 image, %d classes, %d slider steps; layers: ground truth, CAM label, "
        "weighted-CAM heatmap, disagreement\n",
        K, steps);
    print("α step: label + heatmap + composite into QImage", alphaStep);
    print("threshold step: label + composite into QImage", thresholdStep);
    print("canvas repaint (1000x750, offscreen render)", paint);
    print("whole update (step + repaint)", total);
    std::printf("thread CPU time (independent of other load on the machine):\n");
    print("  α step", alphaCpu);
    print("  threshold step", thresholdCpu);
    print("  canvas repaint", paintCpu);
    print("  whole update", totalCpu);
    const Stats s = stats(total), c = stats(totalCpu);
    std::printf("goal < 16 ms per update: wall p95 %.2f ms (%s), CPU p95 %.2f ms (%s)\n", s.p95,
                s.p95 < 16.0 ? "met" : "missed", c.p95, c.p95 < 16.0 ? "met" : "missed");
    return 0;
}
