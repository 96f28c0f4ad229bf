// amr make-seeds: confident seeds from the CAMs, refined by the dense CRF (docs/method.md §5.1).

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/refine/make_seeds.h"

namespace amr::cli {
namespace {

struct MakeSeedsArgs {
    refine::MakeSeedsOptions options;
    bool no_crf = false;
};

void run_make_seeds(MakeSeedsArgs& args) {
    args.options.crf = !args.no_crf;
    args.options.check();
    const auto r = refine::make_seeds(args.options, terminal_job("make-seeds"));
    finish_progress();
    std::printf("split %s: written %zu, skipped %zu (already present), without CAMs %zu\n",
                r.split.c_str(), r.written, r.skipped, r.without_cams);
    std::printf("void (255) share of the written seeds: %.2f%%\n", 100.0 * r.void_fraction);
    if (r.untagged > 0)
        std::printf("%zu untagged images written as all background\n", r.untagged);
    if (!r.missing_ids.empty()) {
        std::fprintf(stderr, "amr: %zu images have no fresh CAM entry (run make-cam):",
                     r.missing_ids.size());
        for (std::size_t i = 0; i < r.missing_ids.size() && i < 10; ++i)
            std::fprintf(stderr, " %s", r.missing_ids[i].c_str());
        std::fprintf(stderr, "%s\n", r.missing_ids.size() > 10 ? " ..." : "");
    }
}

}  // namespace

void add_make_seeds_command(CLI::App& app) {
    auto args = std::make_shared<MakeSeedsArgs>();
    auto& o = args->options;
    auto* cmd = app.add_subcommand(
        "make-seeds",
        "Confident foreground/background seeds from the weighted CAMs, refined by a dense CRF; "
        "unsure pixels are 255. One palette PNG per image (skips existing ones)");
    cmd->add_option("dataset", o.dataset, "Dataset folder (VOC or plain folder)")->required();
    cmd->add_option("--cams", o.cam_store, "CAM store folder (made by make-cam, full resolution)")
        ->required();
    cmd->add_option("--out", o.output, "Output folder of <id>.png seed labels")->required();
    cmd->add_option("--split", o.split, "Split to process")->capture_default_str();
    cmd->add_option("--alpha", o.alpha, "Weight of the spotlight CAM in the weighted CAM")
        ->capture_default_str();
    cmd->add_option("--fg", o.fg_threshold, "Background score of the foreground seeds")
        ->capture_default_str();
    cmd->add_option("--bg", o.bg_threshold, "Background score of the background seeds")
        ->capture_default_str();
    cmd->add_option("--workers", o.threads, "Images in parallel (default: --threads)");
    cmd->add_flag("--no-crf", args->no_crf, "Plain thresholds without the CRF (faster, worse)");
    cmd->add_flag("--overwrite", o.overwrite, "Recompute seeds that already exist");
    cmd->callback([args] { run_make_seeds(*args); });
}

}  // namespace amr::cli
