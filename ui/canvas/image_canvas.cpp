#include "ui/canvas/image_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace amr::ui {

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
}

void ImageCanvas::setImage(const QImage& image, const QImage& overlay) {
    m_image = image;
    m_overlay = overlay.size() == image.size() ? overlay : QImage();
    m_message.clear();
    fitToWindow();
    setHoveredPixel(imagePixelAt(mapFromGlobal(QCursor::pos())));
    update();
}

void ImageCanvas::setOverlay(const QImage& overlay) {
    m_overlay = overlay.size() == m_image.size() ? overlay : QImage();
    update();
}

void ImageCanvas::clear(const QString& message) {
    m_image = QImage();
    m_overlay = QImage();
    m_message = message;
    setHoveredPixel({-1, -1});
    update();
}

void ImageCanvas::setTool(CanvasTool* tool) {
    m_tool = tool;
    update();
}

void ImageCanvas::setView(const ViewTransform& view) {
    applyView(view, false);
}

QPoint ImageCanvas::imagePixelAt(QPointF widgetPos) const {
    if (m_image.isNull())
        return {-1, -1};
    const QPointF p = m_view.toImage(widgetPos);
    const int x = int(std::floor(p.x()));
    const int y = int(std::floor(p.y()));
    if (x < 0 || y < 0 || x >= m_image.width() || y >= m_image.height())
        return {-1, -1};
    return {x, y};
}

void ImageCanvas::setOverlayOpacity(double opacity) {
    m_opacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

void ImageCanvas::setOverlayVisible(bool visible) {
    m_overlayVisible = visible;
    update();
}

void ImageCanvas::fitToWindow() {
    applyView(ViewTransform::fit(m_image.size(), size(), kFitMargin), true);
}

void ImageCanvas::zoomToActualSize() {
    // Keep the image point at the centre of the window where it is.
    const QPointF centre(width() / 2.0, height() / 2.0);
    applyView(m_view.zoomedAt(centre, 1.0 / m_view.scale), false);
}

void ImageCanvas::zoomIn() {
    applyView(m_view.zoomedAt(QPointF(width() / 2.0, height() / 2.0), kZoomStep), false);
}

void ImageCanvas::zoomOut() {
    applyView(m_view.zoomedAt(QPointF(width() / 2.0, height() / 2.0), 1.0 / kZoomStep), false);
}

void ImageCanvas::applyView(const ViewTransform& view, bool fitMode) {
    const bool zoomed = view.scale != m_view.scale;
    m_view = view;
    m_fitMode = fitMode;
    update();
    if (zoomed)
        emit zoomChanged(m_view.scale);
    emit viewChanged(m_view);
}

void ImageCanvas::setHoveredPixel(QPoint pixel) {
    if (pixel == m_hovered)
        return;
    m_hovered = pixel;
    emit hoveredPixelChanged(pixel);
}

void ImageCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(0x2b, 0x2d, 0x31));
    if (m_image.isNull()) {
        p.setPen(QColor(0xb0, 0xb4, 0xbb));
        p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                   m_message);
        return;
    }
    // Draw only the visible part of the image: at high zoom the full image would be scaled
    // for nothing.
    const QRectF visibleInImage =
        QRectF(m_view.toImage(QPointF(0, 0)), m_view.toImage(QPointF(width(), height())))
            .intersected(QRectF(QPointF(0, 0), QSizeF(m_image.size())));
    if (visibleInImage.isEmpty())
        return;
    const QRect source = visibleInImage.toAlignedRect();
    const QRectF target(m_view.toWidget(source.topLeft()), QSizeF(source.size()) * m_view.scale);
    // Enlarged pixels stay crisp so label boundaries can be judged; reductions are smoothed.
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_view.scale < 1.0);
    p.drawImage(target, m_image, source);
    if (m_overlayVisible && !m_overlay.isNull() && m_opacity > 0.0) {
        p.setOpacity(m_opacity);
        p.drawImage(target, m_overlay, source);
        p.setOpacity(1.0);
    }
    if (m_tool)
        m_tool->paintTool(p, m_view);
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
    if (m_fitMode)
        fitToWindow();
}

void ImageCanvas::wheelEvent(QWheelEvent* event) {
    if (m_image.isNull())
        return;
    // angleDelta is in eighths of a degree; one notch is 120. Touchpads send fractions.
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0)
        return;
    applyView(m_view.zoomedAt(event->position(), std::pow(kZoomStep, notches)), false);
    event->accept();
}

namespace {

// The buttons a tool gets: the left one, and the right one (the guided tool's "background").
bool isToolButton(Qt::MouseButton button) {
    return button == Qt::LeftButton || button == Qt::RightButton;
}

}  // namespace

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
    if (m_tool && !m_image.isNull() && isToolButton(event->button())) {
        m_tool->toolPress(m_view.toImage(event->position()), event->button(), event->modifiers());
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton) {
        m_dragging = true;
        m_lastDragPos = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
    }
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragging) {
        applyView(m_view.panned(event->position() - m_lastDragPos), false);
        m_lastDragPos = event->position();
    } else if (m_tool && !m_image.isNull()) {
        m_tool->toolMove(m_view.toImage(event->position()), event->buttons());
        update();
    }
    setHoveredPixel(imagePixelAt(event->position()));
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragging && (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton)) {
        m_dragging = false;
        unsetCursor();
    } else if (m_tool && !m_image.isNull() && isToolButton(event->button())) {
        m_tool->toolRelease(m_view.toImage(event->position()), event->button());
    }
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    if (m_tool && !m_image.isNull() && event->button() == Qt::LeftButton)
        m_tool->toolDoubleClick(m_view.toImage(event->position()));
    else
        QWidget::mouseDoubleClickEvent(event);
}

void ImageCanvas::keyPressEvent(QKeyEvent* event) {
    if (m_tool && m_tool->toolKey(event)) {
        update();
        return;
    }
    QWidget::keyPressEvent(event);
}

void ImageCanvas::leaveEvent(QEvent*) {
    if (m_tool) {
        m_tool->toolLeave();
        update();
    }
    setHoveredPixel({-1, -1});
}

}  // namespace amr::ui
