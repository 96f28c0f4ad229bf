#pragma once
// The GUI's handle on the open project: which folder, which dataset, and signals when its state
// changes, so panels (CAM viewer, editor, training console, browser) stay in step. It holds no
// database connection shared across threads: callers open their own amr::project::Project
// (cheap) on the thread that uses it, e.g. inside a JobRunner job.

#include <QObject>
#include <QString>
#include <memory>

namespace amr::project {
class Project;
}

namespace amr::ui {

class ProjectSession : public QObject {
    Q_OBJECT
public:
    explicit ProjectSession(QObject* parent = nullptr);
    ~ProjectSession() override;

    bool isOpen() const { return !m_dir.isEmpty(); }
    QString projectDir() const { return m_dir; }
    QString datasetDir() const { return m_datasetDir; }
    QString name() const { return m_name; }

    // Opens a connection for the calling thread; throws amr::Error when no project is open or
    // the database cannot be opened.
    std::unique_ptr<amr::project::Project> connect() const;

    // Called by the project opener once a project has been opened or created (UI thread).
    void setOpen(const QString& projectDir, const QString& datasetDir, const QString& name);
    void close();

    // Whoever changed project state announces it, so views refresh.
    void notifyMasksChanged(const QString& version) { Q_EMIT masksChanged(version); }
    void notifyImageStateChanged(const QString& id) { Q_EMIT imageStateChanged(id); }
    void notifyRunsChanged() { Q_EMIT runsChanged(); }
    void notifyCamsChanged() { Q_EMIT camsChanged(); }

Q_SIGNALS:
    void opened();
    void closed();
    void masksChanged(const QString& version);  // a mask version was (re)written
    void imageStateChanged(const QString& id);  // review status or score of one image
    void runsChanged();                         // a run started or finished
    void camsChanged();                         // the CAM store was (re)written

private:
    QString m_dir;
    QString m_datasetDir;
    QString m_name;
};

}  // namespace amr::ui
