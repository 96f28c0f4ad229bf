// The VOC export and validation GUI: the export dialog turns its widgets into the engine's
// options (and refuses bad ones inline), an export of a small demo runs through the JobRunner
// and ends in a summary whose Validate button shows a clean report, and the report model lists
// the problems of a broken VOC folder with the right columns, sort order and filter.
//
// With AMR_SCREENSHOT_DIR set, the dialogs are also saved there as PNGs.

#include <QAbstractButton>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <memory>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/export/mask_import.h"
#include "engine/export/voc_validate.h"
#include "support/test_support.h"
#include "ui/export/export_plan.h"
#include "ui/export/export_voc_dialog.h"
#include "ui/export/import_masks_dialog.h"
#include "ui/export/validation_report_dialog.h"
#include "ui/export/validation_report_model.h"
#include "ui/export/voc_export_controller.h"
#include "ui/jobs/job_runner.h"
#include "ui/workspace/main_window.h"
#include "ui/workspace/workspace_actions.h"

namespace fs = std::filesystem;
using amr::test::to_path;
using amr::test::write_text;
using amr::ui::ExportVocDialog;
using amr::ui::ValidationReportModel;
using amr::voc::ExistingOutput;

namespace {

QString qs(const fs::path& p) {
    return QString::fromStdString(p.string());
}

std::size_t countFiles(const fs::path& dir, const std::string& ext) {
    std::size_t n = 0;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            n += e.path().extension() == ext;
    return n;
}

void saveScreenshot(QWidget& w, const char* name) {
    const QByteArray dir = qgetenv("AMR_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    w.show();
    QTest::qWait(200);
    w.grab().save(QString::fromLocal8Bit(dir) + u'/' + QLatin1String(name));
}

struct ImportMasksDialogProbe {
    explicit ImportMasksDialogProbe(std::shared_ptr<const amr::data::Dataset> ds)
        : dialog(std::move(ds)) {}
    amr::ui::ImportMasksDialog dialog;
};

}  // namespace

class TestExportDialogs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("AMR Studio"));
        QCoreApplication::setApplicationName(QStringLiteral("amr-studio-test"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        amr::data::DemoDataOptions demo;
        demo.output = root() / "demo";
        demo.train_images = 4;
        demo.val_images = 2;
        demo.canvas_size = 64;
        const auto made = amr::data::make_demo_data(demo);
        m_dataset = std::make_shared<amr::data::Dataset>(amr::data::open_dataset(made.root));
        QCOMPARE(int(m_dataset->size()), 6);
        QCOMPARE(int(m_dataset->count_with_mask()), 6);
        fs::create_directories(root() / "human");
        fs::create_directories(root() / "cam");
    }

    void init() { QSettings().clear(); }

    void dialogBuildsOptions() {
        ExportVocDialog dialog(m_dataset);
        // A dataset with masks offers its ground truth by default; the default order.
        auto* gt = dialog.findChild<QCheckBox*>(QStringLiteral("groundTruthCheck"));
        QVERIFY(gt->isChecked());
        QCOMPARE(dialog.choices().priority, amr::ui::defaultPriorityOrder());
        QCOMPARE(amr::ui::defaultPriorityOrder(),
                 QStringList({"human", "refined", "deeplab", "cam", "imported", "gt"}));

        dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(qs(root() / "out1"));
        dialog.addVersionFolder(QStringLiteral("human"), qs(root() / "human"));
        dialog.addVersionFolder(QStringLiteral("cam"), qs(root() / "cam"));
        // Move cam (row 3) to the top with the Move Up button.
        auto* list = dialog.findChild<QListWidget*>(QStringLiteral("priorityList"));
        list->setCurrentRow(3);
        auto* up = dialog.findChild<QPushButton*>(QStringLiteral("priorityUpButton"));
        for (int i = 0; i < 3; ++i)
            up->click();
        QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), QStringLiteral("cam"));
        QVERIFY(list->item(0)->text().startsWith(QStringLiteral("1. cam")));
        QVERIFY(list->item(2)->text().contains(QStringLiteral("skipped")));  // refined

        dialog.findChild<QCheckBox*>(QStringLiteral("augCheck"))->setChecked(true);
        dialog.findChild<QCheckBox*>(QStringLiteral("skipBadCheck"))->setChecked(true);
        dialog.findChild<QCheckBox*>(QStringLiteral("unmaskedCheck"))->setChecked(false);
        dialog
            .findChild<QRadioButton*>(QStringLiteral("existing%1").arg(int(ExistingOutput::Update)))
            ->click();
        const auto ids = root() / "ids.txt";
        write_text(ids, "# reviewed\n" + (*m_dataset)[0].id + "\n" + (*m_dataset)[5].id + "\n");
        dialog.findChild<QLineEdit*>(QStringLiteral("onlyIdsEdit"))->setText(qs(ids));

        const auto c = dialog.choices();
        QCOMPARE(c.priority.mid(0, 3), QStringList({"cam", "human", "refined"}));
        QCOMPARE(amr::ui::effectivePriority(c), QStringList({"cam", "human", "gt"}));

        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.errorText().isEmpty());
        const auto plan = dialog.plan();
        QVERIFY(plan);
        const auto& o = plan->options;
        QCOMPARE(o.priority, (std::vector<std::string>{"cam", "human", "gt"}));
        QCOMPARE(o.output, root() / "out1");
        QCOMPARE(o.dataset, m_dataset.get());
        QCOMPARE(int(plan->masks->folders().size()), 2);
        QCOMPARE(plan->masks->folders().at("human"), root() / "human");
        QCOMPARE(plan->masks->folders().at("cam"), root() / "cam");
        QVERIFY(o.write_aug);
        QVERIFY(o.skip_bad);
        QVERIFY(!o.include_unmasked);
        QVERIFY(o.existing == ExistingOutput::Update);
        QVERIFY(o.only_ids.has_value());
        QCOMPARE(*o.only_ids, (std::vector<std::string>{(*m_dataset)[0].id, (*m_dataset)[5].id}));

        // The next dialog starts from the remembered choices.
        ExportVocDialog again(m_dataset);
        const auto r = again.choices();
        QCOMPARE(r.output, qs(root() / "out1"));
        QCOMPARE(r.priority, c.priority);
        QCOMPARE(r.versionFolders.size(), 2);
        QCOMPARE(r.versionFolders[1].first, QStringLiteral("cam"));
        QVERIFY(r.existing == ExistingOutput::Update);
        QVERIFY(r.writeAug && r.skipBad && !r.includeUnmasked);
    }

    void invalidOptionsAreShownAndNotAccepted() {
        ExportVocDialog dialog(m_dataset);
        dialog.accept();  // no output folder
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(!dialog.plan());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("no output folder")),
                 qPrintable(dialog.errorText()));

        auto* output = dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"));
        output->setText(qs(root() / "out2"));
        dialog.findChild<QCheckBox*>(QStringLiteral("groundTruthCheck"))->setChecked(false);
        dialog.accept();  // no version has masks
        QVERIFY(!dialog.plan());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("no mask version")),
                 qPrintable(dialog.errorText()));

        dialog.findChild<QCheckBox*>(QStringLiteral("groundTruthCheck"))->setChecked(true);
        write_text(root() / "bad-ids.txt", "no_such_image\n");
        dialog.findChild<QLineEdit*>(QStringLiteral("onlyIdsEdit"))
            ->setText(qs(root() / "bad-ids.txt"));
        dialog.accept();  // VocExportOptions::check() refuses the unknown id
        QVERIFY(!dialog.plan());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("no_such_image")),
                 qPrintable(dialog.errorText()));

        dialog.addVersionFolder(QStringLiteral("human"), qs(root() / "missing-folder"));
        dialog.findChild<QLineEdit*>(QStringLiteral("onlyIdsEdit"))->clear();
        dialog.accept();
        QVERIFY(!dialog.plan());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("missing-folder")),
                 qPrintable(dialog.errorText()));
        QVERIFY(dialog.result() != QDialog::Accepted);
        // Nothing was remembered from the refused attempts.
        QVERIFY(!QSettings().contains(QStringLiteral("exportVoc/output")));
    }

    void overwriteAsksFirst() {
        const fs::path out = root() / "out3";
        write_text(out / "VOCdevkit" / "VOC2012" / "JPEGImages" / "old.jpg", "x");
        ExportVocDialog dialog(m_dataset);
        dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))->setText(qs(out));
        dialog
            .findChild<QRadioButton*>(
                QStringLiteral("existing%1").arg(int(ExistingOutput::Overwrite)))
            ->click();
        QString asked;
        bool answer = false;
        dialog.setOverwriteConfirmation([&](const QString& q) {
            asked = q;
            return answer;
        });
        dialog.accept();
        QVERIFY(asked.contains(QStringLiteral("JPEGImages")));
        QVERIFY(asked.contains(QStringLiteral("VOC2012")));
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(!dialog.plan());
        answer = true;
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.plan()->options.existing == ExistingOutput::Overwrite);
        QVERIFY(fs::exists(out / "VOCdevkit" / "VOC2012" / "JPEGImages" / "old.jpg"));
    }

    void exportsAndValidatesThroughTheJobRunner() {
        QWidget window;
        amr::ui::JobRunner runner;
        amr::ui::VocExportController controller(&runner, nullptr, &window);
        QSignalSpy succeeded(&controller, &amr::ui::VocExportController::exportSucceeded);
        QSignalSpy failed(&controller, &amr::ui::VocExportController::exportFailed);

        amr::ui::VocExportChoices c;
        c.output = qs(root() / "out4");
        c.useGroundTruth = true;
        c.priority = amr::ui::defaultPriorityOrder();
        c.writeAug = true;
        controller.startExport(amr::ui::makeExportPlan(c, m_dataset));
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() == 1, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed[0][0].toString()));

        const fs::path voc = root() / "out4" / "VOCdevkit" / "VOC2012";
        QCOMPARE(succeeded[0][0].toString(), qs(voc));
        QCOMPARE(countFiles(voc / "SegmentationClass", ".png"), std::size_t(6));
        QCOMPARE(countFiles(voc / "SegmentationClassAug", ".png"), std::size_t(6));
        QCOMPARE(countFiles(voc / "JPEGImages", ".jpg"), std::size_t(6));
        QVERIFY(fs::exists(voc / "ImageSets" / "Segmentation" / "train_aug.txt"));
        QCOMPARE(int(controller.lastExport().exported), 6);
        QCOMPARE(int(controller.lastExport().with_mask), 6);
        QCOMPARE(int(controller.lastExport().by_version.at("gt")), 6);

        QMessageBox* box = controller.summaryBox();
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(!box->isModal());
        QVERIFY2(box->text().contains(QStringLiteral("Exported 6 images (6 with masks: gt 6)")),
                 qPrintable(box->text()));
        QVERIFY(box->text().contains(QStringLiteral("Written 6")));
        QCOMPARE(box->informativeText(), QStringLiteral("Folder: %1").arg(qs(voc)));
        saveScreenshot(*box, "export-summary.png");

        // Validate from the summary: a clean export has no problems.
        QSignalSpy shown(&controller, &amr::ui::VocExportController::validationShown);
        box->findChild<QPushButton*>(QStringLiteral("validateButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 60000);
        auto* report = controller.reportDialog();
        QVERIFY(report);
        QCOMPARE(report->summaryText(), QStringLiteral("No problems found in 6 images"));
        QCOMPARE(report->model()->rowCount(), 0);

        // Exporting again into the same folder with Refuse fails and names the folder.
        controller.startExport(amr::ui::makeExportPlan(c, m_dataset));
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 60000);
        QVERIFY2(failed[0][0].toString().contains(QStringLiteral("out4")),
                 qPrintable(failed[0][0].toString()));
        QCOMPARE(succeeded.count(), 1);
    }

    void reportModelListsProblems() {
        // A clean export, then broken: an RGB mask and a mask that no list names.
        amr::ui::VocExportChoices c;
        c.output = qs(root() / "out5");
        c.useGroundTruth = true;
        c.priority = amr::ui::defaultPriorityOrder();
        amr::voc::export_voc(amr::ui::makeExportPlan(c, m_dataset)->options);
        const fs::path voc = root() / "out5" / "VOCdevkit" / "VOC2012";
        const std::string rgbId = (*m_dataset)[1].id;
        QVERIFY(cv::imwrite((voc / "SegmentationClass" / (rgbId + ".png")).string(),
                            cv::Mat(64, 64, CV_8UC3, cv::Scalar(0, 0, 128))));
        fs::copy_file(voc / "SegmentationClass" / ((*m_dataset)[0].id + ".png"),
                      voc / "SegmentationClass" / "stray.png");

        amr::voc::VocValidateOptions options;
        options.dir = root() / "out5";
        const auto report = amr::voc::validate_voc(options);
        QVERIFY(report.errors() >= 1);
        QVERIFY(report.warnings() >= 1);

        amr::ui::ValidationReportDialog dialog(report);
        dialog.resize(1000, 360);
        saveScreenshot(dialog, "validation-report.png");
        ValidationReportModel* model = dialog.model();
        QCOMPARE(model->rowCount(), int(report.problems.size()));
        QCOMPARE(model->columnCount(), 3);
        QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("Severity"));
        QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("File"));
        QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Problem"));
        const QString rgbFile =
            QStringLiteral("SegmentationClass/%1.png").arg(QString::fromStdString(rgbId));
        int rgbRow = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->index(r, 1).data().toString() == rgbFile)
                rgbRow = r;
        QVERIFY2(rgbRow >= 0, "the RGB mask is reported with its path relative to VOC2012");
        QCOMPARE(model->index(rgbRow, 0).data().toString(), QStringLiteral("Error"));
        QVERIFY(!model->index(rgbRow, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(!model->index(rgbRow, 2).data().toString().isEmpty());
        QCOMPARE(model->index(rgbRow, 0).data(ValidationReportModel::AbsolutePathRole).toString(),
                 qs(voc / "SegmentationClass" / (rgbId + ".png")));

        const QString summary = QStringLiteral("%1 error%2, %3 warning%4 in 6 images")
                                    .arg(report.errors())
                                    .arg(report.errors() == 1 ? "" : "s")
                                    .arg(report.warnings())
                                    .arg(report.warnings() == 1 ? "" : "s");
        QCOMPARE(dialog.summaryText(), summary);
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("detailsLabel"))
                    ->text()
                    .endsWith(QStringLiteral("7 masks, 6 annotations, 3 list files; classes from "
                                             "classes.txt (10 classes)")));

        // Sorted by severity: every error before every warning, both directions.
        QSortFilterProxyModel* proxy = dialog.proxy();
        const int errors = int(report.errors());
        proxy->sort(0, Qt::AscendingOrder);
        for (int r = 0; r < proxy->rowCount(); ++r)
            QCOMPARE(proxy->index(r, 0).data().toString(),
                     r < errors ? QStringLiteral("Error") : QStringLiteral("Warning"));
        proxy->sort(0, Qt::DescendingOrder);
        QCOMPARE(proxy->index(0, 0).data().toString(), QStringLiteral("Warning"));

        dialog.setSeverityFilter(1);
        QCOMPARE(proxy->rowCount(), errors);
        dialog.setSeverityFilter(2);
        QCOMPARE(proxy->rowCount(), int(report.warnings()));
        dialog.setSeverityFilter(0);
        QCOMPARE(proxy->rowCount(), model->rowCount());

        // Copy: one tab-separated line per selected row.
        dialog.view()->selectAll();
        dialog.copySelection();
        const QStringList lines = QGuiApplication::clipboard()->text().split(u'\n');
        QCOMPARE(lines.size(), model->rowCount());
        QVERIFY(lines.contains(QStringLiteral("error\t%1\t%2")
                                   .arg(rgbFile, model->index(rgbRow, 2).data().toString())));
    }

    void importsMasksAsAVersion() {
        // Bad options stay in the dialog with the engine's message.
        ImportMasksDialogProbe probe(m_dataset);
        probe.dialog.findChild<QLineEdit*>(QStringLiteral("sourceEdit"))
            ->setText(qs(root() / "no-such-masks"));
        probe.dialog.accept();
        QVERIFY(probe.dialog.result() != QDialog::Accepted);
        QVERIFY2(probe.dialog.errorText().contains(QStringLiteral("no-such-masks")),
                 qPrintable(probe.dialog.errorText()));
        // The output follows the version until the user edits it.
        auto* combo = probe.dialog.findChild<QComboBox*>(QStringLiteral("versionCombo"));
        combo->setCurrentText(QStringLiteral("human"));
        QCOMPARE(probe.dialog.options().output, m_dataset->root() / "amr-masks" / "human");
        QCOMPARE(probe.dialog.options().version, std::string("human"));

        // A source with the demo's masks and one RGB mask: 5 imported, 1 refused.
        const fs::path source = root() / "import-src";
        fs::create_directories(source);
        const fs::path demoMasks = amr::voc::resolve_mask_folder(m_dataset->root());
        for (std::size_t i = 0; i < 5; ++i)
            fs::copy_file(demoMasks / ((*m_dataset)[i].id + ".png"),
                          source / ((*m_dataset)[i].id + ".png"));
        QVERIFY(cv::imwrite((source / ((*m_dataset)[5].id + ".png")).string(),
                            cv::Mat(64, 64, CV_8UC3, cv::Scalar(0, 0, 128))));
        probe.dialog.findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(qs(source));
        probe.dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))
            ->setText(qs(root() / "imported-masks"));
        combo->setCurrentText(QStringLiteral("imported"));
        probe.dialog.accept();
        QCOMPARE(probe.dialog.result(), int(QDialog::Accepted));
        const auto options = probe.dialog.options();
        QCOMPARE(options.output, root() / "imported-masks");  // edited: not replaced

        QWidget window;
        amr::ui::JobRunner runner;
        amr::ui::VocExportController controller(&runner, nullptr, &window);
        QSignalSpy done(&controller, &amr::ui::VocExportController::importSucceeded);
        controller.startImport(options, m_dataset);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
        QCOMPARE(done[0][0].toInt(), 5);
        QCOMPARE(done[0][1].toInt(), 1);
        QCOMPARE(countFiles(root() / "imported-masks", ".png"), std::size_t(5));
        QVERIFY(fs::exists(root() / "imported-masks" / "provenance.json"));
        QVERIFY(controller.summaryBox()->detailedText().contains(
            QString::fromStdString((*m_dataset)[5].id)));

        // The export dialog now offers the folder as the "imported" version.
        ExportVocDialog exportDialog(m_dataset);
        const auto c = exportDialog.choices();
        QCOMPARE(c.versionFolders.size(), 1);
        QCOMPARE(c.versionFolders[0].first, QStringLiteral("imported"));
        QCOMPARE(c.versionFolders[0].second, qs(root() / "imported-masks"));
    }

    void mainWindowOffersExportAndValidate() {
        amr::ui::MainWindow w;
        const auto& a = w.actions();
        QVERIFY(!a.exportVoc->isEnabled());  // no dataset yet
        QVERIFY(!a.importMasks->isEnabled());
        QCOMPARE(a.exportVoc->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
        QVERIFY(a.validateVoc->isEnabled());
        w.setDataset(m_dataset, qs(root() / "demo"));
        QVERIFY(a.exportVoc->isEnabled());
        QVERIFY(a.importMasks->isEnabled());
        QStringList fileMenu, toolsMenu;
        for (QAction* top : w.menuBar()->actions()) {
            QStringList& into = top->text() == QStringLiteral("&File")    ? fileMenu
                                : top->text() == QStringLiteral("&Tools") ? toolsMenu
                                                                          : m_unused;
            for (QAction* item : top->menu()->actions())
                into << item->text();
        }
        QVERIFY(fileMenu.contains(a.exportVoc->text()));
        QVERIFY(fileMenu.contains(a.importMasks->text()));
        QVERIFY(toolsMenu.contains(a.validateVoc->text()));
    }

    void screenshotOfTheDialog() {
        // Saves the docs' screenshot when AMR_SCREENSHOT_DIR is set; not a check, so no skip
        // (a skip would report the whole program as skipped).
        if (qEnvironmentVariableIsEmpty("AMR_SCREENSHOT_DIR"))
            return;
        ExportVocDialog dialog(m_dataset);
        dialog.findChild<QLineEdit*>(QStringLiteral("outputEdit"))
            ->setText(QStringLiteral("/home/ana/exports/shop-2024-05"));
        dialog.addVersionFolder(QStringLiteral("human"),
                                QStringLiteral("/home/ana/shop/masks/human"));
        dialog.addVersionFolder(QStringLiteral("cam"), QStringLiteral("/home/ana/shop/masks/cam"));
        dialog.findChild<QCheckBox*>(QStringLiteral("augCheck"))->setChecked(true);
        dialog
            .findChild<QRadioButton*>(QStringLiteral("existing%1").arg(int(ExistingOutput::Update)))
            ->click();
        saveScreenshot(dialog, "export-dialog-folders.png");
        amr::ui::ImportMasksDialog import(m_dataset);
        import.findChild<QLineEdit*>(QStringLiteral("sourceEdit"))
            ->setText(QStringLiteral("/home/ana/labelme-export"));
        saveScreenshot(import, "import-masks.png");
    }

private:
    fs::path root() const { return to_path(m_dir.path()); }

    QTemporaryDir m_dir;
    QStringList m_unused;
    std::shared_ptr<amr::data::Dataset> m_dataset;
};

QTEST_MAIN(TestExportDialogs)
#include "test_export_dialogs.moc"
