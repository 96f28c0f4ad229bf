#pragma once
// The label image being corrected (CV_8UC1: 0 = background, 1..K classes, 255 = void), where
// it started from, and its undo history. Every edit is one MaskEditCommand holding only the
// rectangle it touched (before and after pixels), so a long session costs memory in proportion
// to what was painted, not to the number of strokes times the image size.
//
// Works on plain file paths: loading any label PNG (a CAM, refined, DeepLab or human version),
// saving atomically as the "human" version. Who decides the paths is the caller's business.

#include <QObject>
#include <QRect>
#include <QString>
#include <QUndoCommand>
#include <QUndoStack>
#include <functional>

#include <opencv2/core.hpp>

namespace amr::ui {

class MaskDocument;

// One edit: the pixels of `rect` before and after it.
class MaskEditCommand : public QUndoCommand {
public:
    MaskEditCommand(MaskDocument* doc, const QString& text, cv::Rect rect, cv::Mat before,
                    cv::Mat after);
    void undo() override;
    void redo() override;
    cv::Rect rect() const { return m_rect; }
    // Bytes of pixel data this command keeps (before + after).
    std::size_t byteSize() const { return m_before.total() + m_after.total(); }

private:
    MaskDocument* m_doc;
    cv::Rect m_rect;
    cv::Mat m_before;
    cv::Mat m_after;
};

class MaskDocument : public QObject {
    Q_OBJECT
public:
    explicit MaskDocument(QObject* parent = nullptr);

    // Starts editing `labels` (copied); `sourceVersion` names where they came from (e.g.
    // "refined"), `sourcePath` the file (may be empty). Clears the undo history.
    void reset(const cv::Mat& labels, const QString& sourceVersion, const QString& sourcePath = {});
    // reset() from a label PNG. Throws amr::Error naming the file.
    void load(const QString& path, const QString& sourceVersion);
    bool isEmpty() const { return m_labels.empty(); }

    const cv::Mat& labels() const { return m_labels; }
    // The labels as they were at reset(): what the eraser restores.
    const cv::Mat& source() const { return m_source; }
    QString sourceVersion() const { return m_sourceVersion; }
    QString sourcePath() const { return m_sourcePath; }
    QUndoStack* undoStack() { return &m_undo; }
    // Unsaved edits exist (the undo stack is away from its clean state).
    bool isModified() const { return !m_undo.isClean(); }
    // The labels are what reset() gave (every edit undone, or painted back).
    bool isAtSource() const;
    // Declares the labels saved without writing them (the undo stack's clean state).
    void markClean() { m_undo.setClean(); }

    // One edit as a single undo step: `edit` changes the labels in place and returns the
    // rectangle it may have touched. Nothing is recorded when the pixels did not change.
    // Returns whether they did.
    bool apply(const QString& text, const std::function<cv::Rect(cv::Mat&)>& edit);

    // A stroke: several edits (mouse moves) that become one undo step at endStroke().
    void beginStroke(const QString& text);
    void strokeEdit(const std::function<cv::Rect(cv::Mat&)>& edit);
    void endStroke();
    bool inStroke() const { return m_inStroke; }

    // Writes the labels as a palette PNG, atomically, and marks the document clean.
    // Throws amr::Error naming the file.
    void save(const QString& path);
    // JSON object recorded with a saved human mask: {"stage":"human","source":<version>,
    // "source_path":<file>,"edits":<undo steps>}.
    std::string provenanceJson() const;

    // Used by MaskEditCommand.
    void writePixels(cv::Rect rect, const cv::Mat& pixels);

Q_SIGNALS:
    void reloaded();                  // a new mask was reset()/loaded
    void changed(const QRect& rect);  // pixels of `rect` changed (edit, undo, redo)
    void modifiedChanged(bool modified);

private:
    cv::Mat m_labels;
    cv::Mat m_source;
    cv::Mat m_strokeBase;  // the labels at beginStroke(), reused between strokes
    cv::Rect m_strokeRect;
    QString m_strokeText;
    bool m_inStroke = false;
    QString m_sourceVersion;
    QString m_sourcePath;
    QUndoStack m_undo;
};

}  // namespace amr::ui
