// The training console's dialogs: a stage's options (queued on OK) and the pipeline's range,
// preset and α. Both start from the α tuned in the CAM viewer where the project has one.

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <cmath>

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
    const std::optional<double> tuned = tunedAlpha();
    if (tuned && (stage == QLatin1String("make-seeds") || stage == QLatin1String("refine")))
        dialog.setOverrides(QStringLiteral("{\"alpha\":%1}").arg(*tuned, 0, 'g', 6));
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
    // α of the seeds and the random walk: the one tuned in the CAM viewer, else the preset's.
    auto* alpha = new QDoubleSpinBox(&dialog);
    alpha->setObjectName(QStringLiteral("pipelineAlpha"));
    alpha->setRange(0.0, 1.0);
    alpha->setDecimals(2);
    alpha->setSingleStep(0.05);
    auto* alphaNote = new QLabel(&dialog);
    const std::optional<double> tuned = tunedAlpha();
    auto presetAlpha = [preset] {
        const QJsonObject defaults =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(
                    amr::pipeline::stage("make-seeds")
                        .defaults(preset->currentData().toString().toStdString())))
                .object();
        return defaults.value(QStringLiteral("alpha")).toDouble(0.5);
    };
    if (tuned) {
        alpha->setValue(*tuned);
        alphaNote->setText(tr("tuned in the CAM viewer"));
    } else {
        alpha->setValue(presetAlpha());
        alphaNote->setText(tr("the preset's (tune it in the CAM viewer)"));
        connect(preset, &QComboBox::currentIndexChanged, alpha,
                [alpha, presetAlpha] { alpha->setValue(presetAlpha()); });
    }
    auto* alphaRow = new QHBoxLayout;
    alphaRow->addWidget(alpha);
    alphaRow->addWidget(alphaNote, 1);
    form->addRow(tr("α (seeds, random walk)"), alphaRow);
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
    // The preset's α is left to the preset, so that its runs' options stay as they were.
    const bool ownAlpha = tuned || std::abs(alpha->value() - presetAlpha()) > 1e-6;
    enqueuePipeline(preset->currentData().toString(), from->currentData().toString(),
                    to->currentData().toString(), {},
                    ownAlpha ? std::optional<double>(alpha->value()) : std::nullopt);
}

}  // namespace amr::ui
