#pragma once
// The maths of looking at an image: a uniform scale and the widget position of the image's
// top-left corner. widget = offset + image * scale. Kept apart from the widget so it is
// testable and reusable by later views (compare view, mask editor).

#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace amr::ui {

struct ViewTransform {
    double scale = 1.0;
    QPointF offset;

    static constexpr double kMinScale = 1.0 / 64.0;
    static constexpr double kMaxScale = 64.0;

    QPointF toWidget(QPointF imagePoint) const { return offset + imagePoint * scale; }
    QPointF toImage(QPointF widgetPoint) const { return (widgetPoint - offset) / scale; }
    // Where the image lands in widget coordinates.
    QRectF imageRect(QSizeF imageSize) const { return {offset, imageSize * scale}; }

    // Largest scale showing the whole image inside the viewport (less `margin` pixels on each
    // side), centred. Small images are enlarged too, so a 32x32 mask fills the window.
    static ViewTransform fit(QSizeF imageSize, QSizeF viewport, double margin = 0.0);
    // The given scale (clamped), centred in the viewport.
    static ViewTransform centred(QSizeF imageSize, QSizeF viewport, double scale);
    // Multiplies the scale by `factor` (clamped) keeping the image point under `anchor` fixed.
    ViewTransform zoomedAt(QPointF anchor, double factor) const;
    ViewTransform panned(QPointF delta) const { return {scale, offset + delta}; }

    static double clampScale(double s);
};

}  // namespace amr::ui
