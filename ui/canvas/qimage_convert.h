#pragma once
// OpenCV images to QImages for display. Safe to call on worker threads (no QPixmap).

#include <QImage>

#include <opencv2/core.hpp>

namespace amr::ui {

// CV_8UC3 BGR (as the engine decodes photos) -> a deep-copied QImage::Format_RGB32.
QImage imageFromBgr(const cv::Mat& bgr);
// CV_8UC1 labels -> VOC colours as QImage::Format_ARGB32_Premultiplied, background transparent.
QImage overlayFromLabels(const cv::Mat& labels);

}  // namespace amr::ui
