#include "ui/editor/mask_document.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"
#include "engine/data/label_png.h"

namespace amr::ui {
namespace {

QRect toQRect(cv::Rect r) {
    return QRect(r.x, r.y, r.width, r.height);
}

}  // namespace

MaskEditCommand::MaskEditCommand(MaskDocument* doc, const QString& text, cv::Rect rect,
                                 cv::Mat before, cv::Mat after)
    : QUndoCommand(text),
      m_doc(doc),
      m_rect(rect),
      m_before(std::move(before)),
      m_after(std::move(after)) {}

void MaskEditCommand::undo() {
    m_doc->writePixels(m_rect, m_before);
}

void MaskEditCommand::redo() {
    // The first redo (on push) rewrites what is already there: harmless and cheap.
    m_doc->writePixels(m_rect, m_after);
}

MaskDocument::MaskDocument(QObject* parent) : QObject(parent) {
    connect(&m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

void MaskDocument::reset(const cv::Mat& labels, const QString& sourceVersion,
                         const QString& sourcePath) {
    if (!labels.empty() && labels.type() != CV_8UC1)
        throw Error("mask editor: masks must be single-channel 8-bit label images");
    m_inStroke = false;
    m_undo.clear();
    m_labels = labels.clone();
    m_source = labels.clone();
    m_strokeBase = cv::Mat();
    m_sourceVersion = sourceVersion;
    m_sourcePath = sourcePath;
    emit reloaded();
    emit changed(QRect(0, 0, m_labels.cols, m_labels.rows));
}

bool MaskDocument::isAtSource() const {
    if (m_labels.empty() || m_labels.size() != m_source.size())
        return m_labels.empty() && m_source.empty();
    return cv::countNonZero(m_labels != m_source) == 0;
}

void MaskDocument::load(const QString& path, const QString& sourceVersion) {
    reset(data::read_label_png(path.toStdString()), sourceVersion, path);
}

bool MaskDocument::apply(const QString& text, const std::function<cv::Rect(cv::Mat&)>& edit) {
    if (m_labels.empty())
        return false;
    if (m_inStroke)
        endStroke();
    beginStroke(text);
    strokeEdit(edit);
    const int before = m_undo.count();
    endStroke();
    return m_undo.count() > before;
}

void MaskDocument::beginStroke(const QString& text) {
    if (m_labels.empty())
        return;
    if (m_inStroke)
        endStroke();
    // copyTo keeps the allocation when the size is unchanged: one buffer for all strokes.
    m_labels.copyTo(m_strokeBase);
    m_strokeRect = cv::Rect();
    m_strokeText = text;
    m_inStroke = true;
}

void MaskDocument::strokeEdit(const std::function<cv::Rect(cv::Mat&)>& edit) {
    if (!m_inStroke)
        return;
    const cv::Rect r = edit(m_labels) & cv::Rect(0, 0, m_labels.cols, m_labels.rows);
    if (r.empty())
        return;
    m_strokeRect = m_strokeRect.empty() ? r : (m_strokeRect | r);
    emit changed(toQRect(r));
}

void MaskDocument::endStroke() {
    if (!m_inStroke)
        return;
    m_inStroke = false;
    if (m_strokeRect.empty())
        return;
    // Shrink to the pixels that really changed: a brush over its own class records nothing.
    const cv::Mat diff = m_labels(m_strokeRect) != m_strokeBase(m_strokeRect);
    if (cv::countNonZero(diff) == 0)
        return;
    const cv::Rect tight = cv::boundingRect(diff) + m_strokeRect.tl();
    m_undo.push(new MaskEditCommand(this, m_strokeText, tight, m_strokeBase(tight).clone(),
                                    m_labels(tight).clone()));
}

void MaskDocument::writePixels(cv::Rect rect, const cv::Mat& pixels) {
    pixels.copyTo(m_labels(rect));
    emit changed(toQRect(rect));
}

void MaskDocument::save(const QString& path) {
    if (m_inStroke)
        endStroke();
    data::write_label_png(path.toStdString(), m_labels);
    m_undo.setClean();
}

std::string MaskDocument::provenanceJson() const {
    nlohmann::json j;
    j["stage"] = "human";
    j["source"] = m_sourceVersion.toStdString();
    if (!m_sourcePath.isEmpty())
        j["source_path"] = m_sourcePath.toStdString();
    j["edits"] = m_undo.count();
    return j.dump();
}

}  // namespace amr::ui
