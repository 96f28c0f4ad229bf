#pragma once
// The CAM viewer's view of an open project: its CAM store, mask versions, boundary and
// confidence folders, its settings ("cam.alpha", "cam.threshold") and sync_mask_version for
// "Apply to all". Each call opens its own connection, so the callbacks are safe on workers.

#include "ui/cam/review_sources.h"

namespace amr::ui {

class ProjectSession;

// Throws amr::Error when the project cannot be opened.
ReviewSources projectSources(const ProjectSession& session);
ReviewBackend projectBackend(const ProjectSession& session);

}  // namespace amr::ui
