#pragma once
// Opens and creates projects as background jobs, like DatasetOpener does for datasets: the
// database, the project's dataset index and every stored review state are read on a worker
// thread, and the UI thread gets them in one piece. A newer request cancels an older one.

#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/project/project.h"

namespace amr::ui {

class Job;
class JobRunner;

struct OpenedProject {
    QString dir;         // absolute project folder
    QString name;        // the project's name
    QString datasetDir;  // the dataset folder as the reader resolved it
    std::shared_ptr<const amr::data::Dataset> dataset;
    std::vector<amr::project::ImageState> states;  // images with a stored state
};

class ProjectOpener : public QObject {
    Q_OBJECT
public:
    explicit ProjectOpener(JobRunner* runner, QObject* parent = nullptr);

    // `path` is a project folder or its project.amrdb.
    void open(const QString& path);
    // Reads the dataset first (so a folder that is not a dataset makes no project), then
    // creates the project folder and its database.
    void create(const QString& projectDir, const QString& datasetDir, const QString& name);
    bool isBusy() const { return !m_job.isNull(); }

Q_SIGNALS:
    void opened(const amr::ui::OpenedProject& project);
    void failed(const QString& message);  // names the file at fault
    void cancelled();

private:
    void watch(Job* job, std::shared_ptr<OpenedProject> result);

    JobRunner* m_runner;
    QPointer<Job> m_job;
};

}  // namespace amr::ui
