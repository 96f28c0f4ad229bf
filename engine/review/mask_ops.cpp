#include "engine/review/mask_ops.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc/slic.hpp>

#include "engine/core/error.h"
#include "engine/data/class_list.h"

namespace amr::review {
namespace {

void require_labels(const cv::Mat& labels, const char* what) {
    if (labels.empty() || labels.type() != CV_8UC1)
        throw Error(std::string(what) + ": the label image must be a non-empty CV_8UC1 image");
}

// Squared distance from (x, y) to the segment a-b.
double distance2_to_segment(double x, double y, cv::Point a, cv::Point b) {
    const double vx = b.x - a.x, vy = b.y - a.y;
    const double len2 = vx * vx + vy * vy;
    double t = 0.0;
    if (len2 > 0.0)
        t = std::clamp(((x - a.x) * vx + (y - a.y) * vy) / len2, 0.0, 1.0);
    const double dx = x - (a.x + t * vx), dy = y - (a.y + t * vy);
    return dx * dx + dy * dy;
}

// Calls fn(row pointer index) for every pixel of the capsule inside `size`; returns its bounds.
template <typename Fn>
cv::Rect for_capsule(cv::Size size, cv::Point from, cv::Point to, int radius, Fn fn) {
    radius = std::max(radius, 0);
    const cv::Rect box =
        cv::Rect(
            cv::Point(std::min(from.x, to.x) - radius, std::min(from.y, to.y) - radius),
            cv::Point(std::max(from.x, to.x) + radius + 1, std::max(from.y, to.y) + radius + 1)) &
        cv::Rect(cv::Point(0, 0), size);
    // r² + r: the pixel centres within radius + 0.5 (less the quarter that never matters for
    // integer offsets), so radius 0 is one pixel and radius 1 the full 3x3 block.
    const double limit = double(radius) * radius + radius;
    for (int y = box.y; y < box.y + box.height; ++y)
        for (int x = box.x; x < box.x + box.width; ++x)
            if (distance2_to_segment(x, y, from, to) <= limit)
                fn(y, x);
    return box;
}

}  // namespace

cv::Mat brush_footprint(cv::Size size, cv::Point centre, int radius) {
    cv::Mat mask(size, CV_8UC1, cv::Scalar(0));
    for_capsule(size, centre, centre, radius, [&](int y, int x) { mask.at<uchar>(y, x) = 255; });
    return mask;
}

cv::Rect paint_stroke(cv::Mat& labels, cv::Point from, cv::Point to, int radius,
                      std::uint8_t value) {
    require_labels(labels, "brush");
    return for_capsule(labels.size(), from, to, radius,
                       [&](int y, int x) { labels.at<uchar>(y, x) = value; });
}

cv::Rect restore_stroke(cv::Mat& labels, const cv::Mat& source, cv::Point from, cv::Point to,
                        int radius) {
    require_labels(labels, "eraser");
    if (source.size() != labels.size() || source.type() != CV_8UC1)
        throw Error("eraser: the source mask has another size than the edited one");
    return for_capsule(labels.size(), from, to, radius,
                       [&](int y, int x) { labels.at<uchar>(y, x) = source.at<uchar>(y, x); });
}

cv::Rect flood_fill(cv::Mat& labels, cv::Point seed, std::uint8_t value) {
    require_labels(labels, "flood fill");
    if (!cv::Rect(cv::Point(0, 0), labels.size()).contains(seed) || labels.at<uchar>(seed) == value)
        return {};
    cv::Rect rect;
    // Zero tolerance on a label image: exactly the 4-connected region of the seed's label.
    cv::floodFill(labels, seed, cv::Scalar(value), &rect, cv::Scalar(0), cv::Scalar(0),
                  4 | cv::FLOODFILL_FIXED_RANGE);
    return rect;
}

cv::Rect fill_polygon(cv::Mat& labels, const std::vector<cv::Point>& points, std::uint8_t value) {
    require_labels(labels, "polygon fill");
    if (points.size() < 3)
        return {};
    std::vector<std::vector<cv::Point>> polys{points};
    cv::fillPoly(labels, polys, cv::Scalar(value), cv::LINE_8);
    cv::polylines(labels, polys, true, cv::Scalar(value), 1, cv::LINE_8);
    // boundingRect of points counts both end points already.
    return cv::boundingRect(points) & cv::Rect(cv::Point(0, 0), labels.size());
}

cv::Rect add_void_band(cv::Mat& labels, double width) {
    require_labels(labels, "void band");
    if (!(width >= 1.0))
        return {};
    const double reach = width / 2.0;
    // Which labels are present, then per label the distance to the nearest pixel of another
    // non-void label: an exact Euclidean distance transform per label present.
    int hist[256] = {};
    for (int y = 0; y < labels.rows; ++y) {
        const uchar* row = labels.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            ++hist[row[x]];
    }
    cv::Mat band(labels.size(), CV_8UC1, cv::Scalar(0));
    cv::Mat notOther, dist;
    for (int label = 0; label < 256; ++label) {
        if (label == data::kVoidLabel || hist[label] == 0 ||
            std::size_t(hist[label] + hist[data::kVoidLabel]) == labels.total())
            continue;
        // Zero where another non-void label is: the sources of the distance transform.
        notOther = (labels == label) | (labels == data::kVoidLabel);
        cv::distanceTransform(notOther, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE, CV_32F);
        for (int y = 0; y < labels.rows; ++y) {
            const uchar* row = labels.ptr<uchar>(y);
            const float* d = dist.ptr<float>(y);
            uchar* b = band.ptr<uchar>(y);
            for (int x = 0; x < labels.cols; ++x)
                if (row[x] == label && d[x] <= reach + 1e-4)
                    b[x] = 255;
        }
    }
    if (cv::countNonZero(band) == 0)
        return {};
    labels.setTo(cv::Scalar(data::kVoidLabel), band);
    return cv::boundingRect(band);
}

cv::Rect paint_segment(cv::Mat& labels, const cv::Mat& segments, int segment, std::uint8_t value) {
    require_labels(labels, "superpixel fill");
    if (segments.size() != labels.size() || segments.type() != CV_32SC1)
        throw Error("superpixel fill: the segments do not match the mask's size");
    const cv::Mat where = segments == segment;
    if (cv::countNonZero(where) == 0)
        return {};
    labels.setTo(cv::Scalar(value), where);
    return cv::boundingRect(where);
}

cv::Mat superpixels(const cv::Mat& bgr, int region_size, int iterations) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("superpixels: the image must be a non-empty 8-bit BGR image");
    cv::Mat lab;
    cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
    auto slic = cv::ximgproc::createSuperpixelSLIC(lab, cv::ximgproc::SLICO,
                                                   std::max(region_size, 4), 10.0f);
    slic->iterate(std::max(iterations, 1));
    slic->enforceLabelConnectivity(25);
    cv::Mat segments;
    slic->getLabels(segments);
    return segments;
}

}  // namespace amr::review
