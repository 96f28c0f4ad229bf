// The GUI's main loop as a user drives it, on the real main window: open a small dataset, run
// the stages up to CAMs in the training console (which asks once where to create the project,
// then creates, opens and lists it), and — without reopening anything — the CAM viewer shows
// the store and moving the α slider changes the label on the canvas. Also: the project prompt's
// default location, and degenerate (all-zero) CAMs said in words by the console and the viewer.
//
// Training a network to meaningful CAMs takes minutes, so the CAMs come from a fixture: a tiny
// AMR network whose classifiers are non-negative (ReLU features times non-negative weights give
// non-blank CAMs), or non-positive for the blank case. The console still runs a real train-cam
// and make-cam.

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/data/demo_data.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"
#include "engine/project/project.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "support/test_support.h"
#include "ui/cam/cam_controller.h"
#include "ui/cam/cam_panel.h"
#include "ui/cam/cam_viewer.h"
#include "ui/canvas/image_canvas.h"
#include "ui/console/training_console.h"
#include "ui/console/training_console_dock.h"
#include "ui/jobs/job_queue.h"
#include "ui/project/project_prompt.h"
#include "ui/project/project_session.h"
#include "ui/workspace/image_list_panel.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/recent_datasets.h"
#include "ui/workspace/training_flow.h"

namespace fs = std::filesystem;
using namespace amr::ui;
using amr::test::to_path;

namespace {

const char* kTinyTraining =
    R"({"base_width":8,"blocks":[1,1,1,1],"crop":64,"batch":4,"epochs":1,"init":"none",)"
    R"("layout":"torchvision","loader_threads":1,"device":"cpu"})";
const char* kQuickCams = R"({"device":"cpu","scales":[1.0],"high_res":true})";

// A tiny AMR network for `classes` classes whose classifiers all have the sign `sign`.
void writeFixtureNet(const fs::path& file, int classes, float sign) {
    amr::nn::AmrNetOptions o;
    o.backbone = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
    o.backbone.base_width = 8;
    o.backbone.blocks = {1, 1, 1, 1};
    o.num_classes = classes;
    torch::manual_seed(7);
    amr::nn::AmrNet net(o);
    {
        torch::NoGradGuard no_grad;
        for (auto* branch : {&net->spotlight, &net->compensation}) {
            auto& w = (*branch)->classifier->weight;
            w.copy_(w.abs().mul(sign));
        }
    }
    amr::nn::save_checkpoint(file, *net, amr::nn::amr_meta(o));
}

int differingPixels(const QImage& a, const QImage& b) {
    if (a.size() != b.size())
        return -1;
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

int differingLabels(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.empty())
        return -1;
    return cv::countNonZero(a != b);
}

}  // namespace

