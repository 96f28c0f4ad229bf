#pragma once
// File > Export to PASCAL VOC…: collects the export options (output folder, mask version
// folders, their priority, selection and flags, what to do with a non-empty folder), checks
// them with the engine before closing, and remembers them in QSettings. It writes nothing:
// the caller runs plan() through the JobRunner.

#include <QDialog>
#include <functional>
#include <memory>

#include "ui/export/export_plan.h"

class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace amr::ui {

class ExportVocDialog : public QDialog {
    Q_OBJECT
public:
    ExportVocDialog(std::shared_ptr<const amr::data::Dataset> dataset, QWidget* parent = nullptr);

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

public slots:
    void accept() override;

private:
    void browseOutput();
    void browseVersionFolder();
    void browseOnlyIds();
    void removeVersionRow();
    void movePriority(int delta);
    void refreshPriorityItems();
    void loadSettings();
    void saveSettings() const;
    void showError(const QString& text);

    std::shared_ptr<const amr::data::Dataset> m_dataset;
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
};

}  // namespace amr::ui
