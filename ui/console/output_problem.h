#pragma once
// Degenerate stage output in words, with what to do about it: shared by the training console
// (after a stage) and the CAM viewer (for the store it shows).

#include <QString>

#include "engine/pipeline/output_check.h"

namespace amr::ui {

// Empty for OutputProblem::None. `stage` is the registry name of the stage that wrote it.
QString outputProblemText(amr::pipeline::OutputProblem problem, const QString& stage, int sampled);

}  // namespace amr::ui
