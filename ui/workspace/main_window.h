#pragma once
// The main window is a shell: it composes the image list dock, the canvas, the toolbar and
// the status bar, and wires them to the engine through the dataset opener, the image loader
// and the job runner. Panels hold their own logic.

#include <QMainWindow>
#include <memory>

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"

class QLabel;
class QMenu;
class QSlider;

namespace amr::ui {

class CamViewer;
class DatasetOpener;
class ImageStateFeed;
class ProjectOpener;
class ProjectSession;
struct OpenedProject;
class EditorController;
class ImageCanvas;
class ImageListModel;
class ImageListPanel;
class ImageLoader;
class JobRunner;
class MessageBanner;
class TrainingConsoleDock;
class TrainingFlow;
struct LoadedImage;
struct WorkspaceActions;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a dataset folder in the background (File > Open Dataset…).
    void openDataset(const QString& path);
    // Generates the demo if needed, then opens it, in the background (File > Open Demo).
    void openDemo(const QString& demoDir = {});
    // Selects the image with this id once the next dataset has opened (amr-studio --image).
    void selectImageOnOpen(const QString& id) { m_pendingImageId = id; }
    // Opens a project folder and its dataset in the background (File > Open Project…).
    void openProject(const QString& path);
    // Creates a project for `datasetDir` in `projectDir`, then opens it (File > New Project…).
    void createProject(const QString& projectDir, const QString& datasetDir,
                       const QString& name = {});
    void closeProject();
    // Shows an already opened dataset (also the end of the calls above).
    void setDataset(std::shared_ptr<const amr::data::Dataset> dataset, const QString& path);

    const std::shared_ptr<const amr::data::Dataset>& dataset() const { return m_dataset; }
    // Dataset index of the image on the canvas, or -1.
    int shownImageIndex() const { return m_shownIndex; }
    ImageCanvas* canvas() const { return m_canvas; }
    ImageListPanel* imageList() const { return m_panel; }
    ImageListModel* imageModel() const { return m_model; }
    MessageBanner* banner() const { return m_banner; }
    JobRunner* jobRunner() const { return m_runner; }
    // The open project (isOpen() false while none is): panels connect to its signals.
    ProjectSession* projectSession() const { return m_session; }
    ImageStateFeed* imageStateFeed() const { return m_feed; }
    EditorController* editor() const { return m_editor; }
    TrainingConsoleDock* trainingConsole() const { return m_console; }
    const WorkspaceActions& actions() const { return *m_actions; }
    CamViewer* camViewer() const { return m_camViewer; }
    TrainingFlow* trainingFlow() const { return m_flow; }

Q_SIGNALS:
    // View > Language: the user picked `code` ("" = follow the system); see WindowHost.
    void languageChangeRequested(const QString& code);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    void restoreSettings();
    void refreshRecentMenu();
    void refreshRecentProjectsMenu();
    void chooseDataset();
    void chooseProject();
    void chooseNewProject();
    void onProjectOpened(const OpenedProject& project);
    void updateTitle();
    void onImageLoaded(const LoadedImage& result);
    void onImageFailed(int index, const QString& message);
    void onHover(QPoint pixel);
    void onZoomChanged(double scale);
    void showError(const QString& text);
    void showWelcome();  // the canvas's how-to-start text, while no dataset is open
    void giveEditorRoom();

    std::unique_ptr<WorkspaceActions> m_actions;
    JobRunner* m_runner;
    DatasetOpener* m_opener;
    ProjectSession* m_session;
    ProjectOpener* m_projectOpener;
    ImageLoader* m_loader;
    ImageListModel* m_model;
    ImageListPanel* m_panel;
    ImageCanvas* m_canvas;
    MessageBanner* m_banner;
    ImageStateFeed* m_feed;
    EditorController* m_editor;
    CamViewer* m_camViewer = nullptr;
    QDockWidget* m_editDock = nullptr;
    TrainingConsoleDock* m_console;
    TrainingFlow* m_flow = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_recentProjectsMenu = nullptr;
    QSlider* m_opacity = nullptr;
    QLabel* m_opacityValue = nullptr;
    QLabel* m_idLabel = nullptr;
    QLabel* m_sizeLabel = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_classLabel = nullptr;

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QString m_datasetName;
    int m_shownIndex = -1;
    QString m_pendingImageId;
    cv::Mat m_labels;  // ground truth of the shown image, for the class under the cursor
};

}  // namespace amr::ui
