#pragma once
// The export and validation flows of the main window: shows the export dialog, runs
// export_voc and validate_voc through the JobRunner (progress and Cancel in the status bar),
// and shows their outcome: a non-modal summary with Validate / Open Folder after an export, the
// report dialog after a validation, the error text in the banner when a job fails.

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QString>
#include <memory>

#include "engine/data/dataset.h"
#include "engine/export/voc_export.h"
#include "ui/export/validation_report_dialog.h"

class QWidget;

namespace amr::ui {

class Job;
class JobRunner;
class MessageBanner;
struct VocExportPlan;

class VocExportController : public QObject {
    Q_OBJECT
public:
    VocExportController(JobRunner* runner, MessageBanner* banner, QWidget* window);

    // File > Export to PASCAL VOC…: the dialog, then the export job when it is accepted.
    void exportDataset(std::shared_ptr<const amr::data::Dataset> dataset);
    // Tools > Validate PASCAL VOC Folder…: asks for a folder, then validates it.
    void chooseAndValidate();

    Job* startExport(std::shared_ptr<VocExportPlan> plan);
    Job* startValidation(const QString& dir);

    // The outcome of the last finished export, for the summary and tests.
    const amr::voc::VocExportResult& lastExport() const { return m_lastExport; }
    QMessageBox* summaryBox() const { return m_summary; }
    ValidationReportDialog* reportDialog() const { return m_report; }

    // "Exported 6 images (6 with masks): 6 written, 0 unchanged, …"
    static QString exportSummary(const amr::voc::VocExportResult& result);

signals:
    void exportSucceeded(const QString& vocRoot);
    void exportFailed(const QString& error);
    void validationShown();
    void validationFailed(const QString& error);

private:
    void showExportSummary(const amr::voc::VocExportResult& result);

    JobRunner* m_runner;
    MessageBanner* m_banner;
    QWidget* m_window;
    amr::voc::VocExportResult m_lastExport;
    QPointer<QMessageBox> m_summary;
    QPointer<ValidationReportDialog> m_report;
};

}  // namespace amr::ui
