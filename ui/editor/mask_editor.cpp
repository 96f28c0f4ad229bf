#include "ui/editor/mask_editor.h"

#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "engine/review/mask_ops.h"
#include "ui/editor/mask_document.h"

namespace amr::ui {

MaskEditor::MaskEditor(MaskDocument* doc, QObject* parent) : QObject(parent), m_doc(doc) {}

void MaskEditor::setPhoto(const cv::Mat& bgr) {
    m_photo = bgr;
    m_segments = cv::Mat();
    m_pending = {};  // a running worker finishes on its own; its result is dropped
    m_polygon.clear();
    prepareSegments();
}

void MaskEditor::prepareSegments() {
    if (m_tool != EditTool::Superpixel || m_photo.empty() || !m_segments.empty() ||
        m_pending.isValid())
        return;
    // The worker gets its own reference to the photo: setPhoto() may replace ours meanwhile.
    m_pending = QtConcurrent::run(
        [photo = m_photo, size = m_superpixelSize] { return review::superpixels(photo, size); });
}

const cv::Mat& MaskEditor::segments() {
    if (m_segments.empty() && !m_photo.empty()) {
        if (!m_pending.isValid())
            m_pending = QtConcurrent::run([photo = m_photo, size = m_superpixelSize] {
                return review::superpixels(photo, size);
            });
        m_segments = m_pending.result();
        m_pending = {};
    }
    return m_segments;
}

void MaskEditor::setTool(EditTool tool) {
    if (tool == m_tool)
        return;
    if (m_painting)
        m_doc->endStroke();
    m_painting = false;
    m_polygon.clear();
    m_tool = tool;
    prepareSegments();
    emit toolChanged(tool);
    emit repaintNeeded();
}

void MaskEditor::setBrushRadius(int radius) {
    radius = std::clamp(radius, 0, kMaxRadius);
    if (radius == m_radius)
        return;
    m_radius = radius;
    emit brushRadiusChanged(radius);
    emit repaintNeeded();
}

// Steps that feel even on a log scale: +1 while small, ~15 % when large.
void MaskEditor::growBrush() {
    setBrushRadius(m_radius + std::max(1, m_radius / 7));
}

void MaskEditor::shrinkBrush() {
    setBrushRadius(m_radius - std::max(1, m_radius / 8));
}

void MaskEditor::setLabel(std::uint8_t label) {
    if (label == m_label)
        return;
    m_label = label;
    emit labelChanged(label);
}

void MaskEditor::setSuperpixelSize(int pixels) {
    pixels = std::clamp(pixels, 4, 400);
    if (pixels != m_superpixelSize) {
        m_superpixelSize = pixels;
        m_segments = cv::Mat();
        m_pending = {};
        prepareSegments();
    }
}

bool MaskEditor::closePolygon() {
    if (m_polygon.size() < 3) {
        return false;
    }
    const std::vector<cv::Point> points = std::move(m_polygon);
    m_polygon.clear();
    const std::uint8_t value = m_label;
    emit repaintNeeded();
    return m_doc->apply(tr("Polygon fill"), [&](cv::Mat& labels) {
        return review::fill_polygon(labels, points, value);
    });
}

void MaskEditor::cancelPolygon() {
    m_polygon.clear();
    emit repaintNeeded();
}

bool MaskEditor::addVoidBand(double width) {
    return m_doc->apply(tr("Void band"),
                        [&](cv::Mat& labels) { return review::add_void_band(labels, width); });
}

cv::Point MaskEditor::pixelOf(QPointF imagePos) {
    return {int(std::floor(imagePos.x())), int(std::floor(imagePos.y()))};
}

void MaskEditor::strokeTo(cv::Point p) {
    const cv::Point from = m_last;
    const int radius = m_radius;
    const std::uint8_t value = m_label;
    switch (m_tool) {
        case EditTool::Brush:
            m_doc->strokeEdit([&](cv::Mat& labels) {
                return review::paint_stroke(labels, from, p, radius, value);
            });
            break;
        case EditTool::Eraser: {
            const cv::Mat source = m_doc->source();
            m_doc->strokeEdit([&](cv::Mat& labels) {
                return review::restore_stroke(labels, source, from, p, radius);
            });
            break;
        }
        case EditTool::Superpixel: {
            const cv::Mat& seg = segments();
            if (seg.empty() || !cv::Rect(0, 0, seg.cols, seg.rows).contains(p))
                break;
            const int id = seg.at<int>(p);
            if (id == m_lastSegment)
                break;
            m_lastSegment = id;
            m_doc->strokeEdit(
                [&](cv::Mat& labels) { return review::paint_segment(labels, seg, id, value); });
            break;
        }
        default:
            break;
    }
    m_last = p;
}

void MaskEditor::toolPress(QPointF imagePos, Qt::MouseButton button, Qt::KeyboardModifiers) {
    if (button != Qt::LeftButton || m_doc->isEmpty())
        return;
    const cv::Point p = pixelOf(imagePos);
    switch (m_tool) {
        case EditTool::Brush:
        case EditTool::Eraser:
        case EditTool::Superpixel: {
            static const char* const names[] = {QT_TR_NOOP("Brush"), QT_TR_NOOP("Eraser"), "", "",
                                                QT_TR_NOOP("Superpixel fill")};
            m_doc->beginStroke(tr(names[int(m_tool)]));
            m_painting = true;
            m_last = p;
            m_lastSegment = -1;
            strokeTo(p);
            break;
        }
        case EditTool::Fill: {
            const std::uint8_t value = m_label;
            m_doc->apply(tr("Flood fill"),
                         [&](cv::Mat& labels) { return review::flood_fill(labels, p, value); });
            break;
        }
        case EditTool::Polygon:
            if (m_polygon.empty() || m_polygon.back() != p)
                m_polygon.push_back(p);
            emit repaintNeeded();
            break;
    }
}

void MaskEditor::toolMove(QPointF imagePos, Qt::MouseButtons buttons) {
    m_hover = imagePos;
    m_hovering = true;
    if (m_painting && (buttons & Qt::LeftButton))
        strokeTo(pixelOf(imagePos));
}

void MaskEditor::toolRelease(QPointF imagePos, Qt::MouseButton button) {
    if (button != Qt::LeftButton || !m_painting)
        return;
    strokeTo(pixelOf(imagePos));
    m_painting = false;
    m_doc->endStroke();
}

void MaskEditor::toolDoubleClick(QPointF) {
    if (m_tool == EditTool::Polygon)
        closePolygon();
}

bool MaskEditor::toolKey(QKeyEvent* event) {
    if (m_tool != EditTool::Polygon || m_polygon.empty())
        return false;
    switch (event->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            closePolygon();
            return true;
        case Qt::Key_Escape:
            cancelPolygon();
            return true;
        case Qt::Key_Backspace:
            m_polygon.pop_back();
            emit repaintNeeded();
            return true;
        default:
            return false;
    }
}

void MaskEditor::toolLeave() {
    m_hovering = false;
}

void MaskEditor::paintTool(QPainter& p, const ViewTransform& view) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    auto outline = [&](const auto& draw) {
        // Dark under light: visible on any photo.
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0, 0, 0, 200), 3));
        draw();
        p.setPen(QPen(QColor(255, 255, 255, 230), 1.2));
        draw();
    };
    if (m_tool == EditTool::Polygon && !m_polygon.empty()) {
        QPainterPath path;
        auto centre = [&](cv::Point q) { return view.toWidget(QPointF(q.x + 0.5, q.y + 0.5)); };
        path.moveTo(centre(m_polygon.front()));
        for (std::size_t i = 1; i < m_polygon.size(); ++i)
            path.lineTo(centre(m_polygon[i]));
        if (m_hovering)
            path.lineTo(view.toWidget(m_hover));
        outline([&] { p.drawPath(path); });
        for (const cv::Point& q : m_polygon)
            outline([&] { p.drawEllipse(centre(q), 3, 3); });
    }
    if (m_hovering && (m_tool == EditTool::Brush || m_tool == EditTool::Eraser)) {
        // The brush covers pixel centres within radius + 0.5 of the hovered pixel's centre.
        const cv::Point c = pixelOf(m_hover);
        const QPointF centre = view.toWidget(QPointF(c.x + 0.5, c.y + 0.5));
        const double r = (m_radius + 0.5) * view.scale;
        outline([&] { p.drawEllipse(centre, r, r); });
        if (m_tool == EditTool::Eraser)
            outline(
                [&] { p.drawLine(centre - QPointF(r * 0.5, 0), centre + QPointF(r * 0.5, 0)); });
    } else if (m_hovering) {
        const QPointF c = view.toWidget(m_hover);
        outline([&] {
            p.drawLine(c - QPointF(8, 0), c + QPointF(8, 0));
            p.drawLine(c - QPointF(0, 8), c + QPointF(0, 8));
        });
    }
    p.restore();
}

}  // namespace amr::ui
