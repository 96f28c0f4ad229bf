#include "ui/jobs/job_runner.h"

#include <QPointer>
#include <chrono>
#include <exception>
#include <mutex>

namespace amr::ui {

// What the worker thread and the UI thread share for one job.
struct Job::Shared {
    amr::CancelToken cancel;
    std::mutex mutex;  // guards the members below
    std::chrono::steady_clock::time_point lastSent{};
    bool pending = false;  // a progress event was throttled and not yet delivered
    amr::ProgressEvent latest;
};

Job::Job(const QString& title, QObject* parent)
    : QObject(parent), m_title(title), m_shared(std::make_shared<Shared>()) {}

void Job::cancel() {
    if (m_state == State::Running)
        m_shared->cancel.cancel();
}

void Job::deliverProgress(qint64 done, qint64 total, const QString& message) {
    if (m_state != State::Running)
        return;
    m_done = done;
    m_total = total;
    m_message = message;
    emit progress(done, total, message);
}

void Job::deliverEnd(State state, const QString& error) {
    m_state = state;
    m_error = error;
    emit finished(state, error);
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(4);
    m_pool.setObjectName(QStringLiteral("amr-jobs"));
}

JobRunner::~JobRunner() {
    cancelAll();
    m_pool.waitForDone();
}

Job* JobRunner::start(const QString& title, JobFunction fn) {
    auto* job = new Job(title, this);
    std::shared_ptr<Job::Shared> shared = job->m_shared;
    QPointer<Job> target(job);
    ++m_active;

    // Both posts go to the runner, which outlives every worker (its destructor waits); the
    // QPointer guards against a job object that is gone by the time the event runs.
    auto postProgress = [this, target](const amr::ProgressEvent& e) {
        QMetaObject::invokeMethod(
            this,
            [target, done = qint64(e.done), total = qint64(e.total),
             msg = QString::fromStdString(e.message)] {
                if (target)
                    target->deliverProgress(done, total, msg);
            },
            Qt::QueuedConnection);
    };

    m_pool.start([this, fn = std::move(fn), shared, target, postProgress] {
        amr::JobContext ctx;
        ctx.cancel = &shared->cancel;
        ctx.progress = [shared, postProgress](const amr::ProgressEvent& e) {
            std::lock_guard lock(shared->mutex);
            auto now = std::chrono::steady_clock::now();
            if (now - shared->lastSent < std::chrono::milliseconds(kProgressIntervalMs)) {
                shared->latest = e;  // delivered later, or flushed when the job ends
                shared->pending = true;
                return;
            }
            shared->lastSent = now;
            shared->pending = false;
            postProgress(e);
        };

        Job::State state = Job::State::Succeeded;
        QString error;
        try {
            fn(ctx);
        } catch (const amr::Cancelled&) {
            state = Job::State::Cancelled;
        } catch (const amr::Error& e) {
            state = Job::State::Failed;
            error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            state = Job::State::Failed;
            error = tr("internal error: %1").arg(QString::fromStdString(e.what()));
        } catch (...) {
            state = Job::State::Failed;
            error = tr("internal error");
        }
        {
            std::lock_guard lock(shared->mutex);
            if (shared->pending && state == Job::State::Succeeded)
                postProgress(shared->latest);
            shared->pending = false;
        }
        QMetaObject::invokeMethod(
            this,
            [this, target, state, error] {
                --m_active;
                if (target) {
                    target->deliverEnd(state, error);
                    target->deleteLater();
                }
                emit activeCountChanged(m_active);
            },
            Qt::QueuedConnection);
    });

    emit jobStarted(job);
    emit activeCountChanged(m_active);
    return job;
}

void JobRunner::cancelAll() {
    for (Job* job : findChildren<Job*>(Qt::FindDirectChildrenOnly))
        job->cancel();
}

void JobRunner::waitForDone() {
    m_pool.waitForDone();
}

}  // namespace amr::ui
