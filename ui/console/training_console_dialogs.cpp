// The training console's dialogs: a stage's options (queued on OK) and the pipeline's range and
// preset.

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>

#include "engine/core/error.h"
#include "engine/pipeline/pipeline.h"
#include "engine/project/project.h"
#include "ui/console/preset_labels.h"
#include "ui/console/stage_names.h"
#include "ui/console/stage_options_dialog.h"
#include "ui/console/training_console.h"

namespace amr::ui {

void TrainingConsole::openStageDialog(const QString& stage) {
    if (deferUntilProject([this, stage] { openStageDialog(stage); }))
        return;
    QString error;
    if (!ensureProject(&error)) {
        showError(error);
        return;
    }
    amr::pipeline::ProjectPaths paths;
    try {
        paths = amr::pipeline::ProjectPaths::of(
            amr::project::Project::open(m_projectDir.toStdString()));
    } catch (const amr::Error& e) {
        showError(QString::fromStdString(e.what()));
        return;
    }
    StageOptionsDialog dialog(stage, paths, this);
    if (dialog.exec() == QDialog::Accepted)
        enqueueStage(stage, dialog.preset(), dialog.optionsJson());
}

void TrainingConsole::openPipelineDialog() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Run Pipeline"));
    auto* preset = new QComboBox(&dialog);
    fillPresetCombo(preset);
    auto* from = new QComboBox(&dialog);
    auto* to = new QComboBox(&dialog);
    for (const auto& s : amr::pipeline::stages()) {
        from->addItem(stageTitle(s.name), QString::fromStdString(s.name));
        to->addItem(stageTitle(s.name), QString::fromStdString(s.name));
    }
    to->setCurrentIndex(int(amr::pipeline::stage_index("predict")));
    auto* form = new QFormLayout(&dialog);
    form->addRow(new QLabel(tr("Train → CAMs → seeds → IRNet → random walk → DeepLab → predict. "
                               "Finished stages are skipped; interrupted ones resume."),
                            &dialog));
    form->addRow(tr("Preset"), preset);
    form->addRow(tr("From"), from);
    form->addRow(tr("To"), to);
    form->addRow(tr("Device"),
                 new QLabel(QString::fromStdString(amr::pipeline::compute_device()), &dialog));
    form->addRow(tr("Processes"), new QLabel(QString::number(processes()), &dialog));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (from->currentIndex() > to->currentIndex()) {
        showError(tr("Pipeline: “From” (%1) comes after “To” (%2)")
                      .arg(from->currentText(), to->currentText()));
        return;
    }
    enqueuePipeline(preset->currentData().toString(), from->currentData().toString(),
                    to->currentData().toString());
}

}  // namespace amr::ui
