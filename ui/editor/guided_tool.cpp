#include "ui/editor/guided_tool.h"

#include <QPainter>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include <nlohmann/json.hpp>

#include "ui/editor/mask_document.h"

namespace amr::ui {

namespace {

cv::Point pixelOf(QPointF p) {
    return {int(std::floor(p.x())), int(std::floor(p.y()))};
}

// Scribble points closer than this (image pixels) add no seed.
constexpr int kScribbleStep = 6;

}  // namespace

GuidedTool::GuidedTool(MaskDocument* doc, QObject* parent)
    : QObject(parent),
      m_doc(doc),
      m_loadWatcher(new QFutureWatcher<review::GuidedSessionLoad>(this)),
      m_walkWatcher(new QFutureWatcher<WalkResult>(this)) {
    connect(m_walkWatcher, &QFutureWatcherBase::finished, this, &GuidedTool::walkFinished);
    connect(m_loadWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_loadWatcher->property("serial").toInt() != m_loadSerial)
            return;  // an older image's load
        try {
            const review::GuidedSessionLoad load = m_loadWatcher->result();
            m_session = load.session;
            QString how = load.origin == review::BoundaryOrigin::File ? tr("boundary map")
                          : load.origin == review::BoundaryOrigin::Irn
                              ? tr("boundary map computed by the IRN")
                              : tr("image edges (no IRN boundary map yet)");
            if (load.cams)
                how += tr(" and CAMs");
            emit message(tr("Guided clicks ready (%1)").arg(how));
        } catch (const std::exception& e) {
            emit message(tr("Guided clicks unavailable: %1").arg(QString::fromUtf8(e.what())));
        }
    });
    connect(doc->undoStack(), &QUndoStack::indexChanged, this, &GuidedTool::undoIndexChanged);
    connect(doc, &MaskDocument::reloaded, this, [this] {
        m_clicks.clear();
        m_steps.clear();
    });
}

GuidedTool::~GuidedTool() {
    m_loadWatcher->waitForFinished();
    m_walkWatcher->waitForFinished();
}

void GuidedTool::setSources(const review::GuidedSourceOptions& sources) {
    m_sources = sources;
}

void GuidedTool::setImage(const std::string& id, const cv::Mat& bgr) {
    m_id = id;
    m_session.reset();
    m_clicks.clear();
    m_steps.clear();
    m_pending.clear();
    m_held = false;
    if (bgr.empty())
        return;
    const int serial = ++m_loadSerial;
    if (!review::has_boundary_file(m_sources, id) && !m_sources.irn_checkpoint.empty())
        emit message(tr("Computing the boundary map of %1 for guided clicks…")
                         .arg(QString::fromStdString(id)));
    m_loadWatcher->setProperty("serial", serial);
    m_loadWatcher->setFuture(QtConcurrent::run(
        [sources = m_sources, id, bgr] { return review::load_guided_session(sources, id, bgr); }));
}

void GuidedTool::setSession(std::shared_ptr<const review::GuidedWalkSession> session) {
    ++m_loadSerial;
    m_session = std::move(session);
    m_clicks.clear();
    m_steps.clear();
}

bool GuidedTool::isBusy() const {
    return m_loadWatcher->isRunning() || m_walkWatcher->isRunning();
}

std::string GuidedTool::provenanceJson() const {
    if (m_clicks.empty())
        return {};
    nlohmann::json clicks = nlohmann::json::array();
    for (const review::Click& c : m_clicks)
        clicks.push_back({c.point.x, c.point.y, int(c.label)});
    return nlohmann::json{{"tool", "guided"}, {"clicks", clicks}}.dump();
}

void GuidedTool::startWalk() {
    m_dirty = false;
    const std::size_t n = m_pending.size();
    m_walkWatcher->setFuture(QtConcurrent::run(
        [session = m_session, base = m_base, clicks = m_pending, n]() -> WalkResult {
            return {session->run(base, clicks), n};
        }));
}

void GuidedTool::walkFinished() {
    try {
        m_result = m_walkWatcher->result();
    } catch (const std::exception& e) {
        emit message(tr("Guided walk failed: %1").arg(QString::fromUtf8(e.what())));
        m_held = false;
        m_pending = m_clicks;
        emit previewEnded();
        return;
    }
    if (m_dirty) {  // the scribble grew meanwhile
        startWalk();
        return;
    }
    if (m_held)
        emit previewReady(m_result.labels);
    else
        commit();
}

