#include "engine/review/guided_source.h"

#include <cmath>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/refine/irn_net.h"

namespace amr::review {

namespace fs = std::filesystem;

bool has_boundary_file(const GuidedSourceOptions& o, const std::string& id) {
    std::error_code ec;
    return !o.boundary_dir.empty() && fs::exists(o.boundary_dir / (id + ".png"), ec);
}

cv::Mat image_edge_boundary(const cv::Mat& bgr) {
    cv::Mat lab, gx, gy, mag;
    cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
    lab.convertTo(lab, CV_32FC3, 1.0 / 255.0);
    cv::GaussianBlur(lab, lab, cv::Size(3, 3), 0);
    cv::Sobel(lab, gx, CV_32F, 1, 0);
    cv::Sobel(lab, gy, CV_32F, 0, 1);
    cv::magnitude(gx.reshape(1), gy.reshape(1), mag);
    mag = mag.reshape(3);
    std::vector<cv::Mat> ch;
    cv::split(mag, ch);
    cv::Mat m = cv::max(cv::max(ch[0], ch[1]), ch[2]);
    // Max over each 4×4 cell (edges must not be averaged away), then a soft saturation.
    const int h = (bgr.rows + 3) / 4, w = (bgr.cols + 3) / 4;
    cv::Mat padded;
    cv::copyMakeBorder(m, padded, 0, 4 * h - m.rows, 0, 4 * w - m.cols, cv::BORDER_REPLICATE);
    cv::Mat b(h, w, CV_32FC1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double mx;
            cv::minMaxLoc(padded(cv::Rect(4 * x, 4 * y, 4, 4)), nullptr, &mx);
            b.at<float>(y, x) = static_cast<float>(1.0 - std::exp(-mx / 0.25));
        }
    return b;
}

GuidedSessionLoad load_guided_session(const GuidedSourceOptions& o, const std::string& id,
                                      const cv::Mat& bgr, const JobContext& ctx) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("guided walk: the photo of " + id + " must be a BGR image");
    GuidedSessionLoad load;
    cv::Mat boundary;
    if (has_boundary_file(o, id)) {
        boundary = read_boundary_png(o.boundary_dir / (id + ".png"));
    } else if (!o.irn_checkpoint.empty() && fs::exists(o.irn_checkpoint)) {
        ctx.report(0, 1, "boundary map of " + id);
        refine::IrnNet net = refine::load_irn(o.irn_checkpoint);
        net->eval();
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        boundary = refine::boundary_map(net, rgb, torch::kCPU);
        load.origin = BoundaryOrigin::Irn;
        if (!o.boundary_dir.empty()) {
            fs::create_directories(o.boundary_dir);
            cv::Mat b8;
            boundary.convertTo(b8, CV_8UC1, 255.0);
            std::vector<unsigned char> png;
            cv::imencode(".png", b8, png);
            write_file_atomically(
                o.boundary_dir / (id + ".png"),
                std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        }
    } else {
        boundary = image_edge_boundary(bgr);
        load.origin = BoundaryOrigin::ImageEdges;
    }
    std::vector<cv::Mat> cams;
    std::vector<int> keys;
    std::error_code ec;
    if (!o.cam_store.empty()) {
        const fs::path file = cam::CamStore(o.cam_store, "").path_of(id);
        if (fs::exists(file, ec)) {
            const cam::CamEntry e =
                cam::CamStore(o.cam_store, cam::CamStore::fingerprint_of(file)).get(id);
            if (e.spotlight.strided.empty() || e.spotlight.strided[0].size() == boundary.size()) {
                cams = cam::weighted_cam(e.spotlight.strided, e.compensation.strided, o.alpha);
                keys = e.keys;
                load.cams = !cams.empty();
            }
        }
    }
    auto session = std::make_shared<GuidedWalkSession>(boundary, bgr.size(), std::move(cams),
                                                       std::move(keys), o.walk);
    session->set_image(bgr);
    load.session = std::move(session);
    ctx.report(1, 1, "ready");
    return load;
}

}  // namespace amr::review
