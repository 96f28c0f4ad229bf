// File > Export to PASCAL VOC… with a project open: the dialog lists the project's mask versions
// with their counts (ticked, reorderable), filters by review status like
// `amr export-voc --project --only-status accepted,corrected`, states the plan before exporting,
// and the export job writes exactly the selected images with the mask of the first ticked
// version. Checked on a project made by the engine, reading the exported PNGs back.
//
// With AMR_SCREENSHOT_DIR set, the dialog is also saved there as export-dialog.png.

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/data/label_png.h"
#include "engine/project/project.h"
#include "support/test_support.h"
#include "ui/export/export_voc_dialog.h"
#include "ui/export/project_export.h"
#include "ui/export/voc_export_controller.h"
#include "ui/jobs/job_runner.h"
#include "ui/project/project_session.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/workspace_actions.h"

namespace fs = std::filesystem;
using amr::project::Project;
using amr::project::ReviewStatus;
using amr::test::to_path;
using amr::ui::ExportVocDialog;

namespace {

QString qs(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// A mask of the image's size: background with a square of `value`.
cv::Mat squareMask(const cv::Size& size, int value, int offset) {
    cv::Mat m(size, CV_8UC1, cv::Scalar(0));
    m(cv::Rect(offset, offset, size.width / 3, size.height / 3)).setTo(value);
    return m;
}

bool sameMat(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

QStringList itemTexts(const QListWidget* list) {
    QStringList texts;
    for (int row = 0; row < list->count(); ++row)
        texts << list->item(row)->text();
    return texts;
}

}  // namespace

class TestExportProject : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio"));
        QCoreApplication::setApplicationName(QStringLiteral("amr-studio-test-project"));
        QVERIFY(m_dir.isValid());
        amr::data::DemoDataOptions demo;
        demo.output = root() / "demo";
        demo.train_images = 4;
        demo.val_images = 2;
        demo.canvas_size = 64;
        const auto made = amr::data::make_demo_data(demo);
        m_dataset = std::make_shared<amr::data::Dataset>(amr::data::open_dataset(made.root));
        QCOMPARE(int(m_dataset->size()), 6);
        for (const auto& rec : m_dataset->images())
            m_ids.push_back(rec.id);
        const cv::Size size = cv::imread(m_dataset->images()[0].image.string()).size();
        QVERIFY(!size.empty());

        // human: images 0 and 1; refined: 0..3; cam: all six. Each version its own class.
        Project p = Project::create(projectDir(), made.root, "export test");
        for (std::size_t i = 0; i < m_ids.size(); ++i) {
            const auto write = [&](const char* version, int value) {
                m_written[version][m_ids[i]] = squareMask(size, value, int(i) + 2);
                fs::create_directories(p.mask_dir(version));
                amr::data::write_label_png(p.mask_dir(version) / (m_ids[i] + ".png"),
                                           m_written[version][m_ids[i]]);
            };
            if (i < 2)
                write("human", 3);
            if (i < 4)
                write("refined", 5);
            write("cam", 7);
        }
        QCOMPARE(int(p.sync_mask_version("human", R"({"stage":"edit"})")), 2);
        QCOMPARE(int(p.sync_mask_version("refined", R"({"stage":"refine"})")), 4);
        QCOMPARE(int(p.sync_mask_version("cam", R"({"stage":"make-cam"})")), 6);
        // 0 accepted, 1 corrected, 2 accepted, 3 needs work, 4 new (stored), 5 never touched.
        p.set_statuses({m_ids[0], m_ids[2]}, ReviewStatus::Accepted);
        p.set_status(m_ids[1], ReviewStatus::Corrected);
        p.set_status(m_ids[3], ReviewStatus::NeedsWork);
        p.set_status(m_ids[4], ReviewStatus::New);

        m_info = std::make_shared<amr::ui::ProjectExportInfo>(
            amr::ui::loadProjectExportInfo(qs(projectDir()), *m_dataset));
    }

    void init() { QSettings().clear(); }

