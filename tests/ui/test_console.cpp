// The training console, offscreen: the job queue runs one job at a time and can be reordered,
// the metrics relay batches points without losing any, the options form and dialog round-trip
// the registry's JSON and show the engine's check() message, and a tiny train-cam job runs on
// a worker (the event loop keeps turning), is cancelled, leaves a resume state, resumes, fills
// the curves and is recorded in the project; a failing stage shows the file at fault; the α
// tuned in the CAM viewer is what the seeds and the random walk run with.

#include "engine/data/demo_data.h"
#include "engine/pipeline/pipeline.h"
#include "engine/pipeline/stages.h"
#include "engine/project/project.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>
#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/test_support.h"
#include "ui/console/curves_widget.h"
#include "ui/console/metrics_relay.h"
#include "ui/console/options_form.h"
#include "ui/console/stage_options_dialog.h"
#include "ui/console/training_console.h"
#include "ui/jobs/job_queue.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace amr::ui;

namespace {

// Long enough (many tiny epochs) that the job is still running when cancelled.
const char* kTinyLongTraining =
    R"({"base_width":8,"blocks":[1,1,1,1],"crop":64,"batch":4,"epochs":40,"init":"none",)"
    R"("layout":"torchvision","loader_threads":1,"device":"cpu"})";

}  // namespace

