#pragma once
// What the export dialog collects, and its translation into engine options. Kept apart from
// the dialog so the options can be built and checked without widgets, and so the objects the
// options point to (dataset, mask folders) live as long as the export job that uses them.

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <memory>

#include "engine/data/dataset.h"
#include "engine/export/mask_source.h"
#include "engine/export/voc_export.h"
#include "engine/project/project.h"

namespace amr::ui {

struct VocExportChoices {
    QString output;                                 // the folder to hold VOCdevkit/
    QList<QPair<QString, QString>> versionFolders;  // mask version -> folder of <id>.png
    bool useGroundTruth = false;                    // the dataset's own masks as version "gt"
    QStringList priority;  // every version in the user's order; unused ones are dropped
    QString onlyIdsFile;   // optional list of image ids to export
    bool writeAug = false;
    bool includeUnmasked = false;
    bool skipBad = false;
    amr::voc::ExistingOutput existing = amr::voc::ExistingOutput::Refuse;
    // Export from a project (versionFolders and onlyIdsFile are then unused): its mask
    // versions, ticked ones in priority order, and the review statuses to export (empty = all).
    QString projectDir;
    QStringList projectVersions;
    std::vector<amr::project::ReviewStatus> onlyStatuses;
};

// The priority order offered by default: human > refined > deeplab > cam > imported > gt.
QStringList defaultPriorityOrder();

// The versions of choices.priority that have masks: a folder, or "gt" when it is enabled.
QStringList effectivePriority(const VocExportChoices& choices);

struct VocExportPlan {
    std::shared_ptr<const amr::data::Dataset> dataset;
    std::shared_ptr<amr::voc::FolderMaskSource> masks;
    amr::voc::VocExportOptions options;  // points into dataset and masks
    // Project mode: the project is opened by prepareExportPlan on the export job's thread.
    QString projectDir;
    std::vector<amr::project::ReviewStatus> onlyStatuses;
    std::unique_ptr<amr::project::Project> project;
    std::unique_ptr<amr::project::ProjectMaskSource> projectMasks;
};

// Builds and checks (VocExportOptions::check) the engine options. Reads the id list file.
// Throws amr::Error explaining the first bad choice.
std::shared_ptr<VocExportPlan> makeExportPlan(const VocExportChoices& choices,
                                              std::shared_ptr<const amr::data::Dataset> dataset);

// Project mode only: opens the project, points options.masks at its mask versions, selects the
// images of the status filter (as `amr export-voc --project --only-status`) and checks the
// options. Runs inside the export job (one database connection per thread). Throws amr::Error.
void prepareExportPlan(VocExportPlan& plan);

}  // namespace amr::ui
