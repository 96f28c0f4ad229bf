#pragma once
// Puts the CAM viewer into the main window: the CAM dock (controls and plots), the overlays
// dock, the compare window, the shortcuts, and the background jobs (loading is the
// controller's; "Apply to all" and the mIoU figures run through the JobRunner).

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <filesystem>
#include <memory>

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"
#include "ui/cam/review_sources.h"

class QDockWidget;
class QMainWindow;

namespace amr::ui {

class CamController;
class CamPanel;
class CamPlots;
class CompareView;
class ImageCanvas;
class Job;
class JobRunner;
class OverlayPanel;
class ProjectSession;

class CamViewer : public QObject {
    Q_OBJECT
public:
    CamViewer(QMainWindow* window, ImageCanvas* canvas, JobRunner* runner);
    ~CamViewer() override;

    CamController* controller() const { return m_controller; }
    CamPanel* panel() const { return m_panel; }
    OverlayPanel* overlays() const { return m_overlays; }
    CamPlots* plots() const { return m_plots; }
    CompareView* compareView() const { return m_compare; }
    QDockWidget* camDock() const { return m_camDock; }
    QDockWidget* overlayDock() const { return m_overlayDock; }

    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    // Where CAMs and masks come from, and how settings persist (a project or QSettings).
    void setSources(const ReviewSources& sources,
                    const ReviewBackend& backend = ReviewBackend::qsettings());
    // Follows the open project: its folders and settings while open, QSettings otherwise. The
    // window's ProjectSession, if it has one, is followed from construction on.
    void setProjectSession(ProjectSession* session);
    // The image now on the main canvas (from the ImageLoader).
    void showImage(int index, const QImage& photo, const cv::Mat& groundTruth);
    // While the mask editor edits, the canvas shows the mask being edited: the layers wait, and
    // are composed onto it again when editing ends.
    void setCanvasPaused(bool paused);

    // Starts "Apply to all" into `outDir` (the "cam" mask version); null when nothing to do.
    Job* applyToAll(const std::filesystem::path& outDir);
    // The running mIoU job, if any.
    Job* evalJob() const;

public Q_SLOTS:
    void showCompare();
    void chooseAndApply();  // asks for a folder when the sources name no "cam" mask folder
    void scheduleEval();    // reruns the mIoU figures after the sliders settle

Q_SIGNALS:
    void masksWritten(const QString& version, const QString& summary);
    void failed(const QString& message);

private:
    void startEval();
    void reloadProject();
    void checkStore();  // says when the store's CAMs are all zero

    QMainWindow* m_window;
    ImageCanvas* m_canvas;
    bool m_canvasPaused = false;
    JobRunner* m_runner;
    CamController* m_controller;
    CamPanel* m_panel;
    OverlayPanel* m_overlays;
    CamPlots* m_plots;
    CompareView* m_compare;
    QDockWidget* m_camDock;
    QDockWidget* m_overlayDock;
    QPointer<ProjectSession> m_session;
    QPointer<Job> m_evalJob;
    QPointer<Job> m_applyJob;
    QPointer<Job> m_checkJob;
    QTimer m_evalTimer;
    quint64 m_evalGeneration = 0;
    double m_curveThreshold = -1;  // threshold the shown α curve was measured at, -1 = none
    double m_headlineAlpha = -1;   // α of the shown 0.20 / best-of-sweep headline, -1 = none
    QImage m_photo;
};

}  // namespace amr::ui