class TestConsole : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<Job::State>();
        QVERIFY(dir_.isValid());
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 6;
        d.val_images = 2;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
    }

    void queueRunsOneAtATimeInOrder() {
        JobRunner runner;
        JobQueue queue(&runner);
        std::atomic<bool> release{false};
        std::atomic<int> running{0}, maxRunning{0};
        QStringList order;
        auto job = [&](const QString& name, bool block) {
            return [&, name, block](const amr::JobContext&) {
                const int now = ++running;
                maxRunning = std::max(maxRunning.load(), now);
                while (block && !release)
                    QThread::msleep(2);
                QMetaObject::invokeMethod(this, [&, name] { order << name; });
                --running;
            };
        };
        const int a = queue.enqueue("a", job("a", true));
        const int b = queue.enqueue("b", job("b", false));
        const int c = queue.enqueue("c", job("c", false));
        const int d = queue.enqueue("d", job("d", false));
        QCOMPARE(queue.currentId(), a);
        QCOMPARE(queue.queued().size(), 3);
        QVERIFY(queue.move(d, -2));   // d, b, c
        QVERIFY(!queue.move(d, -1));  // already first
        QVERIFY(queue.remove(c));     // d, b
        QVERIFY(!queue.remove(a));    // running: not removable
        QCOMPARE(queue.queued().size(), 2);
        QCOMPARE(queue.queued().at(0).id, d);
        QCOMPARE(queue.queued().at(1).id, b);
        QSignalSpy idle(&queue, &JobQueue::idle);
        release = true;
        QVERIFY(idle.wait(10000));
        QTRY_COMPARE(order, (QStringList{"a", "d", "b"}));
        QCOMPARE(maxRunning.load(), 1);
        QVERIFY(queue.isIdle());
    }

    void relayBatchesEveryPoint() {
        MetricsRelay relay;
        QList<int> batchSizes;
        double lastStep = 0;
        connect(&relay, &MetricsRelay::points, this, [&](const QList<MetricPoint>& batch) {
            batchSizes << int(batch.size());
            lastStep = batch.last().step;
            QCOMPARE(batch.first().value("loss"), 0.5);
            QCOMPARE(batch.first().value("lr_backbone"), 0.01);
            QCOMPARE(batch.first().value("cls"), 0.25);
        });
        auto sink = relay.sink();
        // The UI thread does not process events meanwhile: one flush carries all 1000 points.
        std::thread worker([&] {
            for (int i = 1; i <= 1000; ++i) {
                amr::train::TrainProgress p;
                p.stage = "cam";
                p.step = i;
                p.loss = 0.5;
                p.terms = {{"cls", 0.25}};
                p.lr = {{"backbone", 0.01}};
                sink(p);
            }
        });
        worker.join();
        QTRY_COMPARE(batchSizes, QList<int>{1000});
        QCOMPARE(lastStep, 1000.0);
    }

    void readsMetricsJsonl() {
        const fs::path file = out("m.jsonl");
        amr::test::write_text(
            file,
            "{\"stage\":\"cam\",\"step\":1,\"epoch\":1,\"loss\":0.7,\"cls\":0.7,"
            "\"lr_backbone\":0.01,\"images_per_s\":12.5}\n"
            "not json\n"
            "{\"stage\":\"cam\",\"step\":2,\"epoch\":1,\"loss\":0.6,\"miou\":0.3}\n");
        const auto points = readMetricsJsonl(QString::fromStdString(file.string()));
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].value("images_per_s"), 12.5);
        QCOMPARE(points[1].value("miou"), 0.3);
        QVERIFY(qIsNaN(points[1].value("step")));  // meta keys are not series
        CurvesWidget curves;
        curves.addPoints(points);
        QCOMPARE(curves.pointCount("loss"), 2);
        QCOMPARE(curves.pointCount("miou"), 1);
        const QString csv = QString::fromStdString(out("c.csv").string());
        QVERIFY(curves.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        // Series in the order they appeared (a JSON line's keys are read sorted).
        QCOMPARE(lines[0], QStringLiteral("step,cls,images_per_s,loss,lr_backbone,miou"));
        QCOMPARE(lines[2], QStringLiteral("2,,,0.6,,0.3"));
        QVERIFY(curves.exportPng(QString::fromStdString(out("c.png").string())));
        QVERIFY(fs::file_size(out("c.png")) > 1000);
    }

    void formRoundTripsTheRegistryJson() {
        const std::string defaults = amr::pipeline::stage("train-cam").defaults("quick");
        OptionsForm form;
        form.setOptions(QString::fromStdString(defaults));
        QVERIFY(qobject_cast<QCheckBox*>(form.editor("flip")));
        QVERIFY(qobject_cast<QSpinBox*>(form.editor("crop")));
        QVERIFY(qobject_cast<QDoubleSpinBox*>(form.editor("momentum")));
        auto* blocks = qobject_cast<QLineEdit*>(form.editor("blocks"));
        QVERIFY(blocks);
        QCOMPARE(blocks->text(), QStringLiteral("1, 1, 1, 1"));
        QCOMPARE(json::parse(form.json().toStdString()), json::parse(defaults));
        blocks->setText("2, 2,1 ,1");
        qobject_cast<QSpinBox*>(form.editor("crop"))->setValue(96);
        const json edited = json::parse(form.json().toStdString());
        QCOMPARE(edited["blocks"], json({2, 2, 1, 1}));
        QCOMPARE(edited["crop"], json(96));
        // Every stage's defaults survive the form unchanged.
        for (const auto& s : amr::pipeline::stages()) {
            const std::string d = s.defaults("paper");
            form.setOptions(QString::fromStdString(d));
            QVERIFY2(json::parse(form.json().toStdString()) == json::parse(d), s.name.c_str());
        }
    }

    void dialogValidatesAndRemembers() {
        QSettings().clear();
        amr::pipeline::ProjectPaths paths;
        paths.dataset = data_;
        paths.checkpoint_cam = out("dlg/cam.pt");
        {
            StageOptionsDialog dialog("train-cam", paths);
            // "demo" is the default; "quick" (a smoke test) is the default nowhere.
            QCOMPARE(dialog.preset(), QStringLiteral("demo"));
            auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("presetCombo"));
            QVERIFY(combo);
            const int quick = combo->findData(QStringLiteral("quick"));
            QVERIFY(quick >= 0);
            QVERIFY2(combo->itemText(quick).contains("smoke test"),
                     qPrintable(combo->itemText(quick)));
            qobject_cast<QSpinBox*>(dialog.form()->editor("crop"))->setValue(5);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Rejected));
            QVERIFY2(dialog.errorText().contains("crop must be in [32, 4096] pixels (got 5)"),
                     qPrintable(dialog.errorText()));
            qobject_cast<QSpinBox*>(dialog.form()->editor("crop"))->setValue(80);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        {
            StageOptionsDialog again("train-cam", paths);
            QCOMPARE(qobject_cast<QSpinBox*>(again.form()->editor("crop"))->value(), 80);
            again.setPreset("paper");  // another preset: its own defaults
            QCOMPARE(qobject_cast<QSpinBox*>(again.form()->editor("crop"))->value(), 512);
        }
    }

    // The α tuned in the CAM viewer (the project's "cam.alpha") is what Run Pipeline offers and
    // passes to the seeds and the random walk, and what a seeds stage's dialog starts from, across
    // presets, until Restore Defaults.
    void tunedAlphaGoesToSeedsAndTheWalk() {
        QSettings().clear();
        const fs::path project = out("alpha-project");
        QVERIFY(amr::pipeline::ensure_project(project, data_));
        JobRunner runner;
        TrainingConsole console(&runner);
        console.setProject(QString::fromStdString(project.string()));
        QVERIFY(!console.tunedAlpha());
        amr::project::Project::open(project).set_setting("cam.alpha", "0.3");
        QCOMPARE(console.tunedAlpha().value_or(-1), 0.3);

        double offered = -1;
        QTimer::singleShot(0, this, [&] {
            QWidget* dialog = QApplication::activeModalWidget();
            QVERIFY(dialog);
            auto* alpha = dialog->findChild<QDoubleSpinBox*>(QStringLiteral("pipelineAlpha"));
            QVERIFY(alpha);
            offered = alpha->value();
            const auto combos = dialog->findChildren<QComboBox*>();
            QCOMPARE(combos.size(), 3);  // preset, from, to
            for (QComboBox* range : {combos[1], combos[2]})
                range->setCurrentIndex(range->findData(QStringLiteral("make-seeds")));
            QMetaObject::invokeMethod(dialog, "accept", Qt::QueuedConnection);
        });
        QSignalSpy finished(console.queue(), &JobQueue::jobFinished);
        console.openPipelineDialog();
        QCOMPARE(offered, 0.3);
        QVERIFY2(console.logText().contains(QStringLiteral("with α 0.3 for seeds")),
                 qPrintable(console.logText()));
        QVERIFY(finished.wait(60000));  // fails: the project has no CAMs yet
        const auto runs = amr::project::Project::open(project).runs();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].stage, std::string("make-seeds"));
        QCOMPARE(json::parse(runs[0].options_json)["alpha"].get<double>(), double(0.3f));

        amr::pipeline::ProjectPaths paths;
        paths.dataset = data_;
        StageOptionsDialog dialog("refine", paths);
        auto value = [&] {
            return qobject_cast<QDoubleSpinBox*>(dialog.form()->editor("alpha"))->value();
        };
        QCOMPARE(value(), 0.5);
        dialog.setOverrides(R"({"alpha":0.3})");
        QCOMPARE(value(), 0.3);
        dialog.setPreset("paper");
        QCOMPARE(value(), 0.3);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::RestoreDefaults)->click();
        QCOMPARE(value(), 0.5);
    }

    void jobCancelsResumesAndFillsCurves() {
        const fs::path project = out("project");
        JobRunner runner;
        TrainingConsole console(&runner);
        console.setProject(QString::fromStdString(project.string()),
                           QString::fromStdString(data_.string()));

        // The event loop's largest gap while the job runs (generous bound; precise figures
        // come from bench_ui_latency).
        QElapsedTimer clock;
        qint64 last = 0, maxGap = 0;
        QTimer tick;
        tick.setInterval(10);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            maxGap = std::max(maxGap, now - last);
            last = now;
        });

        QSignalSpy finished(console.queue(), &JobQueue::jobFinished);
        QVERIFY(console.enqueueStage("train-cam", "quick", kTinyLongTraining) > 0);
        clock.start();
        tick.start();
        QTRY_VERIFY_WITH_TIMEOUT(console.curves()->pointCount("loss") >= 3, 120000);
        tick.stop();
        QVERIFY2(maxGap < 500, qPrintable(QString::number(maxGap)));
        QVERIFY(console.progressBar()->value() > 0);
        // The training stage's own estimate (its smoothed step time) drives the ETA.
        QVERIFY2(console.etaText().startsWith("ETA "), qPrintable(console.etaText()));
        console.cancelCurrent();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(1).value<Job::State>(), Job::State::Cancelled);
        const fs::path resume = project / "checkpoints" / "cam.pt.resume.pt";
        QVERIFY(fs::exists(resume));
        QVERIFY(console.logText().contains("Cancelled"));
        const int pointsBefore = console.curves()->pointCount("loss");
        QVERIFY(pointsBefore >= 3);
        QVERIFY(console.curves()->seriesNames().contains("lr_backbone"));
        QVERIFY(console.curves()->seriesNames().contains("images_per_s"));

        // The same options again: the job resumes from the state the cancel left.
        finished.clear();
        QVERIFY(console.enqueueStage("train-cam", "quick", kTinyLongTraining));
        QVERIFY(finished.wait(240000));
        QCOMPARE(finished.last().at(1).value<Job::State>(), Job::State::Succeeded);
        QVERIFY(fs::exists(project / "checkpoints" / "cam.pt"));
        QVERIFY(!fs::exists(resume));
        QCOMPARE(console.progressBar()->value(), 1000);

        const auto runs = amr::project::Project::open(project).runs();
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[0].status, amr::project::RunStatus::Cancelled);
        QCOMPARE(runs[1].status, amr::project::RunStatus::Finished);
        const json summary = json::parse(runs[1].summary_json);
        QVERIFY2(summary["resumed_from"].get<long>() >= pointsBefore, runs[1].summary_json.c_str());
        // The resumed run's curves start after the resume point.
        QVERIFY(console.curves()->pointCount("loss") > 0);
        QVERIFY(console.overlayRun(runs[0].id));
        QVERIFY(console.curves()->overlayPoints() >= pointsBefore);
    }

    void failureNamesTheFile() {
        const fs::path project = out("project-fail");
        JobRunner runner;
        TrainingConsole console(&runner);
        console.setProject(QString::fromStdString(project.string()),
                           QString::fromStdString(data_.string()));
        QSignalSpy finished(console.queue(), &JobQueue::jobFinished);
        QVERIFY(console.enqueueStage("make-cam", "quick", R"({"device":"cpu"})") > 0);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(1).value<Job::State>(), Job::State::Failed);
        QVERIFY2(console.errorText().contains("amr.pt"), qPrintable(console.errorText()));
        const auto runs = amr::project::Project::open(project).runs();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].status, amr::project::RunStatus::Failed);
        QVERIFY(QString::fromStdString(runs[0].message).contains("amr.pt"));
    }
};

QTEST_MAIN(TestConsole)
#include "test_console.moc"
