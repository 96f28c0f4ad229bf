#include "ui/console/training_console_dock.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QScrollArea>

#include "engine/pipeline/stages.h"
#include "ui/console/training_console.h"
#include "ui/project/project_session.h"

namespace amr::ui {

TrainingConsoleDock::TrainingConsoleDock(JobRunner* runner, QWidget* parent)
    : QDockWidget(tr("Training Console"), parent),
      m_console(new TrainingConsole(runner, this)),
      m_runPipeline(new QAction(tr("Run &Pipeline…"), this)) {
    setObjectName(QStringLiteral("trainingConsoleDock"));
    // In a scroll area: the console's full height (curves, queue, log) must not squeeze the
    // canvas and the right-hand docks on a 850 px screen; it scrolls when docked low.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("trainingConsoleScroll"));
    scroll->setWidget(m_console);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    setWidget(scroll);
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    toggleViewAction()->setText(tr("&Training Console"));
    toggleViewAction()->setShortcut(QKeySequence(tr("Ctrl+Shift+T")));
    m_runPipeline->setObjectName(QStringLiteral("runPipelineAction"));
    m_runPipeline->setToolTip(
        tr("Train → CAMs → seeds → IRNet → random walk → DeepLab on the project, resuming "
           "where it stopped"));
    m_runPipeline->setIconText(tr("Pipeline"));
    connect(m_runPipeline, &QAction::triggered, this, [this] {
        show();
        raise();
        m_console->openPipelineDialog();
    });
    // The main window may create its project session after this dock: look for it once the
    // event loop runs, so the window needs no extra wiring.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_session && parentWidget())
                if (auto* s = parentWidget()->findChild<ProjectSession*>())
                    setSession(s);
        },
        Qt::QueuedConnection);
}

void TrainingConsoleDock::setSession(ProjectSession* session) {
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (!session)
        return;
    connect(session, &ProjectSession::opened, this,
            [this] { setProject(m_session->projectDir()); });
    connect(session, &ProjectSession::closed, this, [this] {
        m_explicitProject = false;
        m_console->setProject({});
        setDataset(m_datasetDir);
    });
    connect(m_console, &TrainingConsole::runsChanged, session, &ProjectSession::notifyRunsChanged);
    connect(m_console, &TrainingConsole::stageEnded, session, [this](const QString& stage) {
        if (!m_session)
            return;
        const auto& info = amr::pipeline::stage(stage.toStdString());
        if (!info.mask_version.empty())
            m_session->notifyMasksChanged(QString::fromStdString(info.mask_version));
        if (stage == QStringLiteral("make-cam"))
            m_session->notifyCamsChanged();
    });
    if (session->isOpen())
        setProject(session->projectDir());
}

void TrainingConsoleDock::setDataset(const QString& datasetDir) {
    m_datasetDir = datasetDir;
    // No hidden default project: the first run asks where to create one (projectRequested),
    // and the window opens it, so the console and the window share one project.
    if (!m_explicitProject)
        m_console->setProject({}, datasetDir);
}

void TrainingConsoleDock::setProject(const QString& projectDir) {
    m_explicitProject = !projectDir.isEmpty();
    m_console->setProject(projectDir);
}

}  // namespace amr::ui
