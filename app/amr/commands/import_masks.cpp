// amr import-masks: existing label masks (VOC SegmentationClass, grayscale or palette PNGs)
// become a mask version folder with provenance "imported".

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/export/mask_import.h"

namespace amr::cli {
namespace {

struct ImportArgs {
    std::string source;
    std::string dataset;
    std::string out;
    std::string version = "imported";
    bool update = false;
};

void run_import(const ImportArgs& args) {
    const data::Dataset dataset = data::open_dataset(args.dataset);
    for (const auto& w : dataset.warnings())
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    voc::MaskImportOptions options;
    options.source = args.source;
    options.dataset = &dataset;
    options.output = args.out;
    options.version = args.version;
    options.update = args.update;
    options.check();
    const voc::MaskImportResult r = voc::import_masks(options, terminal_job("import-masks"));
    finish_progress();
    for (const auto& p : r.problems)
        std::printf("%s\n", p.to_string().c_str());
    std::printf("imported %zu masks from %s into %s", r.imported, r.source_folder.c_str(),
                args.out.c_str());
    if (r.refused)
        std::printf(", refused %zu", r.refused);
    std::printf("\nexport them with: amr export-voc --masks %s=%s --priority %s,...\n",
                args.version.c_str(), args.out.c_str(), args.version.c_str());
    std::fflush(stdout);
    if (r.refused)
        throw Error(r.source_folder, std::to_string(r.refused) +
                                         " files refused (listed above); the others were imported");
}

}  // namespace

void add_import_masks_command(CLI::App& app) {
    auto args = std::make_shared<ImportArgs>();
    auto* cmd = app.add_subcommand(
        "import-masks",
        "Import existing label masks (a VOC dataset or SegmentationClass folder, or a folder of "
        "grayscale/palette <id>.png) as a mask version folder with provenance \"imported\"");
    cmd->add_option("SOURCE", args->source, "The folder of masks, or a VOC dataset")->required();
    cmd->add_option("--dataset", args->dataset,
                    "The dataset the masks belong to (ids, image sizes and classes are checked)")
        ->required();
    cmd->add_option("--out", args->out, "The mask version folder to write <id>.png into")
        ->required();
    cmd->add_option("--version", args->version,
                    "The mask version to record (imported, human, refined, deeplab, cam)")
        ->capture_default_str();
    cmd->add_flag("--update", args->update,
                  "Add to a non-empty folder: masks with the same id are replaced, others kept");
    cmd->callback([args] { run_import(*args); });
}

}  // namespace amr::cli
