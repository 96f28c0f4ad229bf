#include "ui/jobs/job_queue.h"

namespace amr::ui {

JobQueue::JobQueue(JobRunner* runner, QObject* parent) : QObject(parent), m_runner(runner) {}

int JobQueue::enqueue(const QString& title, JobFunction fn) {
    const int id = m_nextId++;
    m_pending.append(Pending{Entry{id, title}, std::move(fn)});
    if (!m_current)
        startNext();
    emit queueChanged();
    return id;
}

bool JobQueue::remove(int id) {
    for (int i = 0; i < m_pending.size(); ++i) {
        if (m_pending[i].entry.id == id) {
            m_pending.removeAt(i);
            emit queueChanged();
            return true;
        }
    }
    return false;
}

bool JobQueue::move(int id, int delta) {
    for (int i = 0; i < m_pending.size(); ++i) {
        if (m_pending[i].entry.id != id)
            continue;
        const int to = i + delta;
        if (delta == 0 || to < 0 || to >= m_pending.size())
            return false;
        m_pending.move(i, to);
        emit queueChanged();
        return true;
    }
    return false;
}

QList<JobQueue::Entry> JobQueue::queued() const {
    QList<Entry> out;
    for (const auto& p : m_pending)
        out.append(p.entry);
    return out;
}

void JobQueue::cancelCurrent() {
    if (m_current)
        m_current->cancel();
}

void JobQueue::cancelAll() {
    m_pending.clear();
    emit queueChanged();
    cancelCurrent();
}

void JobQueue::startNext() {
    if (m_pending.isEmpty()) {
        emit idle();
        return;
    }
    Pending next = m_pending.takeFirst();
    const int id = next.entry.id;
    Job* job = m_runner->start(next.entry.title, std::move(next.fn));
    m_current = job;
    m_currentId = id;
    connect(job, &Job::finished, this, [this, id](Job::State state, const QString& error) {
        m_current = nullptr;
        emit jobFinished(id, state, error);
        startNext();
        emit queueChanged();
    });
    emit jobStarted(id, job);
}

}  // namespace amr::ui
