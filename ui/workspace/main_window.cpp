#include "ui/workspace/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "ui/cam/cam_viewer.h"
#include "ui/canvas/image_canvas.h"
#include "ui/console/training_console.h"
#include "ui/console/training_console_dock.h"
#include "ui/editor/editor_controller.h"
#include "ui/editor/mask_document.h"
#include "ui/export/voc_export_controller.h"
#include "ui/i18n/language_menu.h"
#include "ui/jobs/job_runner.h"
#include "ui/jobs/job_status_widget.h"
#include "ui/project/image_state_feed.h"
#include "ui/project/new_project_dialog.h"
#include "ui/project/project_opener.h"
#include "ui/project/project_session.h"
#include "ui/widgets/dock_sizing.h"
#include "ui/widgets/focused_keys_first.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/message_banner.h"
#include "ui/widgets/text_format.h"
#include "ui/workspace/about_dialog.h"
#include "ui/workspace/dataset_opener.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/image_loader.h"
#include "ui/workspace/recent_datasets.h"
#include "ui/workspace/training_flow.h"
#include "ui/workspace/workspace_actions.h"

namespace amr::ui {
namespace {

const char* kGeometryKey = "mainWindow/geometry";
const char* kStateKey = "mainWindow/state";
const char* kOpacityKey = "overlay/opacity";
const char* kOverlayVisibleKey = "overlay/visible";
const char* kLastFolderKey = "lastDatasetFolder";
const char* kLastProjectFolderKey = "lastProjectFolder";

QLabel* statusLabel(QWidget* parent, const char* name, int minWidth) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setMinimumWidth(minWidth);
    label->setContentsMargins(6, 0, 6, 0);
    return label;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_actions(std::make_unique<WorkspaceActions>(this)),
      m_runner(new JobRunner(this)),
      m_opener(new DatasetOpener(m_runner, this)),
      m_session(new ProjectSession(this)),
      m_projectOpener(new ProjectOpener(m_runner, this)),
      m_loader(new ImageLoader(this)),
      m_model(new ImageListModel(this)),
      m_panel(new ImageListPanel(m_model, this)),
      m_canvas(new ImageCanvas(this)),
      m_banner(new MessageBanner(this)),
      m_feed(new ImageStateFeed(m_session, m_model, this)),
      m_editor(new EditorController(m_canvas, m_runner, this)),
      m_console(new TrainingConsoleDock(m_runner, this)) {
    setWindowIcon(icons::app());
    setWindowTitle(tr("AMR Studio"));
    FocusedKeysFirst::install();
    // Edits, review status and scores go to the open project (else to the dataset folder).
    connectEditorToProject(m_editor, m_session);

    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_canvas, 1);
    setCentralWidget(centre);
    m_canvas->setObjectName(QStringLiteral("canvas"));
    showWelcome();

    auto* dock = new QDockWidget(tr("Images"), this);
    dock->setObjectName(QStringLiteral("imageListDock"));
    dock->setWidget(m_panel);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {340}, Qt::Horizontal);
    m_editDock = new QDockWidget(tr("Mask Editor"), this);
    m_editDock->setObjectName(QStringLiteral("maskEditorDock"));
    m_editDock->setWidget(m_editor->panel());
    addDockWidget(Qt::RightDockWidgetArea, m_editDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_console);
    resizeDocks({m_console}, {260}, Qt::Vertical);
    m_console->hide();

    m_flow = new TrainingFlow(this);
    buildMenus();
    buildToolBar();
    buildStatusBar();
    m_camViewer = new CamViewer(this, m_canvas, m_runner);

