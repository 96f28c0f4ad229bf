#include "ui/canvas/view_transform.h"

#include <algorithm>

namespace amr::ui {

double ViewTransform::clampScale(double s) {
    return std::clamp(s, kMinScale, kMaxScale);
}

ViewTransform ViewTransform::fit(QSizeF imageSize, QSizeF viewport, double margin) {
    if (imageSize.isEmpty())
        return {};
    const double w = std::max(1.0, viewport.width() - 2 * margin);
    const double h = std::max(1.0, viewport.height() - 2 * margin);
    return centred(imageSize, viewport, std::min(w / imageSize.width(), h / imageSize.height()));
}

ViewTransform ViewTransform::centred(QSizeF imageSize, QSizeF viewport, double scale) {
    ViewTransform t;
    t.scale = clampScale(scale);
    t.offset = QPointF((viewport.width() - imageSize.width() * t.scale) / 2,
                       (viewport.height() - imageSize.height() * t.scale) / 2);
    return t;
}

ViewTransform ViewTransform::zoomedAt(QPointF anchor, double factor) const {
    const QPointF imagePoint = toImage(anchor);
    ViewTransform t;
    t.scale = clampScale(scale * factor);
    t.offset = anchor - imagePoint * t.scale;
    return t;
}

}  // namespace amr::ui