void GuidedTool::commit() {
    if (m_result.labels.empty() || m_result.clicks != m_pending.size())
        return;
    const cv::Mat result = m_result.labels;
    m_result = {};
    const std::size_t before = m_clicks.size();
    m_clicks = m_pending;
    const bool changed = m_doc->apply(tr("Guided click"), [&](cv::Mat& labels) {
        const cv::Rect r = review::changed_rect(labels, result);
        if (!r.empty())
            result(r).copyTo(labels(r));
        return r;
    });
    if (changed)
        m_steps.emplace_back(m_doc->undoStack()->index(), before);
    emit previewEnded();
}

void GuidedTool::undoIndexChanged(int index) {
    // Undoing a guided click forgets its seeds, so the next click does not bring it back.
    while (!m_steps.empty() && m_steps.back().first > index) {
        m_clicks.resize(m_steps.back().second);
        m_steps.pop_back();
    }
}

void GuidedTool::toolPress(QPointF imagePos, Qt::MouseButton button, Qt::KeyboardModifiers) {
    if ((button != Qt::LeftButton && button != Qt::RightButton) || m_doc->isEmpty())
        return;
    if (!m_session) {
        emit message(m_loadWatcher->isRunning()
                         ? tr("Guided clicks: the boundary map is still being prepared")
                         : tr("Guided clicks: no image"));
        return;
    }
    if (m_walkWatcher->isRunning())
        return;  // the previous click is still being applied
    const cv::Point p = pixelOf(imagePos);
    if (!cv::Rect(0, 0, m_doc->labels().cols, m_doc->labels().rows).contains(p))
        return;
    m_base = m_doc->labels().clone();
    m_pending = m_clicks;
    m_pending.push_back({p, button == Qt::LeftButton ? m_label : std::uint8_t(0)});
    m_held = true;
    startWalk();
}

void GuidedTool::toolMove(QPointF imagePos, Qt::MouseButtons buttons) {
    m_hover = imagePos;
    m_hovering = true;
    if (!m_held || !(buttons & Qt::LeftButton) || m_pending.empty())
        return;
    // A short scribble: more seeds of the same class along the drag.
    const cv::Point p = pixelOf(imagePos);
    const cv::Point d = p - m_pending.back().point;
    if (d.x * d.x + d.y * d.y < kScribbleStep * kScribbleStep ||
        !cv::Rect(0, 0, m_base.cols, m_base.rows).contains(p))
        return;
    m_pending.push_back({p, m_pending.back().label});
    if (m_walkWatcher->isRunning())
        m_dirty = true;
    else
        startWalk();
    emit repaintNeeded();
}

void GuidedTool::toolRelease(QPointF, Qt::MouseButton button) {
    if (!m_held || (button != Qt::LeftButton && button != Qt::RightButton))
        return;
    m_held = false;
    if (!m_walkWatcher->isRunning())
        commit();  // else walkFinished() commits
}

void GuidedTool::toolLeave() {
    m_hovering = false;
}

void GuidedTool::paintTool(QPainter& p, const ViewTransform& view) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    // The clicks of this image: filled dots, white for background, dark ring for contrast.
    const std::vector<review::Click>& shown = m_held ? m_pending : m_clicks;
    for (const review::Click& c : shown) {
        const QPointF w = view.toWidget(QPointF(c.point.x + 0.5, c.point.y + 0.5));
        p.setPen(QPen(QColor(0, 0, 0, 220), 2));
        p.setBrush(c.label == 0 ? QColor(255, 255, 255) : QColor(40, 200, 60));
        p.drawEllipse(w, 4, 4);
    }
    if (m_hovering) {
        const QPointF c = view.toWidget(m_hover);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0, 0, 0, 200), 3));
        p.drawEllipse(c, 6, 6);
        p.setPen(QPen(QColor(255, 255, 255, 230), 1.2));
        p.drawEllipse(c, 6, 6);
    }
    p.restore();
}

}  // namespace amr::ui
