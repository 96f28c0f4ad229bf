#pragma once
// The GUI's one way to run long engine work: a job function runs on a worker thread of the
// runner's pool, its progress reaches the UI thread as queued signals (at most ~10 per second),
// and its end is reported once as success, failure (with the amr::Error text) or cancellation.
// Widgets never start threads; they ask the runner.

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <memory>

#include "engine/core/job.h"

namespace amr::ui {

using JobFunction = std::function<void(const amr::JobContext&)>;

// One running (or finished) job. Owned by its JobRunner, which deletes it shortly after
// finished() has been emitted, so connect to it right after JobRunner::start().
class Job : public QObject {
    Q_OBJECT
public:
    enum class State { Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    QString title() const { return m_title; }
    State state() const { return m_state; }
    bool isFinished() const { return m_state != State::Running; }
    // The error text when state() == Failed, e.g. "/data/x.xml: no <object> element".
    QString errorMessage() const { return m_error; }
    qint64 done() const { return m_done; }
    qint64 total() const { return m_total; }
    QString message() const { return m_message; }

public Q_SLOTS:
    // Asks the job to stop at its next check_cancel(); finished(Cancelled) follows.
    void cancel();

Q_SIGNALS:
    void progress(qint64 done, qint64 total, const QString& message);
    void finished(amr::ui::Job::State state, const QString& error);

private:
    friend class JobRunner;
    struct Shared;
    Job(const QString& title, QObject* parent);
    void deliverProgress(qint64 done, qint64 total, const QString& message);
    void deliverEnd(State state, const QString& error);

    QString m_title;
    State m_state = State::Running;
    QString m_error;
    qint64 m_done = 0;
    qint64 m_total = 0;
    QString m_message;
    std::shared_ptr<Shared> m_shared;  // shared with the worker: cancel flag, throttle clock
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    // Cancels what still runs and waits for it: no worker outlives the runner.
    ~JobRunner() override;

    // Starts `fn` on a worker thread and returns its Job (owned by the runner).
    Job* start(const QString& title, JobFunction fn);

    int activeCount() const { return m_active; }
    void cancelAll();
    // Blocks until every worker has returned (for shutdown and tests); events are not processed.
    void waitForDone();

    // Minimum interval between two progress signals of one job.
    static constexpr int kProgressIntervalMs = 100;

Q_SIGNALS:
    void jobStarted(amr::ui::Job* job);
    void activeCountChanged(int count);

private:
    QThreadPool m_pool;
    int m_active = 0;
};

}  // namespace amr::ui
