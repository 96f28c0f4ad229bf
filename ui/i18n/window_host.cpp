#include "ui/i18n/window_host.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <algorithm>

#include "ui/cam/cam_controller.h"
#include "ui/cam/cam_panel.h"
#include "ui/cam/cam_viewer.h"
#include "ui/editor/editor_controller.h"
#include "ui/i18n/language.h"
#include "ui/jobs/job_runner.h"
#include "ui/project/project_session.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/main_window.h"

namespace amr::ui {
namespace {

// What the user set up in the window besides the open data, carried into the rebuilt one.
struct ViewState {
    QString filter;
    bool editing = false;
    CamKind kind = CamKind::Weighted;

    static ViewState of(const MainWindow& w) {
        ViewState s;
        s.filter = w.imageList()->filterEdit()->text();
        s.editing = w.editor()->isEditing();
        s.kind = w.camViewer()->controller()->kind();
        return s;
    }

    // Before the data reopens: the filter applies to the list it fills, edit mode loads the
    // mask of the image once it is shown, and the CAM kind goes through its selector.
    void applyTo(MainWindow& w) const {
        if (!filter.isEmpty())
            w.imageList()->setFilterText(filter);
        w.editor()->editModeAction()->setChecked(editing);
        QComboBox* kinds = w.camViewer()->panel()->kindSelector();
        kinds->setCurrentIndex(std::max(0, kinds->findData(int(kind))));
    }
};

}  // namespace

WindowHost::WindowHost(QObject* parent) : QObject(parent) {
    createWindow();
}

WindowHost::~WindowHost() {
    delete m_window.data();
}

MainWindow* WindowHost::createWindow() {
    m_window = new MainWindow;
    // Queued: the old window is deleted, and must not be inside its own menu's signal then.
    connect(
        m_window, &MainWindow::languageChangeRequested, this,
        [this](const QString& code) { switchLanguage(code); }, Qt::QueuedConnection);
    return m_window;
}

bool WindowHost::switchLanguage(const QString& code) {
    MainWindow* old = m_window;
    if (old && old->jobRunner()->activeCount() > 0) {
        const auto answer = QMessageBox::question(
            old, tr("Change Language"),
            tr("Changing the language rebuilds the window and stops the running jobs; training "
               "jobs keep a resume state and continue when run again. Change now?"));
        if (answer != QMessageBox::Yes)
            return false;
    }
    storeLanguage(code);
    installLanguage(code);
    if (!old)
        return true;

    // What to reopen in the new window.
    const QString project =
        old->projectSession()->isOpen() ? old->projectSession()->projectDir() : QString();
    QString dataset;
    QString imageId;
    if (old->dataset()) {
        dataset = QString::fromStdString(old->dataset()->root().string());
        if (old->shownImageIndex() >= 0)
            imageId = QString::fromStdString((*old->dataset())[old->shownImageIndex()].id);
    }
    const ViewState view = ViewState::of(*old);
    old->close();  // saves geometry, dock state and pending edits; stops jobs
    old->deleteLater();

    MainWindow* fresh = createWindow();
    fresh->show();
    view.applyTo(*fresh);
    if (!imageId.isEmpty())
        fresh->selectImageOnOpen(imageId);
    if (!project.isEmpty())
        fresh->openProject(project);
    else if (!dataset.isEmpty())
        fresh->openDataset(dataset);
    emit windowReplaced(fresh);
    return true;
}

}  // namespace amr::ui
