#include "ui/canvas/qimage_convert.h"

#include "engine/data/colorize.h"

namespace amr::ui {

QImage imageFromBgr(const cv::Mat& bgr) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        return {};
    const QImage view(bgr.data, bgr.cols, bgr.rows, int(bgr.step), QImage::Format_BGR888);
    return view.convertToFormat(QImage::Format_RGB32);  // a copy: `bgr` may go away
}

QImage overlayFromLabels(const cv::Mat& labels) {
    if (labels.empty() || labels.type() != CV_8UC1)
        return {};
    const cv::Mat bgra = amr::data::colorize_labels(labels);
    // BGRA bytes are QImage's ARGB32 words on little-endian machines; colorize_labels keeps
    // transparent pixels all-zero, so the data is valid premultiplied alpha as well.
    const QImage view(bgra.data, bgra.cols, bgra.rows, int(bgra.step),
                      QImage::Format_ARGB32_Premultiplied);
    return view.copy();
}

}  // namespace amr::ui
