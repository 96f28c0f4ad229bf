#pragma once
// File > Import Masks…: collects where existing label masks come from (a VOC dataset, a
// SegmentationClass folder or a folder of <id>.png), the mask version they become and the
// folder to write them to; checks the options with the engine before closing. The caller runs
// import_masks through the JobRunner.

#include <QDialog>
#include <memory>

#include "engine/data/dataset.h"
#include "engine/export/mask_import.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace amr::ui {

class ImportMasksDialog : public QDialog {
    Q_OBJECT
public:
    ImportMasksDialog(std::shared_ptr<const amr::data::Dataset> dataset, QWidget* parent = nullptr);

    // The options as the widgets say now (not checked).
    amr::voc::MaskImportOptions options() const;
    QString errorText() const;

public Q_SLOTS:
    void accept() override;

private:
    void browseSource();
    void browseOutput();
    void suggestOutput();

    std::shared_ptr<const amr::data::Dataset> m_dataset;
    QLineEdit* m_source;
    QComboBox* m_version;
    QLineEdit* m_output;
    QCheckBox* m_update;
    QLabel* m_error;
    QString m_suggestion;  // the output folder we proposed last
};

}  // namespace amr::ui
