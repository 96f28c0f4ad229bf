#include "ui/console/training_console_dock.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>

#include "ui/console/training_console.h"

namespace amr::ui {

TrainingConsoleDock::TrainingConsoleDock(JobRunner* runner, QWidget* parent)
    : QDockWidget(tr("Training Console"), parent),
      m_console(new TrainingConsole(runner, this)),
      m_runPipeline(new QAction(tr("Run &Pipeline…"), this)) {
    setObjectName(QStringLiteral("trainingConsoleDock"));
    setWidget(m_console);
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
}

QString TrainingConsoleDock::defaultProjectFor(const QString& datasetDir) {
    const QFileInfo info(QDir::cleanPath(datasetDir));
    return info.dir().filePath(info.fileName() + QStringLiteral(".amr-project"));
}

void TrainingConsoleDock::setDataset(const QString& datasetDir) {
    if (!m_explicitProject && !datasetDir.isEmpty())
        m_console->setProject(defaultProjectFor(datasetDir), datasetDir);
}

void TrainingConsoleDock::setProject(const QString& projectDir) {
    m_explicitProject = !projectDir.isEmpty();
    m_console->setProject(projectDir);
}

}  // namespace amr::ui
