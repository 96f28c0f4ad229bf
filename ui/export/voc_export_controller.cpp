#include "ui/export/voc_export_controller.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QUrl>

#include "engine/export/voc_validate.h"
#include "ui/export/export_plan.h"
#include "ui/export/export_voc_dialog.h"
#include "ui/export/import_masks_dialog.h"
#include "ui/export/validation_report_dialog.h"
#include "ui/jobs/job_runner.h"
#include "ui/widgets/message_banner.h"

namespace amr::ui {
namespace {

const char* kValidateFolderKey = "validateVoc/lastFolder";
const char* kExportVersionsKey = "exportVoc/versionFolders";  // see ExportVocDialog

QString fromPath(const std::filesystem::path& p) {
    return QDir::toNativeSeparators(QString::fromStdString(p.string()));
}

}  // namespace

VocExportController::VocExportController(JobRunner* runner, MessageBanner* banner, QWidget* window)
    : QObject(window), m_runner(runner), m_banner(banner), m_window(window) {}

void VocExportController::exportDataset(std::shared_ptr<const amr::data::Dataset> dataset) {
    if (!dataset)
        return;
    ExportVocDialog dialog(std::move(dataset), m_window);
    runDialog(dialog);
}

void VocExportController::runDialog(ExportVocDialog& dialog) {
    const bool accepted = m_dialogHook ? m_dialogHook(dialog) : dialog.exec() == QDialog::Accepted;
    if (accepted && dialog.plan())
        startExport(dialog.plan());
}

Job* VocExportController::exportProject(std::shared_ptr<const amr::data::Dataset> dataset,
                                        const QString& projectDir) {
    if (!dataset)
        return nullptr;
    auto info = std::make_shared<ProjectExportInfo>();
    Job* job = m_runner->start(tr("Reading the project"),
                               [dataset, projectDir, info](const amr::JobContext& ctx) {
                                   *info = loadProjectExportInfo(projectDir, *dataset, ctx);
                               });
    connect(job, &Job::finished, this,
            [this, dataset, info](Job::State state, const QString& error) {
                if (state == Job::State::Succeeded) {
                    // Queued: the reading job leaves the status bar before the dialog opens.
                    QMetaObject::invokeMethod(
                        this,
                        [this, dataset, info] {
                            ExportVocDialog dialog(dataset, info, m_window);
                            runDialog(dialog);
                        },
                        Qt::QueuedConnection);
                } else if (state != Job::State::Running) {
                    showJobError(tr("Reading the project"), state, error);
                    emit exportFailed(state == Job::State::Failed ? error : tr("cancelled"));
                }
            });
    return job;
}

Job* VocExportController::startExport(std::shared_ptr<VocExportPlan> plan) {
    auto result = std::make_shared<amr::voc::VocExportResult>();
    Job* job =
        m_runner->start(tr("Exporting to PASCAL VOC"), [plan, result](const amr::JobContext& ctx) {
            prepareExportPlan(*plan);  // a project is opened on this thread
            *result = amr::voc::export_voc(plan->options, ctx);
        });
    connect(job, &Job::finished, this, [this, result](Job::State state, const QString& error) {
        switch (state) {
            case Job::State::Succeeded:
                m_lastExport = *result;
                showExportSummary(*result);
                emit exportSucceeded(fromPath(result->voc_root));
                break;
            case Job::State::Failed:
                showJobError(tr("The export"), state, error);
                emit exportFailed(error);
                break;
            case Job::State::Cancelled:
                if (m_banner)
                    m_banner->showMessage(
                        tr("The export was cancelled. Export again with Update to resume it."),
                        MessageBanner::Level::Info);
                emit exportFailed(tr("cancelled"));
                break;
            case Job::State::Running:
                break;
        }
    });
    return job;
}

QString VocExportController::exportSummary(const amr::voc::VocExportResult& r) {
    QStringList versions;
    for (const auto& [v, n] : r.by_version)
        versions << QStringLiteral("%1 %2").arg(QString::fromStdString(v)).arg(n);
    QString text =
        tr("Exported %1 images (%2 with masks%3).")
            .arg(r.exported)
            .arg(r.with_mask)
            .arg(versions.isEmpty() ? QString() : QStringLiteral(": ") + versions.join(u", "));
    text += u'\n' +
            tr("Written %1, unchanged since the last export %2.").arg(r.written).arg(r.unchanged);
    if (r.not_selected)
        text += u'\n' + tr("%1 images left out by the selection.").arg(r.not_selected);
    if (r.without_mask)
        text += u'\n' +
                tr("%1 images have no mask in any version of the priority.").arg(r.without_mask);
    if (!r.skipped.empty())
        text +=
            u'\n' + tr("%1 images skipped because of a bad mask or image.").arg(r.skipped.size());
    if (!r.notes.empty())
        text += u'\n' + tr("%1 notes (see Details).").arg(r.notes.size());
    return text;
}

void VocExportController::showExportSummary(const amr::voc::VocExportResult& r) {
    if (m_summary)
        m_summary->close();
    auto* box = new QMessageBox(QMessageBox::Information, tr("Export Finished"), exportSummary(r),
                                QMessageBox::Close, m_window);
    box->setObjectName(QStringLiteral("exportSummary"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->setInformativeText(tr("Folder: %1").arg(fromPath(r.voc_root)));
    box->setStyleSheet(QStringLiteral(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 520px; }"));
    QStringList details;
    for (const auto& s : r.skipped)
        details << tr("skipped: %1").arg(QString::fromStdString(s));
    for (const auto& n : r.notes)
        details << tr("note: %1").arg(QString::fromStdString(n));
    if (!details.isEmpty())
        box->setDetailedText(details.join(u'\n'));
    QPushButton* validate = box->addButton(tr("Validate"), QMessageBox::ActionRole);
    QPushButton* open = box->addButton(tr("Open Folder"), QMessageBox::ActionRole);
    validate->setObjectName(QStringLiteral("validateButton"));
    open->setObjectName(QStringLiteral("openFolderButton"));
    const QString root = fromPath(r.voc_root);
    connect(box, &QMessageBox::buttonClicked, this, [this, validate, open, root](auto* button) {
        if (button == validate)
            startValidation(root);
        else if (button == open)
            QDesktopServices::openUrl(QUrl::fromLocalFile(root));
    });
    m_summary = box;
    box->show();
}

void VocExportController::chooseAndValidate() {
    QSettings s;
    const QString dir = QFileDialog::getExistingDirectory(
        m_window, tr("Validate PASCAL VOC Folder (VOCdevkit, VOC2012 or the folder above)"),
        s.value(QLatin1String(kValidateFolderKey), QDir::homePath()).toString());
    if (dir.isEmpty())
        return;
    s.setValue(QLatin1String(kValidateFolderKey), dir);
    startValidation(dir);
}

Job* VocExportController::startValidation(const QString& dir) {
    auto report = std::make_shared<amr::voc::VocValidateReport>();
    amr::voc::VocValidateOptions options;
    options.dir = std::filesystem::path(dir.toStdU16String());
    Job* job = m_runner->start(tr("Validating %1").arg(QDir::toNativeSeparators(dir)),
                               [options, report](const amr::JobContext& ctx) {
                                   options.check();
                                   *report = amr::voc::validate_voc(options, ctx);
                               });
    connect(job, &Job::finished, this, [this, report](Job::State state, const QString& error) {
        if (state == Job::State::Succeeded) {
            if (m_report)
                m_report->close();
            auto* dialog = new ValidationReportDialog(*report, m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            m_report = dialog;
            dialog->show();
            emit validationShown();
        } else if (state == Job::State::Failed) {
            showJobError(tr("The validation"), state, error);
            emit validationFailed(error);
        }
    });
    return job;
}

void VocExportController::showJobError(const QString& what, Job::State state,
                                       const QString& error) {
    if (!m_banner)
        return;
    if (state == Job::State::Cancelled)
        m_banner->showMessage(tr("%1 was cancelled.").arg(what), MessageBanner::Level::Info);
    else
        m_banner->showMessage(tr("%1 failed. %2").arg(what, error), MessageBanner::Level::Error);
}

void VocExportController::importMasks(std::shared_ptr<const amr::data::Dataset> dataset) {
    if (!dataset)
        return;
    ImportMasksDialog dialog(dataset, m_window);
    if (dialog.exec() == QDialog::Accepted)
        startImport(dialog.options(), std::move(dataset));
}

Job* VocExportController::startImport(const amr::voc::MaskImportOptions& options,
                                      std::shared_ptr<const amr::data::Dataset> dataset) {
    auto result = std::make_shared<amr::voc::MaskImportResult>();
    Job* job = m_runner->start(tr("Importing masks"),
                               [options, dataset, result](const amr::JobContext& ctx) {
                                   *result = amr::voc::import_masks(options, ctx);
                               });
    connect(job, &Job::finished, this,
            [this, options, result](Job::State state, const QString& error) {
                if (state == Job::State::Succeeded) {
                    showImportSummary(options, *result);
                    emit importSucceeded(int(result->imported), int(result->refused));
                } else if (state != Job::State::Running) {
                    showJobError(tr("The import"), state, error);
                    emit importFailed(state == Job::State::Failed ? error : tr("cancelled"));
                }
            });
    return job;
}

void VocExportController::showImportSummary(const amr::voc::MaskImportOptions& options,
                                            const amr::voc::MaskImportResult& r) {
    const QString version = QString::fromStdString(options.version);
    const QString folder = fromPath(options.output);
    QString text = tr("Imported %1 masks as version '%2'.").arg(r.imported).arg(version);
    if (r.refused)
        text += u'\n' + tr("%1 files refused (see Details).").arg(r.refused);
    // Offer the new folder in the export dialog, unless that version already has one there.
    QSettings s;
    QStringList specs = s.value(QLatin1String(kExportVersionsKey)).toStringList();
    bool known = false;
    for (const QString& spec : specs)
        known = known || spec.section(u'=', 0, 0) == version;
    if (!known && r.imported) {
        specs << version + u'=' + folder;
        s.setValue(QLatin1String(kExportVersionsKey), specs);
        text +=
            u'\n' + tr("Export to PASCAL VOC now offers this folder as version '%1'.").arg(version);
    }
    auto* box = new QMessageBox(r.imported ? QMessageBox::Information : QMessageBox::Warning,
                                tr("Import Finished"), text, QMessageBox::Close, m_window);
    box->setObjectName(QStringLiteral("importSummary"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->setInformativeText(tr("Folder: %1").arg(folder));
    box->setStyleSheet(QStringLiteral(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 520px; }"));
    QStringList details;
    for (const auto& p : r.problems)
        details << QString::fromStdString(p.to_string());
    if (!details.isEmpty())
        box->setDetailedText(details.join(u'\n'));
    m_summary = box;
    box->show();
}

}  // namespace amr::ui
