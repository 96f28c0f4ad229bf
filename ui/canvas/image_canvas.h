#pragma once
// The central image view: a photo with a colour overlay on top, zoomed with the mouse wheel
// around the cursor, panned by dragging, fitted to the window on each new image. It only
// displays what it is given; decoding happens elsewhere (see ImageLoader).

#include <QImage>
#include <QPoint>
#include <QWidget>

#include "ui/canvas/view_transform.h"

class QKeyEvent;
class QPainter;

namespace amr::ui {

// Something that works on the canvas with the mouse (the mask editor's tools). While one is
// set, the left button goes to it in image coordinates (the middle button still pans), and it
// paints its cursor on top of the image.
class CanvasTool {
public:
    virtual ~CanvasTool() = default;
    virtual void toolPress(QPointF imagePos, Qt::MouseButton button,
                           Qt::KeyboardModifiers modifiers) = 0;
    virtual void toolMove(QPointF imagePos, Qt::MouseButtons buttons) = 0;
    virtual void toolRelease(QPointF imagePos, Qt::MouseButton button) = 0;
    virtual void toolDoubleClick(QPointF /*imagePos*/) {}
    virtual bool toolKey(QKeyEvent* /*event*/) { return false; }  // true when consumed
    virtual void toolLeave() {}
    // In widget coordinates; `view` maps image to widget.
    virtual void paintTool(QPainter& /*painter*/, const ViewTransform& /*view*/) {}
};

class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ImageCanvas(QWidget* parent = nullptr);

    // Shows a new image (RGB32 preferred) with an optional overlay of the same size
    // (ARGB32_Premultiplied, transparent where nothing is to be drawn), fitted to the window.
    void setImage(const QImage& image, const QImage& overlay = {});
    // Replaces only the overlay (same size as the image, else dropped), keeping the view: the
    // CAM viewer's layers, the editor's mask while editing.
    void setOverlay(const QImage& overlay);
    // Drops the image and paints `message` in its place (e.g. how to open a dataset).
    void clear(const QString& message = {});
    bool hasImage() const { return !m_image.isNull(); }
    const QImage& image() const { return m_image; }
    const QImage& overlay() const { return m_overlay; }
    // The tool receiving the left button, or nullptr (then the left button pans). Not owned.
    void setTool(CanvasTool* tool);
    CanvasTool* tool() const { return m_tool; }

    double overlayOpacity() const { return m_opacity; }
    bool overlayVisible() const { return m_overlayVisible; }

    const ViewTransform& view() const { return m_view; }
    void setView(const ViewTransform& view);
    double zoom() const { return m_view.scale; }
    // Whether resizing the window refits the image (true after fit, false after manual zoom).
    bool isFitMode() const { return m_fitMode; }
    // The image pixel under a widget position, or (-1,-1) outside the image.
    QPoint imagePixelAt(QPointF widgetPos) const;

    static constexpr double kFitMargin = 8.0;
    static constexpr double kZoomStep = 1.25;  // per wheel notch and per zoom action

public Q_SLOTS:
    void setOverlayOpacity(double opacity);  // 0..1
    void setOverlayVisible(bool visible);
    void fitToWindow();
    void zoomToActualSize();
    void zoomIn();
    void zoomOut();

Q_SIGNALS:
    void zoomChanged(double scale);
    void viewChanged(const amr::ui::ViewTransform& view);  // any zoom, pan or fit
    void hoveredPixelChanged(QPoint pixel);  // (-1,-1) when the cursor leaves the image

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void applyView(const ViewTransform& view, bool fitMode);
    void setHoveredPixel(QPoint pixel);

    QImage m_image;
    QImage m_overlay;
    QString m_message;
    double m_opacity = 0.5;
    bool m_overlayVisible = true;
    ViewTransform m_view;
    bool m_fitMode = true;
    bool m_dragging = false;
    QPointF m_lastDragPos;
    QPoint m_hovered{-1, -1};
    CanvasTool* m_tool = nullptr;
};

}  // namespace amr::ui
