#pragma once
// The status-bar face of the job runner: the newest running job's title, a progress bar
// (busy when the total is unknown) and a Cancel button. Hidden while nothing runs.

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace amr::ui {

class Job;
class JobRunner;

class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(JobRunner* runner, QWidget* parent = nullptr);

private:
    void track(Job* job);
    void showProgress(qint64 done, qint64 total, const QString& message);
    void refreshVisibility();

    JobRunner* m_runner;
    QPointer<Job> m_job;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
};

}  // namespace amr::ui
