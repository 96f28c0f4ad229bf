#pragma once
// The editing tools on the canvas: brush, eraser, flood fill, polygon fill and superpixel
// ("magic") fill, each turning mouse input in image coordinates into one engine call
// (engine/review/mask_ops.h) on the MaskDocument, one undo step per stroke or click.
//
// The eraser restores the pixels of the version the edit started from (MaskDocument::source):
// it takes back your own strokes; painting background is the brush with class 0.

#include <QFuture>
#include <QObject>
#include <QPointF>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "ui/canvas/image_canvas.h"

namespace amr::ui {

class MaskDocument;

enum class EditTool { Brush, Eraser, Fill, Polygon, Superpixel };

class MaskEditor : public QObject, public CanvasTool {
    Q_OBJECT
public:
    explicit MaskEditor(MaskDocument* doc, QObject* parent = nullptr);

    MaskDocument* document() const { return m_doc; }

    // The photo under the mask (CV_8UC3 BGR), for superpixels. They are computed on a worker
    // thread as soon as the superpixel tool is chosen (a few hundred ms for a VOC image).
    void setPhoto(const cv::Mat& bgr);
    const cv::Mat& segments();  // CV_32SC1, empty without a photo; waits for the worker

    EditTool tool() const { return m_tool; }
    void setTool(EditTool tool);
    int brushRadius() const { return m_radius; }
    void setBrushRadius(int radius);  // clamped to [0, kMaxRadius]
    void growBrush();                 // `]`
    void shrinkBrush();               // `[`
    std::uint8_t label() const { return m_label; }
    void setLabel(std::uint8_t label);
    int superpixelSize() const { return m_superpixelSize; }
    void setSuperpixelSize(int pixels);

    // Polygon tool: the points placed so far (image pixels).
    const std::vector<cv::Point>& polygon() const { return m_polygon; }
    // Fills the polygon (3+ points) with the current label as one undo step; true when it did.
    bool closePolygon();
    void cancelPolygon();

    // The VOC void band along every edge between labels, as one undo step.
    bool addVoidBand(double width);

    static constexpr int kMaxRadius = 200;

    // CanvasTool
    void toolPress(QPointF imagePos, Qt::MouseButton button,
                   Qt::KeyboardModifiers modifiers) override;
    void toolMove(QPointF imagePos, Qt::MouseButtons buttons) override;
    void toolRelease(QPointF imagePos, Qt::MouseButton button) override;
    void toolDoubleClick(QPointF imagePos) override;
    bool toolKey(QKeyEvent* event) override;
    void toolLeave() override;
    void paintTool(QPainter& painter, const ViewTransform& view) override;

Q_SIGNALS:
    void toolChanged(amr::ui::EditTool tool);
    void brushRadiusChanged(int radius);
    void labelChanged(int label);
    void repaintNeeded();

private:
    static cv::Point pixelOf(QPointF imagePos);
    void strokeTo(cv::Point p);
    void prepareSegments();  // starts the worker when the superpixel tool needs segments

    MaskDocument* m_doc;
    EditTool m_tool = EditTool::Brush;
    int m_radius = 6;
    std::uint8_t m_label = 1;
    int m_superpixelSize = 24;
    cv::Mat m_photo;
    cv::Mat m_segments;
    QFuture<cv::Mat> m_pending;  // segments being computed for m_photo
    std::vector<cv::Point> m_polygon;
    bool m_painting = false;
    cv::Point m_last;
    int m_lastSegment = -1;
    QPointF m_hover{-1, -1};
    bool m_hovering = false;
};

}  // namespace amr::ui
