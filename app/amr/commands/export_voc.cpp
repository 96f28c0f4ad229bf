// amr export-voc: writes a PASCAL VOC 2012 tree that torchvision and mmsegmentation read as is.

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/export/voc_export.h"
#include "engine/project/project.h"

namespace amr::cli {
namespace {

namespace fs = std::filesystem;

struct ExportArgs {
    std::string dataset;
    std::string out;
    std::vector<std::string> masks;
    std::string priority;
    std::string only_ids;
    std::string project;
    std::string only_status;
    bool update = false;
    bool overwrite = false;
    bool aug = false;
    bool all_images = false;
    bool skip_bad = false;
    int min_box_area = 16;
    int jpeg_quality = 95;
    int jobs = 0;
};

constexpr std::size_t kNotesShown = 20;

// Ids of `dataset` whose review status is in the comma-separated `list` (images the project
// never touched count as "new").
std::vector<std::string> ids_with_status(const project::Project& p, const data::Dataset& dataset,
                                         const std::string& list) {
    std::vector<project::ReviewStatus> wanted;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string::npos)
            comma = list.size();
        const std::string name = list.substr(start, comma - start);
        start = comma + 1;
        if (!name.empty())
            wanted.push_back(project::parse_review_status(name, "--only-status"));
    }
    if (wanted.empty())
        throw Error("--only-status: names no review status (e.g. accepted,corrected)");
    std::map<std::string, project::ReviewStatus> stored;
    for (const auto& s : p.image_states())
        stored[s.id] = s.status;
    std::vector<std::string> ids;
    for (const auto& rec : dataset.images()) {
        auto it = stored.find(rec.id);
        const auto status = it == stored.end() ? project::ReviewStatus::New : it->second;
        if (std::find(wanted.begin(), wanted.end(), status) != wanted.end())
            ids.push_back(rec.id);
    }
    return ids;
}

void run_export(const ExportArgs& args) {
    std::optional<project::Project> proj;
    if (!args.project.empty())
        proj.emplace(project::Project::open(args.project));
    else if (!args.only_status.empty())
        throw Error("--only-status needs --project: review statuses live in a project");
    if (args.dataset.empty() && !proj)
        throw Error("give the dataset with --dataset, or a project with --project");
    const data::Dataset dataset =
        data::open_dataset(args.dataset.empty() ? proj->dataset() : fs::path(args.dataset));
    for (const auto& w : dataset.warnings())
        std::fprintf(stderr, "warning: %s\n", w.c_str());

    voc::FolderMaskSource folder_masks;
    for (const auto& spec : args.masks)
        folder_masks.add_spec(spec);
    std::unique_ptr<project::ProjectMaskSource> project_masks;
    if (proj)
        project_masks = std::make_unique<project::ProjectMaskSource>(*proj);
    const voc::FolderMaskSource& masks = folder_masks;
    voc::VocExportOptions options;
    options.dataset = &dataset;
    options.masks =
        project_masks ? static_cast<const voc::MaskSource*>(project_masks.get()) : &folder_masks;
    options.output = args.out;
    if (!args.priority.empty())
        options.priority = voc::parse_mask_priority(args.priority, "--priority");
    // A folder the priority never consults would be silently ignored: say so instead.
    for (const auto& [version, folder] : masks.folders())
        if (std::find(options.priority.begin(), options.priority.end(), version) ==
            options.priority.end())
            throw Error(folder, "is given for mask version '" + version +
                                    "', which is not in the priority list; add it with "
                                    "--priority (e.g. --priority human," +
                                    version + ")");
    if (!args.only_ids.empty()) {
        auto ids = voc::read_id_list(args.only_ids);
        for (const auto& id : ids)
            if (dataset.find(id) < 0)
                throw Error(args.only_ids, "lists '" + id + "', which is not an image of " +
                                               dataset.root().string());
        options.only_ids = std::move(ids);
    }
    if (!args.only_status.empty())
        options.only_ids = ids_with_status(*proj, dataset, args.only_status);
    options.existing = args.overwrite ? voc::ExistingOutput::Overwrite
                       : args.update  ? voc::ExistingOutput::Update
                                      : voc::ExistingOutput::Refuse;
    options.write_aug = args.aug;
    options.include_unmasked = args.all_images;
    options.skip_bad = args.skip_bad;
    options.min_box_area = args.min_box_area;
    options.jpeg_quality = args.jpeg_quality;
    options.threads = args.jobs;
    options.check();

    const voc::VocExportResult r = voc::export_voc(options, terminal_job("export-voc"));
    finish_progress();

    std::string versions;
    for (const auto& [v, n] : r.by_version)
        versions += (versions.empty() ? "" : ", ") + v + " " + std::to_string(n);
    std::printf("exported %zu images to %s (%zu with masks%s%s)\n", r.exported, r.voc_root.c_str(),
                r.with_mask, versions.empty() ? "" : ": ", versions.c_str());
    std::printf("written %zu, unchanged since the last export %zu\n", r.written, r.unchanged);
    std::printf("lists: train %zu, val %zu, trainval %zu\n", r.train, r.val, r.trainval);
    if (r.not_selected && !args.only_status.empty())
        std::printf("%zu images not %s\n", r.not_selected, args.only_status.c_str());
    else if (r.not_selected)
        std::printf("%zu images not in %s\n", r.not_selected, args.only_ids.c_str());
    if (r.without_mask)
        std::printf("%zu images have no mask in any version of the priority%s\n", r.without_mask,
                    args.all_images ? " (exported without a mask)" : " and were left out");
    for (std::size_t i = 0; i < r.notes.size() && i < kNotesShown; ++i)
        std::printf("note: %s\n", r.notes[i].c_str());
    if (r.notes.size() > kNotesShown)
        std::printf("note: ... and %zu more notes\n", r.notes.size() - kNotesShown);
    for (const auto& s : r.skipped)
        std::fprintf(stderr, "skipped: %s\n", s.c_str());
    if (!r.skipped.empty())
        std::fprintf(stderr, "%zu images skipped because of bad input (listed above)\n",
                     r.skipped.size());
}

}  // namespace

