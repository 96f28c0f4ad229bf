#include "ui/editor/guided_ui.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

#include <nlohmann/json.hpp>

#include "engine/review/click_eval.h"
#include "ui/canvas/image_canvas.h"
#include "ui/canvas/qimage_convert.h"
#include "ui/editor/click_curve_dialog.h"
#include "ui/editor/editor_controller.h"
#include "ui/editor/guided_tool.h"
#include "ui/editor/mask_editor.h"

namespace amr::ui {

void connectGuidedTool(GuidedTool* tool, MaskEditor* editor, ImageCanvas* canvas,
                       QObject* controller, const std::function<void()>& restoreOverlay) {
    tool->setLabel(editor->label());
    QObject::connect(editor, &MaskEditor::labelChanged, tool,
                     [tool](int label) { tool->setLabel(std::uint8_t(label)); });
    QObject::connect(tool, &GuidedTool::previewReady, canvas, [canvas](const cv::Mat& labels) {
        canvas->setOverlay(overlayFromLabels(labels));
    });
    QObject::connect(tool, &GuidedTool::previewEnded, controller, restoreOverlay);
    QObject::connect(tool, &GuidedTool::repaintNeeded, canvas, qOverload<>(&QWidget::update));
    if (auto* c = qobject_cast<EditorController*>(controller))
        QObject::connect(tool, &GuidedTool::message, c, &EditorController::message);
}

std::string withGuidedClicks(const std::string& provenanceJson, const GuidedTool& tool) {
    const std::string guided = tool.provenanceJson();
    if (guided.empty())
        return provenanceJson;
    auto j = nlohmann::json::parse(provenanceJson, nullptr, false);
    if (!j.is_object())
        return provenanceJson;
    j["guided"] = nlohmann::json::parse(guided);
    return j.dump();
}

void openClickCurve(QWidget* parent) {
    QSettings settings;
    const QString key = QStringLiteral("editor/clickCurveFile");
    const QString file = QFileDialog::getOpenFileName(
        parent, QObject::tr("IoU per Click (amr eval-clicks --csv)"),
        settings.value(key).toString(), QObject::tr("CSV files (*.csv);;All files (*)"));
    if (file.isEmpty())
        return;
    settings.setValue(key, file);
    try {
        const auto curves = review::read_click_curve_csv(file.toStdString());
        auto* dialog = new ClickCurveDialog(parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setCurves(curves, QFileInfo(file).fileName());
        dialog->show();
    } catch (const std::exception& e) {
        QMessageBox::warning(parent, QObject::tr("IoU per Click"), QString::fromUtf8(e.what()));
    }
}

}  // namespace amr::ui