    const WorkspaceActions& a = *m_actions;
    connect(a.openDataset, &QAction::triggered, this, &MainWindow::chooseDataset);
    connect(a.openDemo, &QAction::triggered, this, [this] { openDemo(); });
    connect(a.clearRecent, &QAction::triggered, this, [this] {
        RecentDatasets::clear();
        refreshRecentMenu();
    });
    connect(a.newProject, &QAction::triggered, this, &MainWindow::chooseNewProject);
    connect(a.openProject, &QAction::triggered, this, &MainWindow::chooseProject);
    connect(a.closeProject, &QAction::triggered, this, &MainWindow::closeProject);
    connect(a.clearRecentProjects, &QAction::triggered, this, [this] {
        RecentProjects::clear();
        refreshRecentProjectsMenu();
    });
    connect(m_projectOpener, &ProjectOpener::opened, this, &MainWindow::onProjectOpened);
    connect(m_projectOpener, &ProjectOpener::failed, this, [this](const QString& message) {
        showWelcome();
        showError(tr("Could not open the project. %1").arg(message));
    });
    connect(m_projectOpener, &ProjectOpener::cancelled, this, [this] {
        showWelcome();
        statusBar()->showMessage(tr("Opening cancelled"), 4000);
    });
    connect(m_session, &ProjectSession::opened, this, &MainWindow::updateTitle);
    connect(m_session, &ProjectSession::closed, this, [this] {
        m_actions->closeProject->setEnabled(false);
        updateTitle();
    });
    connect(m_panel, &ImageListPanel::statusRequested, m_feed, &ImageStateFeed::setStatus);
    connect(m_feed, &ImageStateFeed::failed, this, [this](const QString& message) {
        showError(tr("Could not read the review state. %1").arg(message));
    });
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.nextImage, &QAction::triggered, m_panel, &ImageListPanel::selectNext);
    connect(a.previousImage, &QAction::triggered, m_panel, &ImageListPanel::selectPrevious);
    connect(a.findImage, &QAction::triggered, m_panel, &ImageListPanel::focusFilter);
    connect(a.fitToWindow, &QAction::triggered, m_canvas, &ImageCanvas::fitToWindow);
    connect(a.actualSize, &QAction::triggered, m_canvas, &ImageCanvas::zoomToActualSize);
    connect(a.zoomIn, &QAction::triggered, m_canvas, &ImageCanvas::zoomIn);
    connect(a.zoomOut, &QAction::triggered, m_canvas, &ImageCanvas::zoomOut);
    connect(a.showOverlay, &QAction::toggled, this, [this](bool on) {
        m_canvas->setOverlayVisible(on);
        m_opacity->setEnabled(on);
        QSettings().setValue(QLatin1String(kOverlayVisibleKey), on);
    });
    connect(a.about, &QAction::triggered, this, [this] { showAboutDialog(this); });
    auto* voc = new VocExportController(m_runner, m_banner, this);
    connect(a.exportVoc, &QAction::triggered, voc, [this, voc] {
        if (m_session->isOpen())
            voc->exportProject(m_dataset, m_session->projectDir());
        else
            voc->exportDataset(m_dataset);
    });
    connect(a.validateVoc, &QAction::triggered, voc, &VocExportController::chooseAndValidate);
    connect(a.importMasks, &QAction::triggered, voc, [this, voc] { voc->importMasks(m_dataset); });

    // Mask editing: save before the image changes, jump to the review queue's images, and
    // give the digit keys to the palette while editing (1 is "actual size" otherwise).
    connect(m_panel, &ImageListPanel::currentImageChanged, m_editor,
            [this] { m_editor->saveNow(); });
    connect(m_editor, &EditorController::imageRequested, m_panel,
            &ImageListPanel::setCurrentDatasetIndex);
    connect(m_editor, &EditorController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(m_editor, &EditorController::errorOccurred, this, &MainWindow::showError);
    connect(m_editor, &EditorController::logged, m_console->console(), &TrainingConsole::appendLog);
    connect(m_editor, &EditorController::editModeChanged, this, [this](bool on) {
        m_camViewer->setCanvasPaused(on);
        if (on)  // once the panel shows the image's mask source and review state
            QTimer::singleShot(0, this, &MainWindow::giveEditorRoom);
        m_actions->actualSize->setShortcuts(
            on ? QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_0)}
               : QList<QKeySequence>{QKeySequence(Qt::CTRL | Qt::Key_0), QKeySequence(Qt::Key_1)});
    });

    // The open project (it binds its own dataset) closes only once the new dataset is read: a
    // folder that fails to open leaves the window as it was.
    connect(m_opener, &DatasetOpener::opened, this,
            [this](std::shared_ptr<const amr::data::Dataset> dataset, const QString& path) {
                m_session->close();
                setDataset(std::move(dataset), path);
            });
    connect(m_opener, &DatasetOpener::failed, this, [this](const QString& message) {
        showWelcome();
        showError(tr("Could not open the dataset %1: %2")
                      .arg(QDir::toNativeSeparators(m_opener->requestedPath()), message));
    });
    connect(m_opener, &DatasetOpener::cancelled, this, [this] {
        showWelcome();
        statusBar()->showMessage(tr("Opening cancelled"), 4000);
    });
    connect(m_panel, &ImageListPanel::currentImageChanged, m_loader, &ImageLoader::request);
    connect(m_panel, &ImageListPanel::currentImageChanged, this, [this](int index) {
        if (index >= 0)
            return;
        // The filter matches nothing: show nothing rather than an image that is not listed.
        m_shownIndex = -1;
        m_labels = cv::Mat();
        m_canvas->clear(tr("No image matches the filter."));
        m_editor->showImage(-1, {}, {});
        m_camViewer->showImage(-1, {}, {});
        for (QLabel* label : {m_idLabel, m_sizeLabel, m_classLabel})
            label->clear();
    });
    connect(m_loader, &ImageLoader::loaded, this, &MainWindow::onImageLoaded);
    connect(m_loader, &ImageLoader::failed, this, &MainWindow::onImageFailed);
    connect(m_loader, &ImageLoader::loaded, m_camViewer,
            [this](const LoadedImage& r) { m_camViewer->showImage(r.index, r.image, r.labels); });
    connect(m_loader, &ImageLoader::failed, m_camViewer,
            [this] { m_camViewer->showImage(-1, {}, {}); });
    connect(m_canvas, &ImageCanvas::hoveredPixelChanged, this, &MainWindow::onHover);
    connect(m_canvas, &ImageCanvas::zoomChanged, this, &MainWindow::onZoomChanged);

    restoreSettings();
}

