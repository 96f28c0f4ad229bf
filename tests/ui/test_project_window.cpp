// Projects in the main window: a project made by the CLI opens in the GUI with its review
// status and scores in the browser; a project made in the GUI opens in the CLI; changes the
// CLI makes reach the list through the session; recent projects; refusals in plain words.

#include <QAction>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>

#include "engine/cam/cam_store.h"
#include "engine/data/label_png.h"
#include "engine/project/project.h"
#include "support/test_support.h"
#include "ui/cam/cam_controller.h"
#include "ui/cam/cam_viewer.h"
#include "ui/canvas/image_canvas.h"
#include "ui/canvas/qimage_convert.h"
#include "ui/editor/editor_controller.h"
#include "ui/editor/guided_tool.h"
#include "ui/editor/mask_document.h"
#include "ui/jobs/job_runner.h"
#include "ui/project/image_state_feed.h"
#include "ui/project/new_project_dialog.h"
#include "ui/project/project_session.h"
#include "ui/widgets/message_banner.h"
#include "ui/workspace/image_list_model.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/recent_datasets.h"
#include "ui/workspace/workspace_actions.h"

namespace fs = std::filesystem;
using amr::project::Project;
using amr::project::ReviewStatus;
using amr::test::run_cli;
using amr::ui::ImageListModel;
using amr::ui::MainWindow;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

int rowOf(const MainWindow& w, const char* id) {
    const long index = w.dataset()->find(id);
    return index < 0 ? -1 : w.imageModel()->rowOfDatasetIndex(int(index));
}

// make-cam's entry for a 64×64 demo image tagged with class key 0: a flat 0.5 everywhere.
amr::cam::CamEntry flatCamEntry() {
    amr::cam::CamEntry e;
    e.height = e.width = 64;
    e.keys = {0};
    for (auto* b : {&e.spotlight, &e.compensation}) {
        b->strided = {cv::Mat(16, 16, CV_32FC1, cv::Scalar(0.5f))};
        b->high_res = {cv::Mat(64, 64, CV_32FC1, cv::Scalar(0.5f))};
    }
    return e;
}

}  // namespace

class TestProjectWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path m_root;
    fs::path m_demo;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio"));
        QCoreApplication::setApplicationName(QStringLiteral("amr-studio-test-project"));
        QSettings().clear();
        m_root = amr::test::to_path(m_tmp.path());
        m_demo = m_root / "demo";
        const auto r =
            run_cli({"demo-data", "--train", "4", "--val", "2", "--size", "64", q(m_demo)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    }

    void cliProjectOpensInWindow() {
        const fs::path dir = m_root / "cli-proj";
        auto r = run_cli({"project", "create", q(dir), "--dataset", q(m_demo), "--name", "Shop"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        r = run_cli({"project", "status", q(dir), "demo_000002", "accepted"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        Project::open(dir).set_scores({{"demo_000003", {0.25, R"({"cam":0.25})"}}});

        MainWindow w;
        w.show();
        w.openProject(q(dir));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        QCOMPARE(w.projectSession()->name(), QStringLiteral("Shop"));
        QCOMPARE(w.projectSession()->projectDir(), q(dir));
        QVERIFY2(w.windowTitle().startsWith(QStringLiteral("Shop — ")),
                 qPrintable(w.windowTitle()));
        QVERIFY(w.dataset());
        QCOMPARE(w.dataset()->size(), std::size_t{6});
        QVERIFY(w.actions().closeProject->isEnabled());

        ImageListModel* m = w.imageModel();
        const QModelIndex accepted = m->index(rowOf(w, "demo_000002"));
        QCOMPARE(m->data(accepted, ImageListModel::StatusTextRole).toString(),
                 QStringLiteral("Accepted"));
        const QModelIndex scored = m->index(rowOf(w, "demo_000003"));
        QCOMPARE(m->data(scored, ImageListModel::ScoreRole).toDouble(), 0.25);
        QCOMPARE(m->data(scored, ImageListModel::StatusTextRole).toString(), QStringLiteral("New"));

        // The CLI changes a status while the window is open; the session announces it.
        r = run_cli({"project", "status", q(dir), "demo_000003", "needs-work"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        w.projectSession()->notifyImageStateChanged(QStringLiteral("demo_000003"));
        QTRY_COMPARE(m->data(m->index(rowOf(w, "demo_000003")), ImageListModel::StatusRole).toInt(),
                     int(ReviewStatus::NeedsWork));

        QCOMPARE(amr::ui::RecentProjects::list().value(0), q(dir));

        // Opening a plain dataset leaves the project, once the dataset has been read (a folder
        // that fails to open keeps it: test_gui_regressions).
        w.openDataset(q(m_demo));
        QTRY_VERIFY_WITH_TIMEOUT(!w.projectSession()->isOpen(), 20000);
        QTRY_VERIFY(!w.imageModel()->hasReviewState());
        QTRY_VERIFY(!w.windowTitle().startsWith(QStringLiteral("Shop")));
        w.jobRunner()->waitForDone();
    }

    // The usual route: a project is created, then the pipeline writes its CAMs while it is
    // open. The Guided tool must find them without the project being opened again.
    void guidedClicksFindCamsMadeWhileOpen() {
        const fs::path dir = m_root / "guided-proj";
        auto r = run_cli({"project", "create", q(dir), "--dataset", q(m_demo)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const fs::path store = Project::open(dir).cam_store_dir();
        QVERIFY(!fs::exists(store));

        MainWindow w;
        w.show();
        w.selectImageOnOpen(QStringLiteral("demo_000001"));
        w.openProject(q(dir));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);

        // make-cam's output, written after the project opened.
        amr::cam::CamStore(store, "test").put("demo_000001", flatCamEntry());

        amr::ui::GuidedTool* tool = w.editor()->guidedTool();
        QSignalSpy messages(tool, &amr::ui::GuidedTool::message);
        w.editor()->editModeAction()->setChecked(true);
        auto ready = [&] {
            for (const QList<QVariant>& m : messages)
                if (m.at(0).toString().startsWith(QStringLiteral("Guided clicks ready")))
                    return m.at(0).toString();
            return QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!ready().isEmpty(), 20000);
        QVERIFY2(ready().endsWith(QStringLiteral("and CAMs)")), qPrintable(ready()));
        w.editor()->editModeAction()->setChecked(false);
        w.jobRunner()->waitForDone();
    }

    // In edit mode the canvas shows the mask being edited. The CAM viewer loads its layers in
    // the background, and when they arrived after the editor's mask they used to replace it
    // on every new image, until the first edit brought the mask back.
    void editedMaskStaysOnTheCanvas() {
        const fs::path dir = m_root / "edit-proj";
        auto r = run_cli({"project", "create", q(dir), "--dataset", q(m_demo)});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const amr::cam::CamStore store(Project::open(dir).cam_store_dir(), "test");
        for (const char* id : {"demo_000001", "demo_000002"})
            store.put(id, flatCamEntry());
        // The second image's refined mask (the editor starts from it) differs from its ground
        // truth, so that the canvas shows which of the two it holds.
        {
            Project p = Project::open(dir);
            const cv::Size size = amr::data::read_png_size(
                m_demo / "VOCdevkit/VOC2012/SegmentationClass/demo_000002.png");
            cv::Mat refined(size, CV_8UC1, cv::Scalar(0));
            refined(cv::Rect(0, 0, size.width / 2, size.height / 2)).setTo(1);
            fs::create_directories(p.mask_dir("refined"));
            amr::data::write_label_png(p.mask_dir("refined") / "demo_000002.png", refined);
            QCOMPARE(int(p.sync_mask_version("refined", "{}")), 1);
        }

        MainWindow w;
        w.show();
        w.selectImageOnOpen(QStringLiteral("demo_000001"));
        w.openProject(q(dir));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        QTRY_COMPARE(w.shownImageIndex(), int(w.dataset()->find("demo_000001")));
        w.editor()->editModeAction()->setChecked(true);

        QSignalSpy layers(w.camViewer()->controller(), &amr::ui::CamController::overlayChanged);
        w.actions().nextImage->trigger();
        QTRY_COMPARE(w.shownImageIndex(), int(w.dataset()->find("demo_000002")));
        // The viewer's layers for the new image arrive: first the ground truth alone, then with
        // the CAM heatmap loaded. The canvas keeps the refined mask being edited.
        QCOMPARE(w.editor()->document()->sourceVersion(), QStringLiteral("refined"));
        const QImage mask = amr::ui::overlayFromLabels(w.editor()->document()->labels());
        QVERIFY(!mask.isNull());
        QCOMPARE(w.canvas()->overlay(), mask);
        auto lastLayers = [&] {
            return layers.isEmpty() ? QImage() : layers.last().at(0).value<QImage>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!lastLayers().isNull() && lastLayers() != mask, 20000);
        const QImage camLayers = lastLayers();
        QCOMPARE(w.canvas()->overlay(), mask);

        // Leaving edit mode brings the layers back.
        w.editor()->editModeAction()->setChecked(false);
        QCOMPARE(w.canvas()->overlay(), camLayers);
        w.jobRunner()->waitForDone();
    }

    void guiProjectOpensInCli() {
        const fs::path dir = m_root / "gui-proj";
        MainWindow w;
        w.show();
        w.createProject(q(dir), q(m_demo), QStringLiteral("Made in GUI"));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen(), 20000);
        QVERIFY(w.windowTitle().startsWith(QStringLiteral("Made in GUI — ")));
        QVERIFY(w.imageModel()->hasReviewState());
        {
            auto p = w.projectSession()->connect();
            p->set_status("demo_000001", ReviewStatus::Corrected);
        }
        w.projectSession()->notifyImageStateChanged(QStringLiteral("demo_000001"));
        QTRY_COMPARE(w.imageModel()->statusOf(int(w.dataset()->find("demo_000001"))),
                     ReviewStatus::Corrected);

        const auto r = run_cli({"project", "info", q(dir), "--json"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["name"].toString(), QStringLiteral("Made in GUI"));
        QCOMPARE(j["dataset"].toString(), q(m_demo / "VOCdevkit" / "VOC2012"));
        QCOMPARE(j["status"].toObject()["corrected"].toInt(), 1);
        QCOMPARE(j["status"].toObject()["new"].toInt(), 5);

        w.closeProject();
        QVERIFY(!w.projectSession()->isOpen());
        QVERIFY(!w.actions().closeProject->isEnabled());
        QVERIFY(w.dataset());  // the dataset stays open
        QVERIFY(!w.imageModel()->hasReviewState());
    }

    void badProjectsExplained() {
        MainWindow w;
        w.show();
        w.openProject(q(m_demo));
        QTRY_VERIFY_WITH_TIMEOUT(w.banner()->isVisible(), 20000);
        QVERIFY2(w.banner()->text().contains(QStringLiteral("not an AMR Studio project")),
                 qPrintable(w.banner()->text()));
        QVERIFY(!w.projectSession()->isOpen());

        // Creating over an existing project refuses and names the database.
        w.createProject(q(m_root / "cli-proj"), q(m_demo));
        QTRY_VERIFY_WITH_TIMEOUT(w.banner()->text().contains(QStringLiteral("already")), 20000);
        QVERIFY(w.banner()->text().contains(QStringLiteral("project.amrdb")));
        w.jobRunner()->waitForDone();
    }

    void newProjectDialogChecksAnswers() {
        amr::ui::NewProjectDialog dialog(q(m_demo));
        QCOMPARE(dialog.datasetDir(), q(m_demo));  // the open dataset is offered
        QVERIFY(dialog.problem().contains(QStringLiteral("Choose a folder")));
        dialog.setProjectDir(q(m_root / "cli-proj"));
        QVERIFY(dialog.problem().contains(QStringLiteral("holds a project already")));
        dialog.setProjectDir(q(m_root / "fresh"));
        QVERIFY(dialog.problem().isEmpty());
        dialog.setDatasetDir(q(m_root / "missing"));
        QVERIFY(dialog.problem().contains(QStringLiteral("does not exist")));
    }

    void shortcuts() {
        MainWindow w;
        QCOMPARE(w.actions().openProject->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        // Next/previous image keep their keys.
        QVERIFY(w.actions().nextImage->shortcuts().contains(QKeySequence(Qt::Key_PageDown)));
        QVERIFY(w.actions().previousImage->shortcuts().contains(QKeySequence(Qt::Key_PageUp)));
    }
};

QTEST_MAIN(TestProjectWindow)
#include "test_project_window.moc"