class TestGuiLoop : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return to_path(dir_.path()) / name; }

    // Opens the dataset as File > Open Dataset does and waits for the first image.
    static void openAndWait(MainWindow& w, const fs::path& root) {
        w.openDataset(QString::fromStdString(root.string()));
        QTRY_VERIFY_WITH_TIMEOUT(w.dataset() && w.shownImageIndex() >= 0, 20000);
    }

    static int waitForJob(QSignalSpy& finished, int timeoutMs) {
        if (finished.isEmpty() && !finished.wait(timeoutMs))
            return -1;
        return int(finished.takeFirst().at(1).value<Job::State>());
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio"));
        QCoreApplication::setApplicationName(QStringLiteral("amr-studio-test"));
        QSettings().clear();
        qRegisterMetaType<Job::State>();
        QVERIFY(dir_.isValid());
        amr::data::DemoDataOptions d;
        d.output = out("datasets/shop");
        d.train_images = 4;
        d.val_images = 1;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
    }

    void promptDefaultsBesideOrInDocuments() {
        // Beside a dataset in an ordinary, writable folder.
        const QString shop = QString::fromStdString(data_.string());
        QCOMPARE(defaultProjectLocation(shop),
                 QDir::cleanPath(QFileInfo(shop).absolutePath() + QStringLiteral("/") +
                                 QFileInfo(shop).fileName() + QStringLiteral(".amr-project")));
        // Never in a cache folder: the demo lives in ~/.cache/amr-studio/demo.
        const QString cached = QDir::home().filePath(QStringLiteral(".cache/amr-studio/demo"));
        QVERIFY(isCacheFolder(cached));
        const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QVERIFY(!docs.isEmpty());
        QCOMPARE(defaultProjectLocation(cached),
                 QDir(docs).filePath(QStringLiteral("AMR Studio/demo.amr-project")));
        // A taken folder gets a number; an existing project for the same dataset is reused.
        const fs::path taken = out("taken/data");
        fs::create_directories(taken);
        fs::create_directories(out("taken/data.amr-project"));
        amr::test::write_text(out("taken/data.amr-project/notes.txt"), "mine");
        QCOMPARE(defaultProjectLocation(QString::fromStdString(taken.string())),
                 QString::fromStdString(out("taken/data 2.amr-project").string()));
        ProjectPromptDialog dialog(QString::fromStdString(taken.string()));
        dialog.setProjectDir(QString::fromStdString(out("taken/data.amr-project").string()));
        QVERIFY2(dialog.problem().contains("already holds other files"),
                 qPrintable(dialog.problem()));
    }

    void loopFromDatasetToCams() {
        MainWindow w;
        w.resize(1360, 850);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        openAndWait(w, data_);
        TrainingConsole* console = w.trainingConsole()->console();
        QVERIFY(console->projectDir().isEmpty());
        QVERIFY(!w.projectSession()->isOpen());
        // Before any run, the viewer says how to get CAMs, in GUI words only.
        CamPanel* panel = w.camViewer()->panel();
        QVERIFY2(panel->statusText().contains("Make CAMs"), qPrintable(panel->statusText()));
        QVERIFY(!panel->statusText().contains("--"));

        // Running a stage asks once where the project goes; the default is beside the dataset.
        QSignalSpy finished(console->queue(), &JobQueue::jobFinished);
        QCOMPARE(console->enqueueStage("train-cam", "quick", kTinyTraining), 0);
        QVERIFY(console->hasPendingAction());
        QTRY_VERIFY(w.trainingFlow()->projectPrompt() &&
                    w.trainingFlow()->projectPrompt()->isVisible());
        ProjectPromptDialog* prompt = w.trainingFlow()->projectPrompt();
        const QString expected = QString::fromStdString(data_.string()) + ".amr-project";
        QCOMPARE(prompt->projectDir(), expected);
        prompt->accept();

        // The window creates and opens it, lists it, and the console runs in it.
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        QCOMPARE(w.projectSession()->projectDir(), expected);
        QVERIFY(RecentProjects::list().contains(expected));
        QVERIFY(w.windowTitle().contains(w.projectSession()->name()));
        QCOMPARE(console->projectDir(), expected);
        QCOMPARE(waitForJob(finished, 180000), int(Job::State::Succeeded));
        const fs::path project = to_path(expected);
        QVERIFY(fs::exists(project / "checkpoints" / "cam.pt"));
        QVERIFY(w.trainingFlow()->projectPrompt() == nullptr);

        // The second run asks nothing. The fixture stands in for a trained AMR network.
        writeFixtureNet(project / "checkpoints" / "amr.pt", w.dataset()->classes().size(), +1.f);
        QVERIFY(console->enqueueStage("make-cam", "quick", kQuickCams) > 0);
        QVERIFY(!w.trainingFlow()->projectPrompt());
        QCOMPARE(waitForJob(finished, 120000), int(Job::State::Succeeded));
        QVERIFY2(console->errorText().isEmpty(), qPrintable(console->errorText()));

        // Without reopening anything: the viewer follows the store.
        CamController* cams = w.camViewer()->controller();
        QTRY_VERIFY(!cams->sources().camStore.empty());
        QCOMPARE(QString::fromStdString(cams->sources().camStore.string()),
                 QString::fromStdString((project / "cams").string()));
        const auto train = w.dataset()->split("train");
        QVERIFY(!train.empty());
        w.imageList()->setCurrentDatasetIndex(int(train[0]));
        QTRY_VERIFY_WITH_TIMEOUT(cams->entry() != nullptr && !cams->isLoading(), 20000);
        QVERIFY2(!panel->statusText().contains("No CAMs"), qPrintable(panel->statusText()));
        QVERIFY2(panel->storeWarning().isEmpty(), qPrintable(panel->storeWarning()));

        // Moving α changes the label the canvas shows (on some training image at least: a
        // single tagged class may be insensitive to α at one threshold).
        panel->thresholdSlider()->setValue(50);
        int changedLabels = 0, changedPixels = 0;
        for (std::size_t index : train) {
            w.imageList()->setCurrentDatasetIndex(int(index));
            QTRY_VERIFY_WITH_TIMEOUT(
                cams->currentIndex() == int(index) && cams->entry() && !cams->isLoading(), 20000);
            panel->alphaSlider()->setValue(0);
            const cv::Mat atZero = cams->pseudoLabel().clone();
            const QImage shownAtZero = w.canvas()->overlay().copy();
            panel->alphaSlider()->setValue(100);
            QCOMPARE(cams->alpha(), 1.0);
            changedLabels = differingLabels(atZero, cams->pseudoLabel());
            changedPixels = differingPixels(shownAtZero, w.canvas()->overlay());
            if (changedLabels > 0)
                break;
        }
        QVERIFY2(changedLabels > 0, qPrintable(QString::number(changedLabels)));
        QVERIFY2(changedPixels > 0, qPrintable(QString::number(changedPixels)));
        QVERIFY(w.projectSession()->isOpen());
        QCOMPARE(w.projectSession()->projectDir(), expected);  // still the same project
    }

    // Opening the demo again shows the project it was trained in, with its CAMs, instead of the
    // bare dataset and the offer to train again.
    void openDemoAgainShowsItsProject() {
        const fs::path demo = out("again/demo");
        amr::data::DemoDataOptions d;
        d.output = demo;
        d.train_images = 2;
        d.val_images = 1;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 1;
        amr::data::make_demo_data(d);
        const QString demoDir = QString::fromStdString(demo.string());
        const fs::path project = out("again/demo.amr-project");
        const QString projectDir = QString::fromStdString(project.string());
        {
            MainWindow first;
            first.createProject(projectDir, demoDir);
            QTRY_VERIFY_WITH_TIMEOUT(first.projectSession()->isOpen(), 20000);
        }
        QVERIFY(RecentProjects::list().contains(projectDir));
        // Without CAMs the demo opens as a dataset with its offer.
        QVERIFY(TrainingFlow::trainedDemoProject(demoDir).isEmpty());
        fs::create_directories(project / "cams");
        amr::test::write_text(project / "cams" / "store.json", "{}");
        QCOMPARE(TrainingFlow::trainedDemoProject(demoDir), projectDir);
        // Another dataset's project is not the demo's.
        QVERIFY(TrainingFlow::trainedDemoProject(QString::fromStdString(data_.string())) !=
                projectDir);

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemo(demoDir);
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        QCOMPARE(w.projectSession()->projectDir(), projectDir);
        QTRY_VERIFY_WITH_TIMEOUT(w.dataset() && w.shownImageIndex() >= 0, 20000);
        QVERIFY2(w.trainingFlow()->demoOfferText().isEmpty(),
                 qPrintable(w.trainingFlow()->demoOfferText()));
    }

    void blankCamsAreSaidInWords() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const fs::path project = out("blank.amr-project");
        w.createProject(QString::fromStdString(project.string()),
                        QString::fromStdString(data_.string()));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        TrainingConsole* console = w.trainingConsole()->console();
        QTRY_COMPARE(console->projectDir(), QString::fromStdString(project.string()));
        fs::create_directories(project / "checkpoints");
        writeFixtureNet(project / "checkpoints" / "amr.pt", w.dataset()->classes().size(), -1.f);
        QSignalSpy finished(console->queue(), &JobQueue::jobFinished);
        QVERIFY(console->enqueueStage("make-cam", "quick", kQuickCams) > 0);
        QCOMPARE(waitForJob(finished, 120000), int(Job::State::Succeeded));

        auto* warning = console->findChild<QLabel*>(QStringLiteral("consoleWarning"));
        QVERIFY(warning);
        QVERIFY(warning->isVisibleTo(console));
        QVERIFY2(warning->text().contains("all zero"), qPrintable(warning->text()));
        QVERIFY2(warning->text().contains("demo"), qPrintable(warning->text()));
        QVERIFY(console->logText().contains("Warning: The CAMs are all zero"));
        // The viewer says it too, for the store it shows.
        CamPanel* panel = w.camViewer()->panel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->storeWarning().contains("all zero"), 20000);
        // And the engine recorded it in the run's summary.
        const auto runs = amr::project::Project::open(project).runs();
        QVERIFY(!runs.empty());
        QVERIFY2(runs.back().summary_json.find("blank-cams") != std::string::npos,
                 runs.back().summary_json.c_str());
    }
};

QTEST_MAIN(TestGuiLoop)
#include "test_gui_loop.moc"