MainWindow::~MainWindow() {
    // Workers must stop before the objects their results go to are destroyed.
    m_runner->cancelAll();
    m_runner->waitForDone();
}

void MainWindow::buildMenus() {
    const WorkspaceActions& a = *m_actions;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({a.newProject, a.openProject});
    m_recentProjectsMenu = file->addMenu(tr("Recent Pro&jects"));
    connect(m_recentProjectsMenu, &QMenu::aboutToShow, this,
            &MainWindow::refreshRecentProjectsMenu);
    file->addAction(a.closeProject);
    file->addSeparator();
    file->addAction(a.openDataset);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::refreshRecentMenu);
    file->addAction(a.openDemo);
    file->addSeparator();
    file->addActions({a.importMasks, a.exportVoc});
    file->addSeparator();
    file->addAction(a.quit);
    refreshRecentMenu();
    refreshRecentProjectsMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    for (QAction* action : m_editor->menuActions())
        if (action)
            edit->addAction(action);
        else
            edit->addSeparator();

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions({a.fitToWindow, a.actualSize, a.zoomIn, a.zoomOut});
    view->addSeparator();
    view->addAction(a.showOverlay);
    view->addSeparator();
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("imageListDock")))
        view->addAction(dock->toggleViewAction());
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("maskEditorDock")))
        view->addAction(dock->toggleViewAction());
    view->addAction(m_console->toggleViewAction());
    view->addSeparator();
    view->addMenu(makeLanguageMenu(
        this, [this](const QString& code) { emit languageChangeRequested(code); }));

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->addActions({a.nextImage, a.previousImage});
    go->addSeparator();
    go->addAction(a.findImage);

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(a.validateVoc);
    tools->addAction(m_console->runPipelineAction());
    tools->addAction(m_flow->weightsAction());
    menuBar()->addMenu(tr("&Help"))->addAction(a.about);
}

void MainWindow::buildToolBar() {
    const WorkspaceActions& a = *m_actions;
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setIconSize(QSize(22, 22));
    bar->addAction(a.openDataset);
    bar->addSeparator();
    bar->addActions({a.previousImage, a.nextImage});
    bar->addSeparator();
    bar->addAction(a.showOverlay);

    auto* box = new QWidget(bar);
    box->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(4, 0, 8, 0);
    auto* label = new QLabel(tr("Mask opacity"), box);
    m_opacity = new QSlider(Qt::Horizontal, box);
    m_opacity->setObjectName(QStringLiteral("opacitySlider"));
    m_opacity->setRange(0, 100);
    m_opacity->setFixedWidth(140);
    m_opacity->setToolTip(tr("Opacity of the mask overlay"));
    m_opacityValue = new QLabel(box);
    m_opacityValue->setMinimumWidth(
        m_opacityValue->fontMetrics().horizontalAdvance(QStringLiteral("100 %")));
    label->setBuddy(m_opacity);
    row->addWidget(label);
    row->addWidget(m_opacity);
    row->addWidget(m_opacityValue);
    bar->addWidget(box);
    connect(m_opacity, &QSlider::valueChanged, this, [this](int value) {
        m_canvas->setOverlayOpacity(value / 100.0);
        m_opacityValue->setText(tr("%1 %").arg(value));
        QSettings().setValue(QLatin1String(kOpacityKey), value);
    });

    bar->addSeparator();
    bar->addActions({a.fitToWindow, a.actualSize, a.zoomIn, a.zoomOut});
    bar->addSeparator();
    bar->addAction(m_console->runPipelineAction());
}

