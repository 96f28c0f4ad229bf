#include "ui/export/export_plan.h"

#include "engine/core/error.h"
#include "ui/export/project_export.h"

namespace amr::ui {
namespace {

const QString kGroundTruth = QString::fromUtf8(amr::voc::kVersionGroundTruth.data(),
                                               qsizetype(amr::voc::kVersionGroundTruth.size()));

std::filesystem::path toPath(const QString& s) {
    return std::filesystem::path(s.toStdU16String());
}

}  // namespace

QStringList defaultPriorityOrder() {
    QStringList order;
    for (const auto& v : amr::voc::known_mask_versions())
        order << QString::fromStdString(v);
    return order;
}

QStringList effectivePriority(const VocExportChoices& choices) {
    QStringList used;
    for (const QString& v : choices.priority) {
        bool has = v == kGroundTruth && choices.useGroundTruth;
        for (const auto& [version, folder] : choices.versionFolders)
            has = has || (version == v && !folder.trimmed().isEmpty());
        if (has && !used.contains(v))
            used << v;
    }
    return used;
}

namespace {

std::shared_ptr<VocExportPlan> makeProjectPlan(const VocExportChoices& choices,
                                               std::shared_ptr<const amr::data::Dataset> dataset) {
    auto plan = std::make_shared<VocExportPlan>();
    plan->dataset = std::move(dataset);
    plan->projectDir = choices.projectDir;
    plan->onlyStatuses = choices.onlyStatuses;
    amr::voc::VocExportOptions& o = plan->options;
    o.dataset = plan->dataset.get();
    o.output = toPath(choices.output.trimmed());
    o.priority.clear();
    for (const QString& v : choices.projectVersions)
        o.priority.push_back(v.toStdString());
    o.existing = choices.existing;
    o.write_aug = choices.writeAug;
    o.include_unmasked = choices.includeUnmasked;
    o.skip_bad = choices.skipBad;
    if (!o.dataset)
        throw amr::Error("export: no dataset is open");
    if (o.output.empty())
        throw amr::Error("export: no output folder given");
    if (o.priority.empty())
        throw amr::Error("export: tick at least one mask version of the project");
    return plan;
}

}  // namespace

void prepareExportPlan(VocExportPlan& plan) {
    if (plan.projectDir.isEmpty())
        return;
    plan.project = std::make_unique<amr::project::Project>(
        amr::project::Project::open(toPath(plan.projectDir)));
    plan.projectMasks = std::make_unique<amr::project::ProjectMaskSource>(*plan.project);
    plan.options.masks = plan.projectMasks.get();
    if (!plan.onlyStatuses.empty())
        plan.options.only_ids = idsWithStatus(*plan.project, *plan.dataset, plan.onlyStatuses);
    plan.options.check();
}

std::shared_ptr<VocExportPlan> makeExportPlan(const VocExportChoices& choices,
                                              std::shared_ptr<const amr::data::Dataset> dataset) {
    if (!choices.projectDir.isEmpty())
        return makeProjectPlan(choices, std::move(dataset));
    auto plan = std::make_shared<VocExportPlan>();
    plan->dataset = std::move(dataset);
    plan->masks = std::make_shared<amr::voc::FolderMaskSource>();
    for (const auto& [version, folder] : choices.versionFolders) {
        if (folder.trimmed().isEmpty())
            throw amr::Error("export: choose a folder for mask version '" + version.toStdString() +
                             "'");
        plan->masks->add_folder(version.toStdString(), toPath(folder.trimmed()));
    }
    // Versions the user placed after the end of the order still count, last.
    VocExportChoices ordered = choices;
    for (const QString& v : defaultPriorityOrder())
        if (!ordered.priority.contains(v))
            ordered.priority << v;

    amr::voc::VocExportOptions& o = plan->options;
    o.dataset = plan->dataset.get();
    o.masks = plan->masks.get();
    o.output = toPath(choices.output.trimmed());
    o.priority.clear();
    for (const QString& v : effectivePriority(ordered))
        o.priority.push_back(v.toStdString());
    if (!choices.onlyIdsFile.trimmed().isEmpty())
        o.only_ids = amr::voc::read_id_list(toPath(choices.onlyIdsFile.trimmed()));
    o.existing = choices.existing;
    o.write_aug = choices.writeAug;
    o.include_unmasked = choices.includeUnmasked;
    o.skip_bad = choices.skipBad;
    if (o.priority.empty())
        throw amr::Error(
            "export: no mask version to export; add a mask folder or tick the dataset's ground "
            "truth (gt)");
    o.check();
    return plan;
}

}  // namespace amr::ui
