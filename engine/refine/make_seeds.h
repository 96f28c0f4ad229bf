#pragma once
// `make_seeds` (spec §5.1, official `cam_to_ir_label`): confident foreground and background
// seeds from each image's weighted CAM, refined by the dense CRF; unconfident pixels are 255.
// Writes one palette label PNG per image into `output` (the "seeds" mask version).

#include <filesystem>
#include <string>

#include "engine/core/job.h"
#include "engine/refine/dense_crf.h"

namespace amr::refine {

struct MakeSeedsOptions {
    std::filesystem::path dataset;
    std::string split = "train";
    std::filesystem::path cam_store;  // CamStore folder (needs full-resolution maps)
    std::filesystem::path output;     // folder of <id>.png
    float alpha = 0.5f;               // recalibration coefficient of the weighted CAM (§4.4)
    float fg_threshold = 0.60f;       // conf_fg_thres
    float bg_threshold = 0.33f;       // conf_bg_thres
    bool crf = true;                  // false: plain thresholds, no CRF (faster, worse)
    DenseCrfOptions crf_options;      // spec §5.1 defaults
    int threads = 0;                  // images in parallel; 0 = all cores
    bool overwrite = false;           // false: images whose PNG exists are skipped (resume)

    void check() const;  // throws amr::Error naming the bad field
};

struct MakeSeedsResult {
    std::size_t written = 0;
    std::size_t skipped = 0;       // already present
    std::size_t without_cams = 0;  // no (fresh) CAM entry: reported, not fatal
    double void_fraction = 0;      // share of 255 pixels over the written seeds
};

MakeSeedsResult make_seeds(const MakeSeedsOptions& options, const JobContext& ctx = {});

}  // namespace amr::refine
