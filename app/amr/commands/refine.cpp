// amr refine: semantic pseudo labels by IRNet boundaries and a sparse random walk (docs/method.md
// §5.5).

#include "engine/refine/refine.h"

#include <cstdio>
#include <memory>

#include "cli_common.h"
#include "dist_launch.h"

namespace amr::cli {

void add_refine_command(CLI::App& app) {
    auto o = std::make_shared<refine::RefineOptions>();
    auto nproc = std::make_shared<int>(1);
    auto* cmd = app.add_subcommand(
        "refine",
        "Refine CAMs into semantic pseudo labels: IRNet boundary map, sparse random walk of the "
        "CAM seeds, background threshold; existing PNGs are skipped (resume)");
    cmd->add_option("DATASET", o->dataset, "Dataset folder (VOC or plain folder)")->required();
    cmd->add_option("--cams", o->cam_store, "CAM store folder (amr make-cam)")->required();
    cmd->add_option("--checkpoint", o->checkpoint, "IRN checkpoint (amr train-irn)")->required();
    cmd->add_option("--out", o->output, "Folder of refined label PNGs")->required();
    cmd->add_option("--split", o->split, "Split to process")->capture_default_str();
    cmd->add_option("--alpha", o->alpha, "Recalibration coefficient of the weighted CAM")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--beta", o->beta, "Affinity exponent")->capture_default_str();
    cmd->add_option("--exp-times", o->exp_times, "2^N random-walk steps")
        ->check(CLI::Range(0, 12))
        ->capture_default_str();
    cmd->add_option("--radius", o->radius, "Random-walk neighbourhood radius")
        ->check(CLI::Range(2, 20))
        ->capture_default_str();
    cmd->add_option("--cam-power", o->cam_power, "Seeds are CAM^p")->capture_default_str();
    cmd->add_option("--bg", o->bg_threshold, "Background threshold (relative to the max)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_option("--pad-to", o->pad_to,
                    "Zero-pad the IRN input to N x N, as the official code pads to its training "
                    "crop; -1 = the crop the IRN checkpoint was trained on (512 if it does not "
                    "say); 0 = only to a multiple of 16")
        ->check(CLI::Range(-1, 4096))
        ->capture_default_str();
    cmd->add_option("--boundary-out", o->boundary_output,
                    "Also write each boundary map as an 8-bit PNG into this folder");
    cmd->add_option("--device", o->device, "auto, cpu or cuda")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
        ->capture_default_str();
    cmd->add_flag("--overwrite", o->overwrite, "Recompute images whose PNG exists");
    add_nproc_option(cmd, *nproc, "each refining its share of the images");
    cmd->callback([o, nproc] {
        o->check();
        // In one process, as this process's rank of a torchrun/srun job, or as `nproc` local
        // ranks (docs/distributed.md); rank 0 prints the whole split's counts.
        run_data_parallel(
            *nproc, "refine", [&](const JobContext& ctx) { return refine::refine_labels(*o, ctx); },
            [&](const refine::RefineResult& r) {
                finish_progress();
                std::printf(
                    "%zu written, %zu already present, %zu without CAMs; IRN input padded to "
                    "%d; labels in %s\n",
                    r.written, r.skipped, r.without_cams, r.pad_to, o->output.string().c_str());
            });
    });
}

}  // namespace amr::cli
