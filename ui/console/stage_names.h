#pragma once
// The engine's stage titles, descriptions and status words in the interface language. The
// engine (no Qt) names stages in English; the UI looks them up here by stage id, so lupdate
// sees every string (context "StageNames") and the console shows them translated.

#include <QString>
#include <string>

#include "engine/pipeline/pipeline.h"
#include "engine/project/project.h"

namespace amr::ui {

// "Train CAM network" for "train-cam", translated; the engine's title for an unknown id.
QString stageTitle(const std::string& stage);
QString stageTitle(const QString& stage);
// The one-sentence description of the stage, translated.
QString stageDescription(const std::string& stage);
// "started", "finished", … of a pipeline stage event, translated.
QString stageEventName(amr::pipeline::StageEvent::Kind kind);
// "running", "finished", … of a stored run, translated.
QString runStatusName(amr::project::RunStatus status);

}  // namespace amr::ui
