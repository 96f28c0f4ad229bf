#pragma once
// Export from an open project: what the export dialog shows about the project (mask versions
// with their counts, review statuses) and the plan text it states before exporting. The numbers
// are read once by a job (loadProjectExportInfo) so the dialog does no I/O; the export job
// itself reopens the project on its own thread (see prepareExportPlan in export_plan.h).

#include <QString>
#include <QStringList>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/dataset.h"
#include "engine/project/project.h"

namespace amr::ui {

struct ProjectExportInfo {
    QString projectDir;
    std::map<std::string, std::size_t> maskCounts;     // Project::mask_counts()
    std::map<std::string, std::set<std::string>> ids;  // version -> ids with a recorded mask
    std::vector<std::string> imageIds;                 // the dataset's ids, in order
    std::set<std::string> groundTruthIds;              // ids with a mask in the dataset ("gt")
    std::map<std::string, amr::project::ReviewStatus> statuses;  // stored ones; others are new
};

// Reads the project's masks and statuses (a few queries) for `dataset`.
ProjectExportInfo loadProjectExportInfo(const QString& projectDir,
                                        const amr::data::Dataset& dataset,
                                        const amr::JobContext& ctx = {});

// The review statuses in their usual order, and their names as the CLI spells them.
const std::vector<amr::project::ReviewStatus>& allReviewStatuses();
QString reviewStatusName(amr::project::ReviewStatus status);

// Ids of `dataset` whose status is one of `statuses` (never-touched images are new), like
// `amr export-voc --only-status`.
std::vector<std::string> idsWithStatus(const amr::project::Project& project,
                                       const amr::data::Dataset& dataset,
                                       const std::vector<amr::project::ReviewStatus>& statuses);

// What an export of `info` with these versions (in priority order) and status filter (empty =
// all images) would write.
struct ProjectPlanCounts {
    std::size_t selected = 0;                      // images passing the status filter
    std::size_t withMask = 0;                      // of those, with a mask in a ticked version
    std::size_t withoutMask = 0;                   // of those, without
    std::size_t notSelected = 0;                   // images left out by the status filter
    std::map<std::string, std::size_t> byVersion;  // masks each version contributes
};
ProjectPlanCounts countProjectPlan(const ProjectExportInfo& info, const QStringList& versions,
                                   const std::vector<amr::project::ReviewStatus>& statuses);

// "Will export 3 of 6 images (accepted or corrected) with masks from human (2), refined (1)…"
QString describeProjectPlan(const ProjectExportInfo& info, const QStringList& versions,
                            const std::vector<amr::project::ReviewStatus>& statuses,
                            bool includeUnmasked);

}  // namespace amr::ui
