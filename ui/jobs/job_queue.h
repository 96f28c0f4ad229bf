#pragma once
// A visible queue of model jobs on top of the JobRunner: one runs at a time (they share the
// model, the GPU and the project's outputs), the rest wait in order and can be reordered or
// removed until they start.

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include "ui/jobs/job_runner.h"

namespace amr::ui {

class JobQueue : public QObject {
    Q_OBJECT
public:
    struct Entry {
        int id = 0;
        QString title;
    };

    explicit JobQueue(JobRunner* runner, QObject* parent = nullptr);

    // Starts `fn` now when nothing runs, else queues it. Returns its id.
    int enqueue(const QString& title, JobFunction fn);
    // Removes a job that has not started; false when it is running or unknown.
    bool remove(int id);
    // Moves a queued job `delta` places (negative = earlier); false when it cannot move.
    bool move(int id, int delta);
    QList<Entry> queued() const;
    // The running job, or nullptr.
    Job* current() const { return m_current; }
    int currentId() const { return m_current ? m_currentId : 0; }
    bool isIdle() const { return !m_current; }
    // Cancels the running job (the queue goes on with the next one).
    void cancelCurrent();
    // Empties the queue and cancels the running job.
    void cancelAll();

Q_SIGNALS:
    void queueChanged();
    void jobStarted(int id, amr::ui::Job* job);
    void jobFinished(int id, amr::ui::Job::State state, const QString& error);
    void idle();

private:
    struct Pending {
        Entry entry;
        JobFunction fn;
    };
    void startNext();

    JobRunner* m_runner;
    QList<Pending> m_pending;
    QPointer<Job> m_current;
    int m_currentId = 0;
    int m_nextId = 1;
};

}  // namespace amr::ui
