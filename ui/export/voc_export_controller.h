#pragma once
// The export and validation flows of the main window: shows the export dialog, runs
// export_voc and validate_voc through the JobRunner (progress and Cancel in the status bar),
// and shows their outcome: a non-modal summary with Validate / Open Folder after an export, the
// report dialog after a validation, the error text in the banner when a job fails. Also
// the import of existing masks as a mask version.

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QString>
#include <functional>
#include <memory>

#include "engine/data/dataset.h"
#include "engine/export/mask_import.h"
#include "engine/export/voc_export.h"
#include "ui/export/validation_report_dialog.h"
#include "ui/jobs/job_runner.h"

class QWidget;

namespace amr::ui {

class ExportVocDialog;
class MessageBanner;
struct VocExportPlan;

class VocExportController : public QObject {
    Q_OBJECT
public:
    VocExportController(JobRunner* runner, MessageBanner* banner, QWidget* window);

    // File > Export to PASCAL VOC…: the dialog, then the export job when it is accepted.
    void exportDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    // The same for an open project (its dataset): a job reads the project's mask counts and
    // review statuses, then the dialog offers them; the export job reopens the project.
    Job* exportProject(std::shared_ptr<const amr::data::Dataset> dataset,
                       const QString& projectDir);
    // Tools > Validate PASCAL VOC Folder…: asks for a folder, then validates it.
    void chooseAndValidate();

    Job* startExport(std::shared_ptr<VocExportPlan> plan);
    Job* startValidation(const QString& dir);
    // File > Import Masks…: the dialog, then the import job when it is accepted.
    void importMasks(std::shared_ptr<const amr::data::Dataset> dataset);
    // Runs import_masks; `dataset` is the one options.dataset points to (kept alive here).
    Job* startImport(const amr::voc::MaskImportOptions& options,
                     std::shared_ptr<const amr::data::Dataset> dataset);

    // The outcome of the last finished export, for the summary and tests.
    const amr::voc::VocExportResult& lastExport() const { return m_lastExport; }
    QMessageBox* summaryBox() const { return m_summary; }
    ValidationReportDialog* reportDialog() const { return m_report; }

    // "Exported 6 images (6 with masks): 6 written, 0 unchanged, …"
    static QString exportSummary(const amr::voc::VocExportResult& result);

    // Tests answer the dialog instead of a person: called with the open dialog instead of
    // exec(); return true to accept it (its plan() is then exported).
    void setDialogHook(std::function<bool(ExportVocDialog&)> hook) {
        m_dialogHook = std::move(hook);
    }

Q_SIGNALS:
    void exportSucceeded(const QString& vocRoot);
    void exportFailed(const QString& error);
    void validationShown();
    void validationFailed(const QString& error);
    void importSucceeded(int imported, int refused);
    void importFailed(const QString& error);

private:
    void runDialog(ExportVocDialog& dialog);
    void showExportSummary(const amr::voc::VocExportResult& result);
    void showImportSummary(const amr::voc::MaskImportOptions& options,
                           const amr::voc::MaskImportResult& result);
    void showJobError(const QString& what, Job::State state, const QString& error);

    JobRunner* m_runner;
    MessageBanner* m_banner;
    QWidget* m_window;
    amr::voc::VocExportResult m_lastExport;
    QPointer<QMessageBox> m_summary;
    QPointer<ValidationReportDialog> m_report;
    std::function<bool(ExportVocDialog&)> m_dialogHook;
};

}  // namespace amr::ui
