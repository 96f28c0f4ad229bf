#pragma once
// The mask editor's "Guided" tool (click-to-fix, issue 21): a left click (or a short scribble)
// says "the palette's class is here", a right click "background is here". Each click reruns
// the guided random walk (engine/review/guided_walk.h) on a worker thread with every click of
// this image as a hard seed; the result shows as a preview while the button is held and
// becomes one undo step (only the touched rectangle is stored) on release.
//
// The image's session (its affinity graph) is built once per image in the background: from the
// boundary map file when there is one, else computed by the IRN checkpoint (seconds; the status
// bar says so), else from the image's colour edges.

#include <QFutureWatcher>
#include <QObject>
#include <QPointF>
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/review/guided_source.h"
#include "engine/review/guided_walk.h"
#include "ui/canvas/image_canvas.h"

namespace amr::ui {

class MaskDocument;

class GuidedTool : public QObject, public CanvasTool {
    Q_OBJECT
public:
    explicit GuidedTool(MaskDocument* doc, QObject* parent = nullptr);
    ~GuidedTool() override;

    // Where boundary maps, CAMs and the IRN come from (a project's folders; empty: image edges).
    void setSources(const review::GuidedSourceOptions& sources);
    // A new image: forgets the clicks and builds its session in the background.
    void setImage(const std::string& id, const cv::Mat& bgr);
    // Uses a ready session (tests, benches): no background load.
    void setSession(std::shared_ptr<const review::GuidedWalkSession> session);
    bool isReady() const { return m_session != nullptr; }
    bool isBusy() const;  // a load or a walk is running

    void setLabel(std::uint8_t label) { m_label = label; }
    // The committed clicks of this image, in order.
    const std::vector<review::Click>& clicks() const { return m_clicks; }
    // {"tool":"guided","clicks":[[x,y,label],...]}; "" without clicks.
    std::string provenanceJson() const;

    // CanvasTool
    void toolPress(QPointF imagePos, Qt::MouseButton button,
                   Qt::KeyboardModifiers modifiers) override;
    void toolMove(QPointF imagePos, Qt::MouseButtons buttons) override;
    void toolRelease(QPointF imagePos, Qt::MouseButton button) override;
    void toolLeave() override;
    void paintTool(QPainter& painter, const ViewTransform& view) override;

Q_SIGNALS:
    void message(const QString& text);         // for the status bar
    void previewReady(const cv::Mat& labels);  // the mask the held click would give
    void previewEnded();                       // back to the document's mask
    void repaintNeeded();

private:
    void startWalk();
    void walkFinished();
    void commit();
    void undoIndexChanged(int index);

    struct WalkResult {
        cv::Mat labels;
        std::size_t clicks = 0;  // how many of m_pending it used
    };

    MaskDocument* m_doc;
    review::GuidedSourceOptions m_sources;
    std::string m_id;
    std::shared_ptr<const review::GuidedWalkSession> m_session;
    QFutureWatcher<review::GuidedSessionLoad>* m_loadWatcher;
    QFutureWatcher<WalkResult>* m_walkWatcher;
    int m_loadSerial = 0;
    std::uint8_t m_label = 1;
    std::vector<review::Click> m_clicks;   // committed
    std::vector<review::Click> m_pending;  // committed + the held click's points
    cv::Mat m_base;                        // the document's labels when the click began
    WalkResult m_result;
    bool m_held = false;
    bool m_dirty = false;  // m_pending grew while a walk ran
    // Per committed click: the undo index after it and the click count before it.
    std::vector<std::pair<int, std::size_t>> m_steps;
    QPointF m_hover{-1, -1};
    bool m_hovering = false;
};

}  // namespace amr::ui
