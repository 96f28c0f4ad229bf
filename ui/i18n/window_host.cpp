#include "ui/i18n/window_host.h"

#include <QMessageBox>

#include "ui/i18n/language.h"
#include "ui/jobs/job_runner.h"
#include "ui/project/project_session.h"
#include "ui/workspace/main_window.h"

namespace amr::ui {

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
    old->close();  // saves geometry, dock state and pending edits; stops jobs
    old->deleteLater();

    MainWindow* fresh = createWindow();
    fresh->show();
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
