#pragma once
// Glue of the Guided tool (guided_tool.h) to the editor, kept apart so that
// editor_controller.cpp only calls these.

#include <QString>
#include <functional>
#include <string>

class QObject;
class QWidget;

namespace amr::ui {

class GuidedTool;
class ImageCanvas;
class MaskEditor;

// Preview on the canvas while a click is held, the palette's class, status messages (through
// `controller`'s message signal, an EditorController).
void connectGuidedTool(GuidedTool* tool, MaskEditor* editor, ImageCanvas* canvas,
                       QObject* controller, const std::function<void()>& restoreOverlay);

// The human mask's provenance JSON with the guided clicks added ("guided": {...}).
std::string withGuidedClicks(const std::string& provenanceJson, const GuidedTool& tool);

// Asks for an `amr eval-clicks --csv` file and shows its curves (ClickCurveDialog).
void openClickCurve(QWidget* parent);

}  // namespace amr::ui
