// The training console's "Processes" option: remembered, the command it runs for 2 processes,
// and end to end through the real console and the amr CLI: a tiny train-cam on 2 ranks fills
// the curves and is recorded; make-cam on 2 ranks writes the same CAM store as 1 process and is
// recorded the same way; a rank's failure shows the rank's message.

#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/core/runtime.h"
#include "engine/data/demo_data.h"
#include "engine/pipeline/pipeline.h"
#include "engine/pipeline/stages.h"
#include "engine/project/project.h"
#include "support/test_support.h"
#include "ui/console/curves_widget.h"
#include "ui/console/training_console.h"
#include "ui/jobs/job_queue.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace amr::ui;

namespace {

const char* kTinyTraining =
    R"({"base_width":8,"blocks":[1,1,1,1],"crop":64,"batch":2,"epochs":1,"init":"none",)"
    R"("layout":"torchvision","loader_threads":1,"device":"cpu"})";
const char* kMakeCam = R"({"device":"cpu","scales":[1.0,0.5]})";

std::string bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

class TestConsoleProcesses : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    // Runs one stage through a console on `project` with `processes`; returns the job's state.
    Job::State runStage(const fs::path& project, int processes, const QString& stage,
                        const char* options, QStringList* ended = nullptr) {
        JobRunner runner;
        TrainingConsole console(&runner);
        console.setProcesses(processes);
        console.setProject(QString::fromStdString(project.string()),
                           QString::fromStdString(data_.string()));
        QSignalSpy finished(console.queue(), &JobQueue::jobFinished);
        QSignalSpy stageEnded(&console, &TrainingConsole::stageEnded);
        if (console.enqueueStage(stage, "quick", options) <= 0)
            return Job::State::Running;
        if (!finished.wait(120000))
            return Job::State::Running;
        const auto state = finished.last().at(1).value<Job::State>();
        lastLog_ = console.logText();
        lastError_ = console.errorText();
        lastLossPoints_ = console.curves()->pointCount("loss");
        lastBar_ = console.progressBar()->value();
        if (ended)
            for (const auto& args : stageEnded)
                *ended << args.at(0).toString();
        return state;
    }
    QString lastLog_, lastError_;
    int lastLossPoints_ = 0, lastBar_ = 0;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<Job::State>();
        QVERIFY(dir_.isValid());
        qputenv("AMR_CLI", AMR_CLI_PATH);
        amr::init_runtime();  // as amr-studio and amr do: the same threads, the same sums
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 6;
        d.val_images = 2;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
    }

    void processesAreRemembered() {
        QSettings().clear();
        JobRunner runner;
        {
            TrainingConsole console(&runner);
            QCOMPARE(console.processes(), 1);  // in-process by default
            auto* box = console.findChild<QSpinBox*>(QStringLiteral("consoleProcesses"));
            QVERIFY(box);
            QCOMPARE(box->maximum(), std::max(1, QThread::idealThreadCount()));
            QVERIFY(box->toolTip().contains("batch × processes"));
            if (box->maximum() < 2)
                QSKIP("one core: the option offers 1 process only");
            box->setValue(2);
        }
        TrainingConsole again(&runner);
        QCOMPARE(again.processes(), 2);
        again.setProcesses(1);
        QCOMPARE(QSettings().value("console/processes").toInt(), 1);
    }

    void commandForTwoProcesses() {
        JobRunner runner;
        TrainingConsole console(&runner);
        if (QThread::idealThreadCount() < 2)
            QSKIP("one core: the option offers 1 process only");
        console.setProcesses(2);
        console.setProject(QString::fromStdString(out("p-cmd").string()),
                           QString::fromStdString(data_.string()));
        const QStringList cmd = console.processCommand("make-cam", "quick", kMakeCam);
        QCOMPARE(cmd, (QStringList{AMR_CLI_PATH, "pipeline",
                                   QString::fromStdString(out("p-cmd").string()), "--preset",
                                   "quick", "--from", "make-cam", "--to", "make-cam", "--config",
                                   "CONFIG", "--force", "--nproc", "2", "--progress-json"}));
    }

    void twoProcessesEndToEnd() {
        if (QThread::idealThreadCount() < 2)
            QSKIP("one core: the option offers 1 process only");
        const fs::path one = out("p-one"), two = out("p-two");
        QVERIFY(amr::pipeline::ensure_project(one, data_));

        // train-cam on 2 ranks (global batch 4 of the 6 images: 1 step), curves and all.
        QCOMPARE(runStage(two, 2, "train-cam", kTinyTraining), Job::State::Succeeded);
        QVERIFY2(lastLossPoints_ >= 1, qPrintable(lastLog_));
        QCOMPARE(lastBar_, 1000);
        QVERIFY(fs::exists(two / "checkpoints" / "cam.pt"));
        {
            const auto runs = amr::project::Project::open(two).runs();
            QCOMPARE(runs.size(), std::size_t(1));
            QCOMPARE(runs[0].stage, std::string("train-cam"));
            QCOMPARE(runs[0].status, amr::project::RunStatus::Finished);
            QCOMPARE(json::parse(runs[0].summary_json)["steps"].get<long>(), 1L);
            QVERIFY(fs::file_size(runs[0].metrics_file) > 0);  // rank 0 wrote the metrics
        }

        // The same checkpoint as both projects' AMR network: make-cam on 1 and on 2 processes.
        for (const auto& p : {one, two}) {
            fs::create_directories(p / "checkpoints");
            fs::copy_file(two / "checkpoints" / "cam.pt", p / "checkpoints" / "amr.pt",
                          fs::copy_options::overwrite_existing);
        }
        QCOMPARE(runStage(one, 1, "make-cam", kMakeCam), Job::State::Succeeded);
        QStringList ended;
        QCOMPARE(runStage(two, 2, "make-cam", kMakeCam, &ended), Job::State::Succeeded);
        QCOMPARE(ended, QStringList{"make-cam"});  // the viewer refreshes on this
        QCOMPARE(lastBar_, 1000);
        QVERIFY2(lastLog_.contains("2 processes"), qPrintable(lastLog_));

        const auto storeOne =
            amr::pipeline::ProjectPaths::of(amr::project::Project::open(one)).cam_store;
        const auto storeTwo =
            amr::pipeline::ProjectPaths::of(amr::project::Project::open(two)).cam_store;
        int entries = 0;
        for (const auto& e : fs::directory_iterator(storeOne)) {
            if (e.path().extension() != ".cam")
                continue;
            ++entries;
            const fs::path other = storeTwo / e.path().filename();
            QVERIFY2(fs::exists(other), other.c_str());
            QVERIFY2(bytes(e.path()) == bytes(other), other.c_str());
        }
        QCOMPARE(entries, 6);

        const auto runsOne = amr::project::Project::open(one).runs();
        const auto runsTwo = amr::project::Project::open(two).runs();
        QCOMPARE(runsTwo.size(), std::size_t(2));
        QCOMPARE(runsTwo[1].stage, std::string("make-cam"));
        QCOMPARE(runsTwo[1].status, amr::project::RunStatus::Finished);
        // The same full options, the project's own paths aside.
        QCOMPARE(QString::fromStdString(runsTwo[1].options_json),
                 QString::fromStdString(runsOne[0].options_json).replace("p-one", "p-two"));
        json a = json::parse(runsOne[0].summary_json), b = json::parse(runsTwo[1].summary_json);
        QCOMPARE(b["computed"].get<int>(), 6);
        QCOMPARE(b["computed"], a["computed"]);
        QCOMPARE(b["output_check"], a["output_check"]);
    }

    void cancelStopsTheRanksAndKeepsTheResumeState() {
        if (QThread::idealThreadCount() < 2)
            QSKIP("one core: the option offers 1 process only");
        const fs::path project = out("p-cancel");
        JobRunner runner;
        TrainingConsole console(&runner);
        console.setProcesses(2);
        console.setProject(QString::fromStdString(project.string()),
                           QString::fromStdString(data_.string()));
        QSignalSpy finished(console.queue(), &JobQueue::jobFinished);
        std::string longer = kTinyTraining;
        longer.replace(longer.find("\"epochs\":1"), 10, "\"epochs\":40");
        QVERIFY(console.enqueueStage("train-cam", "quick", QString::fromStdString(longer)) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(console.curves()->pointCount("loss") >= 2, 120000);
        console.cancelCurrent();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(1).value<Job::State>(), Job::State::Cancelled);
        QVERIFY(console.logText().contains("Cancelled"));
        QVERIFY(fs::exists(project / "checkpoints" / "cam.pt.resume.pt"));  // rank 0 saved it
        QVERIFY(!fs::exists(project / "checkpoints" / "cam.pt"));
        const auto runs = amr::project::Project::open(project).runs();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].status, amr::project::RunStatus::Cancelled);
    }

    void aRankFailureShowsItsMessage() {
        if (QThread::idealThreadCount() < 2)
            QSKIP("one core: the option offers 1 process only");
        const fs::path project = out("p-fail");
        QVERIFY(amr::pipeline::ensure_project(project, data_));
        amr::test::write_text(project / "checkpoints" / "amr.pt", "not a checkpoint");
        QCOMPARE(runStage(project, 2, "make-cam", kMakeCam), Job::State::Failed);
        QVERIFY2(lastError_.contains("amr.pt"), qPrintable(lastError_));
        QVERIFY2(!lastError_.contains("exited with status"), qPrintable(lastError_));
        const auto runs = amr::project::Project::open(project).runs();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].status, amr::project::RunStatus::Failed);
        QVERIFY(QString::fromStdString(runs[0].message).contains("amr.pt"));
    }
};

QTEST_MAIN(TestConsoleProcesses)
#include "test_console_processes.moc"
