#pragma once
// Label images as colour overlays: each label gets its VOC palette colour (void 255 is cream
// (224,224,192)); background (0) is fully transparent so the photo shows through.

#include <opencv2/core.hpp>

namespace amr::data {

// CV_8UC1 labels -> CV_8UC4 BGRA. Background pixels are (0,0,0,0) and every other pixel is
// opaque, so the result is valid both as straight and as premultiplied alpha.
// Throws amr::Error when `labels` is not CV_8UC1.
cv::Mat colorize_labels(const cv::Mat& labels);

}  // namespace amr::data
