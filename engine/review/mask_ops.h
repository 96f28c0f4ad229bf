#pragma once
// Raster edits of a label image (CV_8UC1: 0 = background, 1..K classes, 255 = void), for the
// mask editor. Every operation changes `labels` in place and returns the bounding rectangle of
// the pixels it may have changed (empty when nothing can have changed), so an undo step can
// keep just that region.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace amr::review {

// The pixels of a round brush of `radius` centred on `centre` (pixel centres within
// radius + 0.5 of the centre pixel's centre; radius 0 is the one pixel). Clipped to `size`.
// Returned as a CV_8UC1 mask of `size` with 255 under the brush, for tests and previews.
cv::Mat brush_footprint(cv::Size size, cv::Point centre, int radius);

// Paints the brush swept from `from` to `to` (a capsule; from == to is one dab) with `value`.
cv::Rect paint_stroke(cv::Mat& labels, cv::Point from, cv::Point to, int radius,
                      std::uint8_t value);

// Like paint_stroke, but copies the pixels of `source` (same size and type) under the brush
// instead of one value: the eraser that restores the version an edit started from.
cv::Rect restore_stroke(cv::Mat& labels, const cv::Mat& source, cv::Point from, cv::Point to,
                        int radius);

// 4-connected flood fill from `seed` over the pixels with the seed's label. Returns an empty
// rect when the seed is outside or already has `value`.
cv::Rect flood_fill(cv::Mat& labels, cv::Point seed, std::uint8_t value);

// Fills the polygon (at least 3 points, pixel coordinates; edges included) with `value`.
cv::Rect fill_polygon(cv::Mat& labels, const std::vector<cv::Point>& points, std::uint8_t value);

// The automatic void band of PASCAL VOC: every non-void pixel whose centre lies within
// width / 2 of a pixel centre of another non-void label becomes void (255). Along a straight
// edge between two regions the band is 2 * floor(width / 2) pixels wide, centred on the edge
// (so an odd width rounds down). Existing void is not an edge: applying twice changes nothing.
cv::Rect add_void_band(cv::Mat& labels, double width);

// Sets every pixel whose segment (CV_32SC1, same size) equals `segment` to `value`.
cv::Rect paint_segment(cv::Mat& labels, const cv::Mat& segments, int segment, std::uint8_t value);

// Superpixels of a BGR image (CV_8UC3) by SLICO (OpenCV ximgproc), about `region_size` pixels
// across each: CV_32SC1 segment ids 0..n-1 (small fragments merged into neighbours).
cv::Mat superpixels(const cv::Mat& bgr, int region_size = 20, int iterations = 10);

}  // namespace amr::review
