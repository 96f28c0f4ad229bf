#include "ui/console/training_console.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <mutex>

#include "engine/core/error.h"
#include "engine/nn/weights_files.h"
#include "engine/pipeline/pipeline.h"
#include "engine/pipeline/pipeline_process.h"
#include "engine/project/project.h"
#include "ui/console/curves_widget.h"
#include "ui/console/metrics_relay.h"
#include "ui/console/progress_text.h"
#include "ui/console/stage_names.h"
#include "ui/jobs/job_queue.h"

namespace amr::ui {

// Runs functions on the console's thread from workers, and nowhere once the console is gone.
struct TrainingConsole::Poster {
    std::mutex mutex;
    TrainingConsole* target = nullptr;

    void post(std::function<void(TrainingConsole*)> fn) {
        std::lock_guard lock(mutex);
        if (!target)
            return;
        TrainingConsole* t = target;
        QMetaObject::invokeMethod(
            t, [t, fn = std::move(fn)] { fn(t); }, Qt::QueuedConnection);
    }
};

namespace {

QString formatSeconds(double s) {
    if (s >= 3600)
        return QStringLiteral("%1h%2m")
            .arg(int(s / 3600))
            .arg(int(s / 60) % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1m%2s").arg(int(s / 60)).arg(int(s) % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

TrainingConsole::TrainingConsole(JobRunner* runner, QWidget* parent)
    : QWidget(parent),
      m_queue(new JobQueue(runner, this)),
      m_relay(new MetricsRelay(this)),
      m_poster(std::make_shared<Poster>()),
      m_projectLabel(new QLabel(this)),
      m_deviceLabel(new QLabel(this)),
      m_stageCombo(new QComboBox(this)),
      m_title(new QLabel(tr("Idle"), this)),
      m_bar(new QProgressBar(this)),
      m_step(new QLabel(this)),
      m_eta(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_error(new QLabel(this)),
      m_queueList(new QListWidget(this)),
      m_tabs(new QTabWidget(this)),
      m_curves(new CurvesWidget(this)),
      m_runs(new QComboBox(this)),
      m_log(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("trainingConsole"));
    m_poster->target = this;

    // Row 1: project, device, what to run.
    for (const auto& s : amr::pipeline::stages())
        m_stageCombo->addItem(stageTitle(s.name), QString::fromStdString(s.name));
    m_stageCombo->setObjectName(QStringLiteral("stageCombo"));
    auto* runStage = new QPushButton(tr("Run Stage…"), this);
    auto* runPipeline = new QPushButton(tr("Run Pipeline…"), this);
    runPipeline->setObjectName(QStringLiteral("runPipelineButton"));
    m_deviceLabel->setText(
        tr("Device: %1").arg(QString::fromStdString(amr::pipeline::compute_device())));
    m_projectLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* top = new QHBoxLayout;
    top->addWidget(m_projectLabel, 1);
    top->addWidget(m_deviceLabel);
    top->addSpacing(8);
    auto* processesLabel = new QLabel(tr("&Processes"), this);
    processesLabel->setBuddy(makeProcessesBox());
    top->addWidget(processesLabel);
    top->addWidget(m_processes);
    top->addWidget(m_stageCombo);
    top->addWidget(runStage);
    top->addWidget(runPipeline);

    // Row 2: the running job.
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setObjectName(QStringLiteral("consoleProgress"));
    m_cancel->setObjectName(QStringLiteral("consoleCancel"));
    m_cancel->setEnabled(false);
    m_step->setObjectName(QStringLiteral("consoleStep"));
    m_eta->setObjectName(QStringLiteral("consoleEta"));
    m_title->setMinimumWidth(160);
    auto* progress = new QHBoxLayout;
    progress->addWidget(m_title);
    progress->addWidget(m_bar, 1);
    progress->addWidget(m_eta);
    progress->addWidget(m_cancel);
    m_error->setObjectName(QStringLiteral("consoleError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    // Left: the queue.
    m_queueList->setObjectName(QStringLiteral("jobQueueList"));
    auto* up = new QToolButton(this);
    auto* down = new QToolButton(this);
    auto* remove = new QToolButton(this);
    up->setArrowType(Qt::UpArrow);
    up->setToolTip(tr("Run earlier"));
    down->setArrowType(Qt::DownArrow);
    down->setToolTip(tr("Run later"));
    remove->setText(tr("Remove"));
    auto* queueButtons = new QHBoxLayout;
    queueButtons->addWidget(up);
    queueButtons->addWidget(down);
    queueButtons->addWidget(remove);
    queueButtons->addStretch(1);
    auto* queueBox = new QVBoxLayout;
    queueBox->addWidget(new QLabel(tr("Queued"), this));
    queueBox->addWidget(m_queueList, 1);
    queueBox->addLayout(queueButtons);

    // Right: curves and log.
    auto* curvesPage = new QWidget(this);
    auto* exportPng = new QPushButton(tr("Export PNG…"), curvesPage);
    auto* exportCsv = new QPushButton(tr("Export CSV…"), curvesPage);
    m_runs->setObjectName(QStringLiteral("pastRunsCombo"));
    m_runs->setMinimumContentsLength(24);
    auto* curveBar = new QHBoxLayout;
    curveBar->addWidget(new QLabel(tr("Compare with"), curvesPage));
    curveBar->addWidget(m_runs, 1);
    curveBar->addWidget(exportPng);
    curveBar->addWidget(exportCsv);
    auto* curvesLayout = new QVBoxLayout(curvesPage);
    curvesLayout->setContentsMargins(0, 0, 0, 0);
    curvesLayout->addLayout(curveBar);
    curvesLayout->addWidget(m_curves, 1);
    m_log->setReadOnly(true);
    m_log->setObjectName(QStringLiteral("consoleLog"));
    m_log->setMaximumBlockCount(5000);
    m_tabs->addTab(curvesPage, tr("Curves"));
    m_tabs->addTab(m_log, tr("Log"));

    auto* middle = new QHBoxLayout;
    middle->addLayout(queueBox, 1);
    middle->addWidget(m_tabs, 4);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(progress);
    layout->addWidget(m_step);
    layout->addWidget(m_error);
    layout->addLayout(middle, 1);
    setProject({});

    connect(runStage, &QPushButton::clicked, this,
            [this] { openStageDialog(m_stageCombo->currentData().toString()); });
    connect(runPipeline, &QPushButton::clicked, this, &TrainingConsole::openPipelineDialog);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingConsole::cancelCurrent);
    connect(up, &QToolButton::clicked, this, [this] {
        if (auto* item = m_queueList->currentItem())
            m_queue->move(item->data(Qt::UserRole).toInt(), -1);
    });
    connect(down, &QToolButton::clicked, this, [this] {
        if (auto* item = m_queueList->currentItem())
            m_queue->move(item->data(Qt::UserRole).toInt(), +1);
    });
    connect(remove, &QToolButton::clicked, this, [this] {
        if (auto* item = m_queueList->currentItem())
            m_queue->remove(item->data(Qt::UserRole).toInt());
    });
    connect(exportPng, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Curves"), QStringLiteral("curves.png"), tr("PNG images (*.png)"));
        if (!path.isEmpty() && !m_curves->exportPng(path))
            showError(tr("%1: could not be written").arg(path));
    });
    connect(exportCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Curves"), QStringLiteral("curves.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty() && !m_curves->exportCsv(path))
            showError(tr("%1: could not be written").arg(path));
    });
    connect(m_runs, &QComboBox::activated, this, [this](int index) {
        const qint64 id = m_runs->itemData(index).toLongLong();
        if (id > 0)
            overlayRun(id);
        else
            m_curves->setOverlay({}, {});
    });
    connect(m_queue, &JobQueue::queueChanged, this, &TrainingConsole::refreshQueue);
    connect(m_queue, &JobQueue::jobStarted, this, &TrainingConsole::onJobStarted);
    connect(m_queue, &JobQueue::jobFinished, this, &TrainingConsole::onJobFinished);
    connect(m_relay, &MetricsRelay::points, this, &TrainingConsole::onPoints);
    connect(this, &TrainingConsole::runsChanged, this, &TrainingConsole::refreshRuns);
}

TrainingConsole::~TrainingConsole() {
    {
        std::lock_guard lock(m_poster->mutex);
        m_poster->target = nullptr;
    }
    m_queue->cancelAll();
}

void TrainingConsole::setProject(const QString& projectDir, const QString& datasetDir) {
    m_projectDir = projectDir;
    m_datasetDir = datasetDir;
    m_projectLabel->setText(
        !projectDir.isEmpty()  ? tr("Project: %1").arg(QDir::toNativeSeparators(projectDir))
        : datasetDir.isEmpty() ? tr("No project: open a dataset or a project first")
                               : tr("No project yet: running a stage asks where to create one"));
    runPendingAction();
    refreshRuns();
    // Until a job runs, show the newest training run with curves rather than empty axes.
    m_curves->clear();
    for (int i = 1; i < m_runs->count() && m_queue->isIdle(); ++i) {
        if (overlayRun(m_runs->itemData(i).toLongLong()) && m_curves->overlayPoints() > 1) {
            m_runs->setCurrentIndex(i);
            break;
        }
    }
    if (m_curves->overlayPoints() <= 1)
        m_curves->setOverlay({}, {});
}

bool TrainingConsole::ensureProject(QString* error) {
    try {
        if (m_projectDir.isEmpty())
            throw amr::Error("no project is open: open a dataset or a project first");
        const std::filesystem::path dir = m_projectDir.toStdString();
        if (!amr::project::Project::exists(dir)) {
            if (m_datasetDir.isEmpty())
                throw amr::Error(dir, "holds no project");
            amr::pipeline::ensure_project(dir, m_datasetDir.toStdString());
            appendLog(tr("Created project %1 for %2").arg(m_projectDir, m_datasetDir));
        }
        return true;
    } catch (const amr::Error& e) {
        *error = QString::fromStdString(e.what());
        return false;
    }
}

amr::pipeline::PipelineOptions TrainingConsole::pipelineOptions(
    const QString& preset, const QString& from, const QString& to, const QString& device,
    const QString& stageOptions, bool force) const {
    amr::pipeline::PipelineOptions o;
    o.project = m_projectDir.toStdString();
    o.preset = preset.toStdString();
    o.from = from.toStdString();
    o.to = to.toStdString();
    o.device = device.toStdString();
    o.force = force;
    if (!stageOptions.isEmpty())
        o.options[o.from] = stageOptions.toStdString();
    return o;
}

JobFunction TrainingConsole::pipelineJob(const amr::pipeline::PipelineOptions& o) {
    auto sink = m_relay->sink();
    std::shared_ptr<Poster> poster = m_poster;
    // Processes > 1: the same pipeline run by the amr CLI on that many ranks per stage; it
    // records the runs in the project and reports the same events (pipeline_process.h).
    const int nproc = processes();
    const std::string cli = cliPath().toStdString();
    return [o, sink, poster, nproc, cli](const amr::JobContext& ctx) {
        amr::pipeline::PipelineCallbacks cb;
        cb.metrics = sink;
        cb.stage = [poster](const amr::pipeline::StageEvent& e) {
            using Kind = amr::pipeline::StageEvent::Kind;
            QString line = QStringLiteral("[%1/%2] %3 %4")
                               .arg(e.index + 1)
                               .arg(e.count)
                               .arg(stageTitle(e.stage), stageEventName(e.kind));
            if (e.run_id > 0)
                line += QStringLiteral(" (run %1)").arg(e.run_id);
            if (!e.summary_json.empty())
                line += QStringLiteral(": ") + QString::fromStdString(e.summary_json);
            if (!e.message.empty() && (e.kind == Kind::Skipped || e.kind == Kind::Started))
                line += QStringLiteral(": ") + QString::fromStdString(e.message);
            const bool training = amr::pipeline::stage(e.stage).training;
            const Kind kind = e.kind;
            const QString stage = QString::fromStdString(e.stage);
            const QString summary = QString::fromStdString(e.summary_json);
            poster->post([line, training, kind, stage, summary](TrainingConsole* c) {
                c->appendLog(line);
                if (kind == Kind::Started && training)
                    c->m_curves->clear();  // each training stage gets its own curves
                if (kind != Kind::Started && kind != Kind::Skipped)
                    emit c->runsChanged();
                if (kind == Kind::Finished)
                    c->reportOutput(stage, summary);
                if (kind == Kind::Finished || kind == Kind::Cancelled)
                    emit c->stageEnded(stage);
            });
        };
        try {
            if (nproc > 1) {
                amr::pipeline::PipelineProcessOptions p;
                p.cli = cli;
                p.pipeline = o;
                p.nproc = nproc;
                p.output = [poster](const std::string& text) {
                    const QString line = QString::fromStdString(text);
                    poster->post([line](TrainingConsole* c) { c->appendLog(line); });
                };
                amr::pipeline::run_pipeline_process(p, ctx, cb);
            } else {
                amr::pipeline::run_pipeline(o, ctx, cb);
            }
        } catch (const amr::nn::MissingWeights&) {
            // The engine's text names the CLI; the console offers its weights dialog instead.
            poster->post([](TrainingConsole* c) { c->offerWeights(true); });
            throw amr::Error(
                tr("This stage starts from ImageNet weights, which are not installed yet. Import "
                   "them with Pretrained Weights… (Tools menu), then run it again.")
                    .toStdString());
        }
    };
}

int TrainingConsole::enqueueStage(const QString& stage, const QString& preset,
                                  const QString& optionsJson) {
    if (deferUntilProject(
            [this, stage, preset, optionsJson] { enqueueStage(stage, preset, optionsJson); }))
        return 0;
    QString error;
    if (!ensureProject(&error)) {
        showError(error);
        return 0;
    }
    const QString title =
        processes() > 1
            ? tr("%1 (%2, %3 processes)").arg(stageTitle(stage), preset).arg(processes())
            : tr("%1 (%2)").arg(stageTitle(stage), preset);
    appendLog(tr("Queued %1 with %2")
                  .arg(title, optionsJson.isEmpty() ? QStringLiteral("{}") : optionsJson));
    const int id = m_queue->enqueue(
        title, pipelineJob(pipelineOptions(preset, stage, stage, {}, optionsJson, true)));
    m_singleStageJobs.insert(id);
    return id;
}

int TrainingConsole::enqueuePipeline(const QString& preset, const QString& from, const QString& to,
                                     const QString& device, std::optional<double> alpha) {
    if (deferUntilProject([this, preset, from, to, device, alpha] {
            enqueuePipeline(preset, from, to, device, alpha);
        }))
        return 0;
    QString error;
    if (!ensureProject(&error)) {
        showError(error);
        return 0;
    }
    const QString title =
        processes() > 1 ? tr("Pipeline %1 → %2 (%3, %4 processes)")
                              .arg(stageTitle(from), stageTitle(to), preset)
                              .arg(processes())
                        : tr("Pipeline %1 → %2 (%3)").arg(stageTitle(from), stageTitle(to), preset);
    amr::pipeline::PipelineOptions o = pipelineOptions(preset, from, to, device, {}, false);
    if (alpha) {
        // A changed α makes both stages compute every image again (pipeline.h).
        const std::string set =
            QStringLiteral("{\"alpha\":%1}").arg(*alpha, 0, 'g', 6).toStdString();
        o.options["make-seeds"] = o.options["refine"] = set;
        appendLog(tr("Queued %1 with α %2 for seeds and the random walk")
                      .arg(title)
                      .arg(*alpha, 0, 'g', 3));
    } else {
        appendLog(tr("Queued %1").arg(title));
    }
    return m_queue->enqueue(title, pipelineJob(o));
}

std::optional<double> TrainingConsole::tunedAlpha() const {
    if (m_projectDir.isEmpty() || !amr::project::Project::exists(m_projectDir.toStdString()))
        return std::nullopt;
    try {
        const auto value =
            amr::project::Project::open(m_projectDir.toStdString()).setting("cam.alpha");
        bool ok = false;
        const double alpha = value ? QString::fromStdString(*value).toDouble(&ok) : 0.0;
        if (ok && alpha >= 0 && alpha <= 1)
            return alpha;
    } catch (const amr::Error&) {
        // an unreadable project has no tuned α; running a stage says what is wrong with it
    }
    return std::nullopt;
}

void TrainingConsole::cancelCurrent() {
    if (m_queue->current()) {
        m_queue->cancelCurrent();
        m_cancel->setEnabled(false);
        m_title->setText(tr("Cancelling…"));
        appendLog(tr("Cancelling %1…").arg(m_queue->current()->title()));
    }
}

QString TrainingConsole::logText() const {
    return m_log->toPlainText();
}

QString TrainingConsole::etaText() const {
    return m_eta->text();
}

QString TrainingConsole::errorText() const {
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

void TrainingConsole::appendLog(const QString& line) {
    m_log->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) +
                           line);
}

void TrainingConsole::showError(const QString& text) {
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        appendLog(tr("Error: %1").arg(text));
}

void TrainingConsole::onJobStarted(int id, Job* job) {
    m_jobClock.start();
    m_lastMetricsLog = -1e9;
    m_currentSingleStage = m_singleStageJobs.remove(id);
    m_haveEngineEta = false;
    m_firstDone = -1;
    m_title->setText(job->title());
    m_bar->setValue(0);
    m_step->clear();
    m_eta->clear();
    m_cancel->setEnabled(true);
    showError({});
    offerWeights(false);
    appendLog(tr("Started %1").arg(job->title()));
    connect(job, &Job::progress, this, &TrainingConsole::onProgress);
}

void TrainingConsole::onProgress(qint64 done, qint64 total, const QString& message) {
    if (total > 0) {
        const double f = double(done) / double(total);
        m_bar->setValue(int(1000 * f));
        const double now = m_jobClock.elapsed() / 1000.0;
        if (m_firstDone < 0) {
            m_firstDone = done;
            m_firstDoneAt = now;
        }
        if (!m_haveEngineEta) {
            const qint64 since = done - m_firstDone;
            m_eta->setText(since > 0 && done < total
                               ? tr("ETA %1").arg(formatSeconds(
                                     (now - m_firstDoneAt) * double(total - done) / double(since)))
                               : QString());
        }
    }
    m_step->setText(progressText(message));
}

void TrainingConsole::onJobFinished(int, Job::State state, const QString& error) {
    m_cancel->setEnabled(false);
    m_eta->clear();
    const QString title = m_title->text();
    switch (state) {
        case Job::State::Succeeded: {
            const QString took = formatSeconds(m_jobClock.elapsed() / 1000.0);
            m_bar->setValue(1000);
            m_title->setText(tr("Done"));
            // The engine's last progress note ("done") would only repeat the title.
            m_step->setText(tr("%1: finished in %2").arg(title, took));
            appendLog(tr("Finished in %1").arg(took));
            break;
        }
        case Job::State::Cancelled:
            m_title->setText(tr("Cancelled"));
            appendLog(tr("Cancelled; finished outputs are kept and running it again resumes"));
            break;
        case Job::State::Failed:
            m_title->setText(tr("Failed"));
            showError(error);
            break;
        case Job::State::Running:
            break;
    }
    emit runsChanged();
}

void TrainingConsole::onPoints(const QList<MetricPoint>& batch) {
    m_curves->addPoints(batch);
    if (batch.isEmpty())
        return;
    if (m_currentSingleStage && batch.last().etaS > 0) {
        m_haveEngineEta = true;
        m_eta->setText(tr("ETA %1").arg(formatSeconds(batch.last().etaS)));
    }
    // One log line every couple of seconds is enough next to the curves.
    const double now = m_jobClock.isValid() ? m_jobClock.elapsed() / 1000.0 : 0;
    if (now - m_lastMetricsLog < 2.0)
        return;
    m_lastMetricsLog = now;
    const MetricPoint& p = batch.last();
    QString line = QStringLiteral("%1 step %2/%3 epoch %4")
                       .arg(p.stage)
                       .arg(p.step)
                       .arg(p.totalSteps)
                       .arg(p.epoch);
    for (const auto& [name, v] : p.values)
        line += QStringLiteral("  %1 %2").arg(name).arg(v, 0, 'g', 4);
    appendLog(line);
}

void TrainingConsole::refreshQueue() {
    const int selected =
        m_queueList->currentItem() ? m_queueList->currentItem()->data(Qt::UserRole).toInt() : 0;
    m_queueList->clear();
    for (const auto& e : m_queue->queued()) {
        auto* item = new QListWidgetItem(e.title, m_queueList);
        item->setData(Qt::UserRole, e.id);
        if (e.id == selected)
            m_queueList->setCurrentItem(item);
    }
}

void TrainingConsole::refreshRuns() {
    const qint64 current = m_runs->currentData().toLongLong();
    m_runs->clear();
    m_runs->addItem(tr("(no past run)"), qint64(0));
    if (m_projectDir.isEmpty() || !amr::project::Project::exists(m_projectDir.toStdString()))
        return;
    try {
        const auto project = amr::project::Project::open(m_projectDir.toStdString());
        const auto runs = project.runs();
        for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
            if (!amr::pipeline::stage(it->stage).training)
                continue;
            m_runs->addItem(tr("run %1 · %2 · %3 · %4")
                                .arg(it->id)
                                .arg(stageTitle(it->stage), runStatusName(it->status),
                                     QString::fromStdString(it->started)),
                            qint64(it->id));
        }
    } catch (const amr::Error& e) {
        appendLog(tr("Past runs: %1").arg(QString::fromStdString(e.what())));
    }
    const int index = m_runs->findData(current);
    m_runs->setCurrentIndex(index < 0 ? 0 : index);
}

bool TrainingConsole::overlayRun(qint64 runId) {
    try {
        const auto project = amr::project::Project::open(m_projectDir.toStdString());
        const auto run = project.run(runId);
        if (!run)
            return false;
        const auto points = readMetricsJsonl(QString::fromStdString(run->metrics_file.string()));
        m_curves->setOverlay(tr("run %1").arg(runId), points);
        return !points.isEmpty();
    } catch (const amr::Error& e) {
        showError(QString::fromStdString(e.what()));
        return false;
    }
}

}  // namespace amr::ui
