#pragma once
// The training console as a dock of the main window, with the Tools > Run Pipeline… action
// (also on the toolbar) that shows it and asks for the pipeline's preset and range.

#include <QDockWidget>
#include <QPointer>

class QAction;

namespace amr::ui {

class JobRunner;
class ProjectSession;
class TrainingConsole;

class TrainingConsoleDock : public QDockWidget {
    Q_OBJECT
public:
    TrainingConsoleDock(JobRunner* runner, QWidget* parent = nullptr);

    TrainingConsole* console() const { return m_console; }
    QAction* runPipelineAction() const { return m_runPipeline; }

    // The open dataset: without a project, the console's first run asks for one.
    void setDataset(const QString& datasetDir);
    // An explicit project (e.g. from the project session); wins over setDataset().
    void setProject(const QString& projectDir);
    // Follows the session's project and tells it when runs, masks or CAMs change. Found by
    // itself among the main window's children when not set before the event loop starts.
    void setSession(ProjectSession* session);

private:
    TrainingConsole* m_console;
    QAction* m_runPipeline;
    bool m_explicitProject = false;
    QString m_datasetDir;
    QPointer<ProjectSession> m_session;
};

}  // namespace amr::ui
