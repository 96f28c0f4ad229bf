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
};

// The priority order offered by default: human > refined > deeplab > cam > imported > gt.
QStringList defaultPriorityOrder();

// The versions of choices.priority that have masks: a folder, or "gt" when it is enabled.
QStringList effectivePriority(const VocExportChoices& choices);

struct VocExportPlan {
    std::shared_ptr<const amr::data::Dataset> dataset;
    std::shared_ptr<amr::voc::FolderMaskSource> masks;
    amr::voc::VocExportOptions options;  // points into dataset and masks
};

// Builds and checks (VocExportOptions::check) the engine options. Reads the id list file.
// Throws amr::Error explaining the first bad choice.
std::shared_ptr<VocExportPlan> makeExportPlan(const VocExportChoices& choices,
                                              std::shared_ptr<const amr::data::Dataset> dataset);

}  // namespace amr::ui
