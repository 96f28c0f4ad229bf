#include "ui/jobs/job_status_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include "ui/console/progress_text.h"
#include "ui/jobs/job_runner.h"

namespace amr::ui {

JobStatusWidget::JobStatusWidget(JobRunner* runner, QWidget* parent)
    : QWidget(parent),
      m_runner(runner),
      m_label(new QLabel(this)),
      m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setFixedWidth(160);
    m_bar->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this job"));
    m_cancel->setObjectName(QStringLiteral("jobCancelButton"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_job) {
            m_job->cancel();
            m_label->setText(tr("Cancelling %1…").arg(m_job->title()));
            m_cancel->setEnabled(false);
        }
    });
    connect(runner, &JobRunner::jobStarted, this, &JobStatusWidget::track);
    connect(runner, &JobRunner::activeCountChanged, this, &JobStatusWidget::refreshVisibility);
    setVisible(false);
}

void JobStatusWidget::track(Job* job) {
    m_job = job;
    m_label->setText(job->title());
    m_cancel->setEnabled(true);
    m_bar->setRange(0, 0);  // busy until the first progress report
    connect(job, &Job::progress, this, [this, job](qint64 done, qint64 total, const QString& msg) {
        if (job == m_job)
            showProgress(done, total, msg);
    });
    refreshVisibility();
}

void JobStatusWidget::showProgress(qint64 done, qint64 total, const QString& message) {
    if (total > 0) {
        // QProgressBar holds ints; scale to permille so huge totals still fit.
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(1000.0 * double(done) / double(total)));
    } else {
        m_bar->setRange(0, 0);
    }
    const QString text = message.isEmpty()
                             ? m_job->title()
                             : tr("%1: %2").arg(m_job->title(), progressText(message));
    m_label->setText(text);
}

void JobStatusWidget::refreshVisibility() {
    const bool busy = m_runner->activeCount() > 0;
    setVisible(busy);
    if (!busy)
        m_job = nullptr;
}

}  // namespace amr::ui
