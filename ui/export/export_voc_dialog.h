#pragma once
// File > Export to PASCAL VOC…: collects the export options (output folder, mask version
// folders, their priority, selection and flags, what to do with a non-empty folder), checks
// them with the engine before closing, and remembers them in QSettings. It writes nothing:
// the caller runs plan() through the JobRunner.
//
// Given a project (its mask counts and statuses read beforehand by a job), it exports from the
// project instead: the project's mask versions with their counts in a priority list to reorder
// and untick, a review-status filter, and a line stating what the export will write.

#include <QDialog>
#include <functional>
#include <memory>

#include "ui/export/export_plan.h"
#include "ui/export/project_export.h"

class QButtonGroup;
class QCheckBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace amr::ui {

class ExportVocDialog : public QDialog {
    Q_OBJECT
public:
    ExportVocDialog(std::shared_ptr<const amr::data::Dataset> dataset, QWidget* parent = nullptr);
    ExportVocDialog(std::shared_ptr<const amr::data::Dataset> dataset,
                    std::shared_ptr<const ProjectExportInfo> project, QWidget* parent = nullptr);

    bool isProjectMode() const { return m_project != nullptr; }
    // Project mode: the text stating how many images and which versions the export writes.
    QString planText() const;
    // "edited and accepted by a person" for "human", etc.
    static QString versionLabel(const QString& version);

    VocExportChoices choices() const;
    void setChoices(const VocExportChoices& choices);
    // Adds a row to the mask version table.
    void addVersionFolder(const QString& version, const QString& folder);
    // The checked options, set once the dialog was accepted.
    std::shared_ptr<VocExportPlan> plan() const { return m_plan; }
    // The inline message shown when the options are invalid (empty when they are fine).
    QString errorText() const;

    // Tests replace the overwrite confirmation (a modal question) with their own answer.
    void setOverwriteConfirmation(std::function<bool(const QString&)> confirm) {
        m_confirm = std::move(confirm);
    }

public Q_SLOTS:
    void accept() override;

private:
    void browseOutput();
    void browseVersionFolder();
    void browseOnlyIds();
    void removeVersionRow();
    void movePriority(int delta);
    void refreshPriorityItems();
    void buildProjectWidgets(QVBoxLayout* layout, QGroupBox* masksBox);
    void refreshProjectItems();
    void setProjectChoices(const VocExportChoices& choices);
    void moveProjectVersion(int delta);
    bool projectHasMasks(const QStringList& versions) const;
    void loadSettings();
    void saveSettings() const;
    void showError(const QString& text);

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    std::shared_ptr<const ProjectExportInfo> m_project;
    std::shared_ptr<VocExportPlan> m_plan;
    std::function<bool(const QString&)> m_confirm;
    QLineEdit* m_output;
    QTableWidget* m_versions;
    QCheckBox* m_groundTruth;
    QListWidget* m_priority;
    QLineEdit* m_onlyIds;
    QCheckBox* m_aug;
    QCheckBox* m_unmasked;
    QCheckBox* m_skipBad;
    QButtonGroup* m_existing;
    QLabel* m_existingHelp;
    QLabel* m_error;
    // Project mode only.
    QListWidget* m_projectVersions = nullptr;
    QCheckBox* m_statusFilter = nullptr;
    QList<QCheckBox*> m_statusChecks;  // in allReviewStatuses() order
    QLabel* m_planLabel = nullptr;
};

}  // namespace amr::ui
