#pragma once
// The training console: every engine stage, or the whole pipeline, as a job of one JobQueue
// (one model job at a time, the rest queued visibly, reorderable and removable), with a
// progress bar, ETA and current step, Cancel (stops within a second; a rerun resumes), a log,
// errors in plain words, live curves of the training stages and past runs of the project to
// overlay. Jobs open their own amr::project::Project on the worker thread.

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

#include "ui/jobs/job_runner.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace amr::pipeline {
struct PipelineOptions;
}

namespace amr::ui {

class CurvesWidget;
class JobQueue;
class MetricsRelay;
struct MetricPoint;

class TrainingConsole : public QWidget {
    Q_OBJECT
public:
    explicit TrainingConsole(JobRunner* runner, QWidget* parent = nullptr);
    ~TrainingConsole() override;

    // The project every job runs on. With a dataset, the project is created for it on first
    // use when the folder holds none yet. With a dataset and no project folder, running
    // anything asks for a project first (projectRequested) and runs once one is set here.
    void setProject(const QString& projectDir, const QString& datasetDir = {});
    QString projectDir() const { return m_projectDir; }
    QString datasetDir() const { return m_datasetDir; }
    // What waits for a project: dropped (and `why` logged) when none comes.
    bool hasPendingAction() const { return bool(m_pending); }
    void dropPendingAction(const QString& why);

    // Queues one stage (options: JSON object over the preset's); returns the queue id.
    int enqueueStage(const QString& stage, const QString& preset, const QString& optionsJson);
    // Queues the pipeline from..to (empty device = each stage's own). `alpha`: the
    // recalibration α of make-seeds and refine (else the preset's).
    int enqueuePipeline(const QString& preset, const QString& from, const QString& to,
                        const QString& device = {}, std::optional<double> alpha = {});
    // The α tuned in the CAM viewer of the open project (its "cam.alpha"), if any.
    std::optional<double> tunedAlpha() const;

    // Dialogs: the stage's options (queues it on OK), the pipeline's range and preset.
    void openStageDialog(const QString& stage);
    void openPipelineDialog();
    void cancelCurrent();

    // training_console_procs.cpp: the "Processes" option. 1 runs a job in this process; N > 1
    // runs it through the `amr` CLI (cliPath()) as `amr pipeline … --nproc N`, every
    // distributed stage on N local ranks (docs/distributed.md). Remembered in QSettings.
    int processes() const;
    void setProcesses(int n);
    // The `amr` program: $AMR_CLI when set, else `amr` next to this program.
    static QString cliPath();
    // The command a stage queued now would run with processes() > 1 (CONFIG: its options file).
    QStringList processCommand(const QString& stage, const QString& preset,
                               const QString& optionsJson) const;

    JobQueue* queue() const { return m_queue; }
    CurvesWidget* curves() const { return m_curves; }
    QProgressBar* progressBar() const { return m_bar; }
    QString logText() const;
    // A timestamped line in the Log tab (also for work outside the console, e.g. scoring).
    void appendLog(const QString& line);
    QString errorText() const;
    QString etaText() const;
    // Fills the past-runs combo from the project database.
    void refreshRuns();
    // Overlays a past run's metrics (runs/<id>.metrics.jsonl) on the curves.
    bool overlayRun(qint64 runId);

Q_SIGNALS:
    void runsChanged();
    // A stage finished or was cancelled (its outputs may have changed), on the UI thread.
    void stageEnded(const QString& stage);
    // Something was asked to run while only a dataset is open: create or open a project for it.
    void projectRequested(const QString& datasetDir);
    // A stage stopped for want of ImageNet weights and the user asked for the weights dialog.
    void weightsRequested();

private:
    struct Poster;
    bool ensureProject(QString* error);
    // training_console_flow.cpp: waiting for a project, missing weights, degenerate output.
    bool deferUntilProject(std::function<void()> action);
    void runPendingAction();
    void offerWeights(bool show);
    void reportOutput(const QString& stage, const QString& summaryJson);
    void showError(const QString& text);
    void onJobStarted(int id, Job* job);
    void onJobFinished(int id, Job::State state, const QString& error);
    void onProgress(qint64 done, qint64 total, const QString& message);
    void onPoints(const QList<MetricPoint>& batch);
    void refreshQueue();
    amr::pipeline::PipelineOptions pipelineOptions(const QString& preset, const QString& from,
                                                   const QString& to, const QString& device,
                                                   const QString& stageOptions, bool force) const;
    JobFunction pipelineJob(const amr::pipeline::PipelineOptions& o);
    QSpinBox* makeProcessesBox();

    JobQueue* m_queue;
    MetricsRelay* m_relay;
    std::shared_ptr<Poster> m_poster;
    QString m_projectDir;
    QString m_datasetDir;
    std::function<void()> m_pending;
    QPushButton* m_weightsButton = nullptr;
    QLabel* m_warning = nullptr;

    QLabel* m_projectLabel;
    QLabel* m_deviceLabel;
    QComboBox* m_stageCombo;
    QSpinBox* m_processes = nullptr;
    QLabel* m_title;
    QProgressBar* m_bar;
    QLabel* m_step;
    QLabel* m_eta;
    QPushButton* m_cancel;
    QLabel* m_error;
    QListWidget* m_queueList;
    QTabWidget* m_tabs;
    CurvesWidget* m_curves;
    QComboBox* m_runs;
    QPlainTextEdit* m_log;
    QElapsedTimer m_jobClock;
    double m_lastMetricsLog = -1e9;
    // ETA: a training stage's own estimate (its smoothed step time) when it reports one;
    // otherwise the rate since the job's first progress event, so a resumed run that starts at
    // 60 % is not estimated as if those 60 % had taken no time.
    QSet<int> m_singleStageJobs;
    bool m_currentSingleStage = false;
    bool m_haveEngineEta = false;
    qint64 m_firstDone = -1;
    double m_firstDoneAt = 0;
};

}  // namespace amr::ui