void add_export_voc_command(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand(
        "export-voc",
        "Export images, masks, image lists and annotation XML as PASCAL VOC 2012 "
        "(OUT/VOCdevkit/VOC2012), readable unchanged by torchvision and mmsegmentation");
    cmd->add_option("--dataset", args->dataset,
                    "The dataset folder (VOC or plain folder); default with --project: the "
                    "project's dataset");
    cmd->add_option("--out", args->out, "Folder to write VOCdevkit/ into")->required();
    auto* masks =
        cmd->add_option("--masks", args->masks,
                        "A mask version folder of <id>.png, as VERSION=FOLDER (human, refined, "
                        "deeplab, cam, imported); repeat for several versions");
    cmd->add_option("--priority", args->priority,
                    "Mask versions to try per image, first found wins (default "
                    "human,refined,deeplab,cam; 'gt' is the dataset's own ground truth)");
    auto* only_ids = cmd->add_option("--only-ids", args->only_ids,
                                     "Export only the image ids listed in this file, one per "
                                     "line (e.g. the reviewed images)");
    auto* project = cmd->add_option(
        "--project", args->project,
        "Take the mask versions (masks/<version>/ with their provenance) and the dataset from "
        "this project folder");
    auto* only_status = cmd->add_option(
        "--only-status", args->only_status,
        "With --project: export only images whose review status is in this list, e.g. "
        "accepted,corrected (new, accepted, corrected, needs-work)");
    only_status->needs(project);
    masks->excludes(project);
    only_status->excludes(only_ids);
    auto* update = cmd->add_flag("--update", args->update,
                                 "Into a non-empty folder: keep existing files, write new and "
                                 "changed images (resumes an interrupted export)");
    auto* overwrite = cmd->add_flag(
        "--overwrite", args->overwrite,
        "Into a non-empty folder: first delete the previous export's folders and files in "
        "VOCdevkit/VOC2012 (JPEGImages, SegmentationClass[Aug], Annotations, "
        "ImageSets/Segmentation, classes.txt, labels.txt), nothing else");
    update->excludes(overwrite);
    cmd->add_flag("--aug", args->aug,
                  "Also write SegmentationClassAug/ and ImageSets/Segmentation/train_aug.txt");
    cmd->add_flag("--all-images", args->all_images,
                  "Also export images without a mask (JPEG + XML with whole-image boxes); they "
                  "stay out of the Segmentation lists");
    cmd->add_flag("--skip-bad", args->skip_bad,
                  "Report images with a bad mask or image and leave them out, instead of "
                  "stopping at the first");
    cmd->add_option("--min-box-area", args->min_box_area,
                    "Connected components smaller than this many pixels get no XML box (a "
                    "class keeps at least its largest component)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--jpeg-quality", args->jpeg_quality,
                    "JPEG quality for images that are not JPEG already (JPEGs are copied as they "
                    "are)")
        ->check(CLI::Range(1, 100));
    cmd->add_option("--jobs", args->jobs, "Parallel file writers (default: automatic)")
        ->check(CLI::NonNegativeNumber);
    cmd->callback([args] { run_export(*args); });
}

}  // namespace amr::cli
