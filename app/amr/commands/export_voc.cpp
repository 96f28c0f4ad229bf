// amr export-voc: writes a PASCAL VOC 2012 tree that torchvision and mmsegmentation read as is.

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/export/voc_export.h"

namespace amr::cli {
namespace {

struct ExportArgs {
    std::string dataset;
    std::string out;
    std::vector<std::string> masks;
    std::string priority;
    std::string only_ids;
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

void run_export(const ExportArgs& args) {
    const data::Dataset dataset = data::open_dataset(args.dataset);
    for (const auto& w : dataset.warnings())
        std::fprintf(stderr, "warning: %s\n", w.c_str());

    voc::FolderMaskSource masks;
    for (const auto& spec : args.masks)
        masks.add_spec(spec);
    voc::VocExportOptions options;
    options.dataset = &dataset;
    options.masks = &masks;
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
    if (r.not_selected)
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
    cmd->add_option("--dataset", args->dataset, "The dataset folder (VOC or plain folder)")
        ->required();
    cmd->add_option("--out", args->out, "Folder to write VOCdevkit/ into")->required();
    cmd->add_option("--masks", args->masks,
                    "A mask version folder of <id>.png, as VERSION=FOLDER (human, refined, "
                    "deeplab, cam, imported); repeat for several versions");
    cmd->add_option("--priority", args->priority,
                    "Mask versions to try per image, first found wins (default "
                    "human,refined,deeplab,cam; 'gt' is the dataset's own ground truth)");
    cmd->add_option("--only-ids", args->only_ids,
                    "Export only the image ids listed in this file, one per line (e.g. the "
                    "reviewed images)");
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
