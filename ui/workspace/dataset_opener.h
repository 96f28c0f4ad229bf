#pragma once
// Opens datasets (and the built-in demo) as background jobs: reading the index of 100k VOC
// XML files takes a while and must not freeze the window. A newer request cancels an older
// one still running, whose result is then ignored.

#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

#include "engine/data/dataset.h"

namespace amr::ui {

class Job;
class JobRunner;

class DatasetOpener : public QObject {
    Q_OBJECT
public:
    DatasetOpener(JobRunner* runner, QObject* parent = nullptr);

    void open(const QString& path);
    // Generates the demo into `demoDir` (default: amr::data::default_demo_dir()) unless it is
    // already there, then opens it.
    void openDemo(const QString& demoDir = {});
    bool isBusy() const { return !m_job.isNull(); }
    // The folder of the latest request (absolute), for messages about it.
    QString requestedPath() const { return m_requested; }

Q_SIGNALS:
    void opened(std::shared_ptr<const amr::data::Dataset> dataset, const QString& path);
    // `message` explains what is wrong and names the file at fault.
    void failed(const QString& message);
    void cancelled();

private:
    struct Result {
        std::shared_ptr<const amr::data::Dataset> dataset;
        QString path;
    };
    void watch(Job* job, std::shared_ptr<Result> result);

    JobRunner* m_runner;
    QPointer<Job> m_job;
    QString m_requested;
};

}  // namespace amr::ui
