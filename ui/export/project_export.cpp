#include "ui/export/project_export.h"

#include <QCoreApplication>
#include <algorithm>

namespace amr::ui {
namespace {

using amr::project::ReviewStatus;

ReviewStatus statusOf(const ProjectExportInfo& info, const std::string& id) {
    auto it = info.statuses.find(id);
    return it == info.statuses.end() ? ReviewStatus::New : it->second;
}

bool hasMask(const ProjectExportInfo& info, const std::string& version, const std::string& id) {
    if (version == amr::voc::kVersionGroundTruth)
        return info.groundTruthIds.count(id) > 0;
    auto it = info.ids.find(version);
    return it != info.ids.end() && it->second.count(id) > 0;
}

}  // namespace

const std::vector<ReviewStatus>& allReviewStatuses() {
    static const std::vector<ReviewStatus> all = {ReviewStatus::New, ReviewStatus::Accepted,
                                                  ReviewStatus::Corrected, ReviewStatus::NeedsWork};
    return all;
}

QString reviewStatusName(ReviewStatus status) {
    return QString::fromLatin1(amr::project::to_string(status));
}

ProjectExportInfo loadProjectExportInfo(const QString& projectDir,
                                        const amr::data::Dataset& dataset,
                                        const amr::JobContext& ctx) {
    ProjectExportInfo info;
    info.projectDir = projectDir;
    const auto project =
        amr::project::Project::open(std::filesystem::path(projectDir.toStdU16String()));
    ctx.check_cancel();
    info.maskCounts = project.mask_counts();
    for (const auto& r : project.all_masks())
        info.ids[r.version].insert(r.image_id);
    for (const auto& s : project.image_states())
        info.statuses[s.id] = s.status;
    for (const auto& rec : dataset.images()) {
        info.imageIds.push_back(rec.id);
        if (rec.mask)
            info.groundTruthIds.insert(rec.id);
    }
    return info;
}

std::vector<std::string> idsWithStatus(const amr::project::Project& project,
                                       const amr::data::Dataset& dataset,
                                       const std::vector<ReviewStatus>& statuses) {
    std::map<std::string, ReviewStatus> stored;
    for (const auto& s : project.image_states())
        stored[s.id] = s.status;
    std::vector<std::string> ids;
    for (const auto& rec : dataset.images()) {
        auto it = stored.find(rec.id);
        const ReviewStatus status = it == stored.end() ? ReviewStatus::New : it->second;
        if (std::find(statuses.begin(), statuses.end(), status) != statuses.end())
            ids.push_back(rec.id);
    }
    return ids;
}

ProjectPlanCounts countProjectPlan(const ProjectExportInfo& info, const QStringList& versions,
                                   const std::vector<ReviewStatus>& statuses) {
    ProjectPlanCounts c;
    for (const std::string& id : info.imageIds) {
        if (!statuses.empty() &&
            std::find(statuses.begin(), statuses.end(), statusOf(info, id)) == statuses.end()) {
            ++c.notSelected;
            continue;
        }
        ++c.selected;
        bool found = false;
        for (const QString& v : versions) {
            const std::string version = v.toStdString();
            if (hasMask(info, version, id)) {
                ++c.byVersion[version];
                found = true;
                break;
            }
        }
        ++(found ? c.withMask : c.withoutMask);
    }
    return c;
}

QString describeProjectPlan(const ProjectExportInfo& info, const QStringList& versions,
                            const std::vector<ReviewStatus>& statuses, bool includeUnmasked) {
    const ProjectPlanCounts c = countProjectPlan(info, versions, statuses);
    QStringList names;
    for (ReviewStatus s : statuses)
        names << reviewStatusName(s);
    const QString filter = statuses.empty()
                               ? QCoreApplication::translate("ProjectExport", "all review statuses")
                               : names.join(QStringLiteral(" %1 ").arg(
                                     QCoreApplication::translate("ProjectExport", "or")));
    QStringList parts;
    for (const QString& v : versions) {
        auto it = c.byVersion.find(v.toStdString());
        if (it != c.byVersion.end())
            parts << QStringLiteral("%1 (%2)").arg(v).arg(it->second);
    }
    const std::size_t exported = includeUnmasked ? c.selected : c.withMask;
    QString text = QCoreApplication::translate("ProjectExport", "Will export %1 of %2 images (%3)")
                       .arg(exported)
                       .arg(info.imageIds.size())
                       .arg(filter);
    text += parts.isEmpty() ? QCoreApplication::translate("ProjectExport", ", none with a mask.")
                            : QCoreApplication::translate("ProjectExport", " with masks from %1.")
                                  .arg(parts.join(QStringLiteral(", ")));
    if (c.withoutMask)
        text += u' ' +
                (includeUnmasked
                     ? QCoreApplication::translate("ProjectExport",
                                                   "%1 of them have no mask in the ticked versions "
                                                   "(image and XML only).")
                     : QCoreApplication::translate("ProjectExport",
                                                   "%1 selected images have no mask in the ticked "
                                                   "versions and are left out."))
                    .arg(c.withoutMask);
    return text;
}

}  // namespace amr::ui