void MainWindow::buildStatusBar() {
    m_idLabel = statusLabel(this, "statusImageId", 120);
    m_sizeLabel = statusLabel(this, "statusImageSize", 80);
    m_zoomLabel = statusLabel(this, "statusZoom", 60);
    m_classLabel = statusLabel(this, "statusClass", 180);
    statusBar()->addPermanentWidget(new JobStatusWidget(m_runner, this));
    statusBar()->addPermanentWidget(m_idLabel);
    statusBar()->addPermanentWidget(m_sizeLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    statusBar()->addPermanentWidget(m_classLabel);
}

void MainWindow::restoreSettings() {
    QSettings s;
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (!restoreGeometry(s.value(QLatin1String(kGeometryKey)).toByteArray()))
        resize(screen ? screen->availableGeometry().size() * 0.85 : QSize(1280, 800));
    else if (screen)  // saved on a larger screen: fit this one
        resize(size().boundedTo(screen->availableGeometry().size()));
    restoreState(s.value(QLatin1String(kStateKey)).toByteArray());
    m_opacity->setValue(s.value(QLatin1String(kOpacityKey), 50).toInt());
    m_opacityValue->setText(tr("%1 %").arg(m_opacity->value()));
    m_canvas->setOverlayOpacity(m_opacity->value() / 100.0);
    m_actions->showOverlay->setChecked(s.value(QLatin1String(kOverlayVisibleKey), true).toBool());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings s;
    s.setValue(QLatin1String(kGeometryKey), saveGeometry());
    s.setValue(QLatin1String(kStateKey), saveState());
    m_editor->saveNow();
    m_runner->cancelAll();
    event->accept();
}

void MainWindow::openDataset(const QString& path) {
    const QString text = tr("Opening %1…").arg(QDir::toNativeSeparators(path));
    statusBar()->showMessage(text);
    if (!m_dataset)
        m_canvas->clear(text);
    m_opener->open(path);
}

void MainWindow::openDemo(const QString& demoDir) {
    // Trained before: show its project and CAMs, not the bare dataset and the offer to train.
    if (const QString project = TrainingFlow::trainedDemoProject(demoDir); !project.isEmpty()) {
        openProject(project);
        return;
    }
    m_flow->expectDemo();
    const QString text = tr("Preparing the demo dataset…");
    statusBar()->showMessage(text);
    if (!m_dataset)
        m_canvas->clear(text);
    m_opener->openDemo(demoDir);
}

// In edit mode the annotator works with the editor's tools and classes; after Train to CAMs
// the CAM viewer below holds two thirds of the height and leaves them scrolled out of sight.
void MainWindow::giveEditorRoom() {
    m_editDock->show();
    m_editDock->raise();
    growDockToContent(this, m_editDock);
}

void MainWindow::showWelcome() {
    if (m_dataset)
        return;
    m_canvas->clear(
        tr("Open a dataset folder with File > Open Dataset… (Ctrl+O),\n"
           "a project with File > Open Project… (Ctrl+Shift+O),\n"
           "or try the built-in demo with File > Open Demo."));
}

void MainWindow::openProject(const QString& path) {
    const QString text = tr("Opening project %1…").arg(QDir::toNativeSeparators(path));
    statusBar()->showMessage(text);
    if (!m_dataset)
        m_canvas->clear(text);
    m_projectOpener->open(path);
}

void MainWindow::createProject(const QString& projectDir, const QString& datasetDir,
                               const QString& name) {
    const QString text = tr("Creating project %1…").arg(QDir::toNativeSeparators(projectDir));
    statusBar()->showMessage(text);
    if (!m_dataset)
        m_canvas->clear(text);
    m_projectOpener->create(projectDir, datasetDir, name);
}

void MainWindow::closeProject() {
    m_session->close();
}

void MainWindow::chooseProject() {
    QSettings s;
    const QString start =
        s.value(QLatin1String(kLastProjectFolderKey), QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"), start);
    if (dir.isEmpty())
        return;
    s.setValue(QLatin1String(kLastProjectFolderKey), QFileInfo(dir).absolutePath());
    openProject(dir);
}

void MainWindow::chooseNewProject() {
    // The open dataset is the usual choice: offer it.
    NewProjectDialog dialog(
        m_dataset ? QString::fromStdString(m_dataset->root().string()) : QString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QSettings().setValue(QLatin1String(kLastProjectFolderKey),
                         QFileInfo(dialog.projectDir()).absolutePath());
    createProject(dialog.projectDir(), dialog.datasetDir(), dialog.projectName());
}

void MainWindow::onProjectOpened(const OpenedProject& project) {
    m_session->close();
    setDataset(project.dataset, project.datasetDir);
    m_model->setImageStates(project.states);
    m_session->setOpen(project.dir, project.datasetDir, project.name);
    m_actions->closeProject->setEnabled(true);
    RecentProjects::add(project.dir);
    refreshRecentProjectsMenu();
    std::size_t reviewed = 0;
    for (const auto& st : project.states)  // states of ids the dataset lost do not count
        reviewed += (st.status == amr::project::ReviewStatus::Accepted ||
                     st.status == amr::project::ReviewStatus::Corrected) &&
                    project.dataset && project.dataset->find(st.id) >= 0;
    statusBar()->showMessage(
        tr("Opened project %1: %2 images, %3 reviewed")
            .arg(project.name, formatCount(qint64(project.dataset ? project.dataset->size() : 0)),
                 formatCount(qint64(reviewed))),
        8000);
}

void MainWindow::updateTitle() {
    if (m_session->isOpen())
        setWindowTitle(tr("%1 — %2 — AMR Studio").arg(m_session->name(), m_datasetName));
    else if (!m_datasetName.isEmpty())
        setWindowTitle(tr("%1 — AMR Studio").arg(m_datasetName));
    else
        setWindowTitle(tr("AMR Studio"));
}

void MainWindow::chooseDataset() {
    QSettings s;
    const QString start = s.value(QLatin1String(kLastFolderKey), QDir::homePath()).toString();
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open Dataset (a VOC folder or a folder with tags.csv)"), start);
    if (dir.isEmpty())
        return;
    s.setValue(QLatin1String(kLastFolderKey), QFileInfo(dir).absolutePath());
    openDataset(dir);
}

void MainWindow::setDataset(std::shared_ptr<const amr::data::Dataset> dataset,
                            const QString& path) {
    m_dataset = std::move(dataset);
    m_shownIndex = -1;
    m_labels = cv::Mat();
    m_banner->dismiss();
    m_actions->exportVoc->setEnabled(m_dataset != nullptr);
    m_actions->importMasks->setEnabled(m_dataset != nullptr);
    m_canvas->clear(m_dataset && m_dataset->size() == 0 ? tr("This dataset has no images.")
                                                        : QString());
    m_loader->setDataset(m_dataset);
    m_editor->setDataset(m_dataset);
    m_camViewer->setDataset(m_dataset);
    m_console->setDataset(path);
    const QString name = datasetDisplayName(path);
    m_datasetName = name;
    updateTitle();
    if (!path.isEmpty() && QFileInfo(path).isDir()) {
        RecentDatasets::add(path);
        refreshRecentMenu();
    }
    const std::size_t images = m_dataset ? m_dataset->size() : 0;
    statusBar()->showMessage(
        tr("Opened %1: %2 images, %3 with masks, %4 classes")
            .arg(name, formatCount(qint64(images)),
                 formatCount(m_dataset ? qint64(m_dataset->count_with_mask()) : 0))
            .arg(m_dataset ? m_dataset->classes().size() : 0),
        8000);
    if (m_dataset && !m_dataset->warnings().empty()) {
        QStringList lines;
        for (const auto& w : m_dataset->warnings())
            lines << QString::fromStdString(w);
        const int more = lines.size() - 5;
        lines = lines.mid(0, 5);
        if (more > 0)
            lines << tr("… and %1 more.").arg(more);
        m_banner->showMessage(lines.join(u'\n'), MessageBanner::Level::Warning);
    }
    m_model->setDataset(m_dataset);  // selects the first image, which starts its decode
    if (!m_pendingImageId.isEmpty() && m_dataset) {
        const long index = m_dataset->find(m_pendingImageId.toStdString());
        if (index >= 0)
            m_panel->setCurrentDatasetIndex(int(index));
        else
            showError(tr("There is no image %1 in this dataset.").arg(m_pendingImageId));
        m_pendingImageId.clear();
    }
    // The empty filter box holds the focus from the window's start, and a line edit takes
    // Ctrl+E (end of line on X11) and the like from the window: the list gets it instead.
    if (QApplication::focusWidget() == m_panel->filterEdit() &&
        m_panel->filterEdit()->text().isEmpty())
        m_panel->view()->setFocus(Qt::OtherFocusReason);
}

void MainWindow::onImageLoaded(const LoadedImage& result) {
    m_shownIndex = result.index;
    m_labels = result.labels;
    if (m_banner->level() == MessageBanner::Level::Error)
        m_banner->dismiss();
    m_canvas->setImage(result.image, result.overlay);
    m_editor->showImage(result.index, result.image, result.overlay);
    const auto& rec = (*m_dataset)[std::size_t(result.index)];
    m_idLabel->setText(QString::fromStdString(rec.id));
    m_idLabel->setToolTip(QString::fromStdString(rec.image.string()));
    m_sizeLabel->setText(tr("%1 × %2 px").arg(result.image.width()).arg(result.image.height()));
    onZoomChanged(m_canvas->zoom());
    if (result.overlay.isNull())
        m_classLabel->setText(tr("no ground truth"));
}

void MainWindow::onImageFailed(int index, const QString& message) {
    m_shownIndex = -1;
    m_labels = cv::Mat();
    const QString id = QString::fromStdString((*m_dataset)[std::size_t(index)].id);
    m_canvas->clear(tr("Cannot show image %1.").arg(id));
    m_idLabel->setText(id);
    m_sizeLabel->clear();
    m_classLabel->clear();
    showError(tr("Cannot show image %1: %2").arg(id, message));
}

void MainWindow::showError(const QString& text) {
    m_banner->showMessage(text, MessageBanner::Level::Error);
    statusBar()->showMessage(text, 10000);
}

void MainWindow::onHover(QPoint pixel) {
    if (pixel.x() < 0) {
        m_classLabel->setText(m_labels.empty() && m_canvas->hasImage() ? tr("no ground truth")
                                                                       : QString());
        return;
    }
    QString text = tr("x %1, y %2").arg(pixel.x()).arg(pixel.y());
    const cv::Mat& labels = m_editor->isEditing() && !m_editor->document()->isEmpty()
                                ? m_editor->document()->labels()
                                : m_labels;
    if (!labels.empty() && m_dataset && pixel.y() < labels.rows && pixel.x() < labels.cols) {
        const int label = labels.at<std::uint8_t>(pixel.y(), pixel.x());
        text +=
            QStringLiteral(": ") + QString::fromStdString(m_dataset->classes().label_name(label));
    }
    m_classLabel->setText(text);
}

void MainWindow::onZoomChanged(double scale) {
    m_zoomLabel->setText(tr("%1 %").arg(qRound(scale * 100)));
}

void MainWindow::refreshRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = RecentDatasets::list();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { openDataset(path); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent datasets"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(m_actions->clearRecent);
    m_actions->clearRecent->setEnabled(!recent.isEmpty());
}

void MainWindow::refreshRecentProjectsMenu() {
    m_recentProjectsMenu->clear();
    const QStringList recent = RecentProjects::list();
    for (const QString& path : recent) {
        QAction* a = m_recentProjectsMenu->addAction(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { openProject(path); });
    }
    if (recent.isEmpty())
        m_recentProjectsMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_recentProjectsMenu->addSeparator();
    m_recentProjectsMenu->addAction(m_actions->clearRecentProjects);
    m_actions->clearRecentProjects->setEnabled(!recent.isEmpty());
}

}  // namespace amr::ui