    void infoCountsTheProject() {
        QCOMPARE(m_info->maskCounts.at("human"), std::size_t(2));
        QCOMPARE(m_info->maskCounts.at("refined"), std::size_t(4));
        QCOMPARE(m_info->maskCounts.at("cam"), std::size_t(6));
        QCOMPARE(m_info->imageIds.size(), std::size_t(6));
        QCOMPARE(m_info->groundTruthIds.size(), std::size_t(6));
        const auto c = amr::ui::countProjectPlan(*m_info, {"human", "refined", "cam"},
                                                 {ReviewStatus::Accepted, ReviewStatus::Corrected});
        QCOMPARE(c.selected, std::size_t(3));
        QCOMPARE(c.notSelected, std::size_t(3));
        QCOMPARE(c.byVersion.at("human"), std::size_t(2));
        QCOMPARE(c.byVersion.at("refined"), std::size_t(1));
        QVERIFY(!c.byVersion.count("cam"));
        // "new" includes the image the project never touched.
        const auto fresh = amr::ui::countProjectPlan(*m_info, {"cam"}, {ReviewStatus::New});
        QCOMPARE(fresh.selected, std::size_t(2));
    }

    void dialogListsVersionsWithCounts() {
        ExportVocDialog dialog(m_dataset, m_info);
        QVERIFY(dialog.isProjectMode());
        auto* list = dialog.findChild<QListWidget*>(QStringLiteral("projectVersionList"));
        QVERIFY(list);
        QVERIFY(list->isVisibleTo(&dialog));
        QVERIFY(!dialog.findChild<QLineEdit*>(QStringLiteral("onlyIdsEdit"))->isVisibleTo(&dialog));
        // Default human > refined > deeplab > cam ticked; gt (the dataset's masks) offered.
        QCOMPARE(itemTexts(list),
                 QStringList({"1. human — 2 masks (edited and accepted by a person)",
                              "2. refined — 4 masks (AMR CAMs refined by IRNet)",
                              "deeplab — no masks, skipped", "3. cam — 6 masks (thresholded CAMs)",
                              "gt — 6 masks, not exported"}));
        QCOMPARE(dialog.choices().projectVersions,
                 QStringList({"human", "refined", "deeplab", "cam"}));
        QVERIFY(dialog.choices().onlyStatuses.empty());
        QCOMPARE(dialog.planText(),
                 QStringLiteral("Will export 6 of 6 images (all review statuses) with masks from "
                                "human (2), refined (2), cam (2)."));

        // The status filter: accepted and corrected are offered once it is ticked.
        dialog.findChild<QCheckBox*>(QStringLiteral("statusFilterCheck"))->setChecked(true);
        QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("status-accepted"))->isChecked());
        QVERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("status-corrected"))->isChecked());
        QVERIFY(!dialog.findChild<QCheckBox*>(QStringLiteral("status-new"))->isChecked());
        auto* plan = dialog.findChild<QLabel*>(QStringLiteral("planLabel"));
        QCOMPARE(plan->text(),
                 QStringLiteral("Will export 3 of 6 images (accepted or corrected) with masks "
                                "from human (2), refined (1)."));

        // Untick human: refined takes over; move cam to the top: cam wins everywhere.
        list->item(0)->setCheckState(Qt::Unchecked);
        QCOMPARE(plan->text(), QStringLiteral("Will export 3 of 6 images (accepted or corrected) "
                                              "with masks from refined (3)."));
        QCOMPARE(list->item(0)->text(), QStringLiteral("human — 2 masks, not exported"));
        list->setCurrentRow(3);
        for (int i = 0; i < 3; ++i)
            dialog.findChild<QPushButton*>(QStringLiteral("projectUpButton"))->click();
        QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), QStringLiteral("cam"));
        QCOMPARE(dialog.choices().projectVersions, QStringList({"cam", "refined", "deeplab"}));
        QCOMPARE(plan->text(), QStringLiteral("Will export 3 of 6 images (accepted or corrected) "
                                              "with masks from cam (3)."));

        // Needs work too: image 3 has refined and cam masks.
        dialog.findChild<QCheckBox*>(QStringLiteral("status-needs-work"))->setChecked(true);
        QCOMPARE(plan->text(),
                 QStringLiteral("Will export 4 of 6 images (accepted or corrected or needs-work) "
                                "with masks from cam (4)."));
    }

    void invalidProjectChoicesAreRefused() {
        ExportVocDialog dialog(m_dataset, m_info);
        dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(qs(root() / "bad"));
        dialog.findChild<QCheckBox*>(QStringLiteral("statusFilterCheck"))->setChecked(true);
        dialog.findChild<QCheckBox*>(QStringLiteral("status-accepted"))->setChecked(false);
        dialog.findChild<QCheckBox*>(QStringLiteral("status-corrected"))->setChecked(false);
        QCOMPARE(dialog.planText(), QStringLiteral("No review status ticked: nothing to export."));
        dialog.accept();
        QVERIFY(!dialog.plan());
        QVERIFY(dialog.errorText().contains(QStringLiteral("Tick at least one review status")));

        dialog.findChild<QCheckBox*>(QStringLiteral("statusFilterCheck"))->setChecked(false);
        auto* list = dialog.findChild<QListWidget*>(QStringLiteral("projectVersionList"));
        for (int row = 0; row < list->count(); ++row)
            list->item(row)->setCheckState(row == 2 ? Qt::Checked : Qt::Unchecked);
        QCOMPARE(dialog.choices().projectVersions, QStringList({"deeplab"}));  // no masks
        QCOMPARE(dialog.planText(),
                 QStringLiteral("Will export 0 of 6 images (all review statuses), none with a "
                                "mask. 6 selected images have no mask in the ticked versions and "
                                "are left out."));
        dialog.accept();
        QVERIFY(!dialog.plan());
        QCOMPARE(dialog.errorText(),
                 QStringLiteral("None of the ticked mask versions has masks in this project."));
        list->item(2)->setCheckState(Qt::Unchecked);
        QCOMPARE(dialog.planText(), QStringLiteral("Tick at least one mask version to export."));
        dialog.accept();
        QVERIFY(!dialog.plan());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("tick at least one mask version")),
                 qPrintable(dialog.errorText()));
        QVERIFY(!fs::exists(root() / "bad"));
    }

    void exportsOnlyAcceptedAndCorrected() {
        QWidget window;
        amr::ui::JobRunner runner;
        amr::ui::VocExportController controller(&runner, nullptr, &window);
        QSignalSpy succeeded(&controller, &amr::ui::VocExportController::exportSucceeded);
        QSignalSpy failed(&controller, &amr::ui::VocExportController::exportFailed);
        const fs::path out = root() / "out-reviewed";
        QString planShown;
        controller.setDialogHook([&](ExportVocDialog& dialog) {
            dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(qs(out));
            dialog.findChild<QCheckBox*>(QStringLiteral("statusFilterCheck"))->setChecked(true);
            planShown = dialog.planText();
            dialog.accept();
            return dialog.result() == QDialog::Accepted;
        });
        QVERIFY(controller.exportProject(m_dataset, qs(projectDir())));
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() == 1, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][0].toString()));
        QCOMPARE(planShown, QStringLiteral("Will export 3 of 6 images (accepted or corrected) "
                                           "with masks from human (2), refined (1)."));

        const auto& r = controller.lastExport();
        QCOMPARE(int(r.exported), 3);
        QCOMPARE(int(r.not_selected), 3);
        QCOMPARE(int(r.by_version.at("human")), 2);
        QCOMPARE(int(r.by_version.at("refined")), 1);
        QVERIFY(controller.summaryBox()->text().contains(
            QStringLiteral("3 images left out by the selection")));

        // Exactly images 0, 1 and 2, with the pixels of the first version that has a mask.
        const fs::path seg = out / "VOCdevkit" / "VOC2012" / "SegmentationClass";
        std::set<std::string> exported;
        for (const auto& e : fs::directory_iterator(seg))
            exported.insert(e.path().stem().string());
        QCOMPARE(exported, (std::set<std::string>{m_ids[0], m_ids[1], m_ids[2]}));
        const std::map<std::string, const char*> winner = {
            {m_ids[0], "human"}, {m_ids[1], "human"}, {m_ids[2], "refined"}};
        for (const auto& [id, version] : winner) {
            const cv::Mat got = amr::data::read_label_png(seg / (id + ".png"));
            QVERIFY2(sameMat(got, m_written[version][id]), id.c_str());
        }

        // The choices are remembered: the next dialog filters and orders the same way.
        ExportVocDialog again(m_dataset, m_info);
        QVERIFY(again.findChild<QCheckBox*>(QStringLiteral("statusFilterCheck"))->isChecked());
        QCOMPARE(again.choices().onlyStatuses,
                 (std::vector<ReviewStatus>{ReviewStatus::Accepted, ReviewStatus::Corrected}));
        QCOMPARE(again.choices().output, qs(out));
        QCOMPARE(again.choices().projectVersions,
                 QStringList({"human", "refined", "deeplab", "cam"}));
    }

    void exportsWithAnotherPriority() {
        QWidget window;
        amr::ui::JobRunner runner;
        amr::ui::VocExportController controller(&runner, nullptr, &window);
        QSignalSpy succeeded(&controller, &amr::ui::VocExportController::exportSucceeded);
        QSignalSpy failed(&controller, &amr::ui::VocExportController::exportFailed);
        const fs::path out = root() / "out-cam-first";
        amr::ui::VocExportChoices c;
        c.output = qs(out);
        c.projectDir = qs(projectDir());
        c.projectVersions = {"refined", "cam"};  // human unticked
        c.onlyStatuses = {ReviewStatus::New};    // 4 (stored new) and 5 (never touched)
        controller.startExport(amr::ui::makeExportPlan(c, m_dataset));
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() == 1, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][0].toString()));
        QCOMPARE(int(controller.lastExport().exported), 2);
        QCOMPARE(int(controller.lastExport().by_version.at("cam")), 2);
        const fs::path seg = out / "VOCdevkit" / "VOC2012" / "SegmentationClass";
        for (const auto& id : {m_ids[4], m_ids[5]})
            QVERIFY(sameMat(amr::data::read_label_png(seg / (id + ".png")), m_written["cam"][id]));
        QVERIFY(!fs::exists(seg / (m_ids[0] + ".png")));
    }

    void mainWindowExportsFromTheOpenProject() {
        amr::ui::MainWindow w;
        w.openProject(qs(projectDir()));
        QTRY_VERIFY_WITH_TIMEOUT(w.projectSession()->isOpen() && w.actions().exportVoc->isEnabled(),
                                 30000);
        // The dialog is modal: look at it from a timer, then close it.
        bool projectMode = false;
        QString plan;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            if (auto* d = qobject_cast<ExportVocDialog*>(QApplication::activeModalWidget())) {
                projectMode = d->isProjectMode();
                plan = d->planText();
                d->reject();
            }
        });
        poll.start(50);
        w.actions().exportVoc->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!plan.isEmpty(), 30000);
        QVERIFY(projectMode);
        QCOMPARE(plan, QStringLiteral("Will export 6 of 6 images (all review statuses) with masks "
                                      "from human (2), refined (2), cam (2)."));
    }

    void screenshotOfTheDialog() {
        // Saves the docs' screenshot when AMR_SCREENSHOT_DIR is set; not a check, so no skip
        // (a skip would report the whole program as skipped).
        if (qEnvironmentVariableIsEmpty("AMR_SCREENSHOT_DIR"))
            return;
        ExportVocDialog dialog(m_dataset, m_info);
        dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))
            ->setText(QStringLiteral("/home/ana/exports/shop-2024-05"));
        dialog.findChild<QCheckBox*>(QStringLiteral("statusFilterCheck"))->setChecked(true);
        dialog.findChild<QCheckBox*>(QStringLiteral("augCheck"))->setChecked(true);
        dialog.show();
        QTest::qWait(200);
        dialog.grab().save(qEnvironmentVariable("AMR_SCREENSHOT_DIR") +
                           QStringLiteral("/export-dialog.png"));
        // Keep the project for a shot of the real window:
        // AMR_STUDIO_OPEN_DIALOG=export-voc amr-studio --project <printed folder>
        m_dir.setAutoRemove(false);
        qInfo("project kept in %s", projectDir().c_str());
    }

private:
    fs::path root() const { return to_path(m_dir.path()); }
    fs::path projectDir() const { return root() / "proj"; }

    QTemporaryDir m_dir;
    std::shared_ptr<amr::data::Dataset> m_dataset;
    std::shared_ptr<amr::ui::ProjectExportInfo> m_info;
    std::vector<std::string> m_ids;
    std::map<std::string, std::map<std::string, cv::Mat>> m_written;  // version -> id -> mask
};

QTEST_MAIN(TestExportProject)
#include "test_export_project.moc"
