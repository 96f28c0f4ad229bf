#pragma once
// `refine` (docs/method.md §5.5, official `make_sem_seg_labels`): each image's boundary map from
// the trained IRNet, a sparse random walk of the CAM seeds over radius-5 neighbourhoods (never a
// dense (HW)² matrix), then the background threshold and upsampling to semantic pseudo labels
// saved as palette PNGs (the "refined" mask version).

#include <filesystem>
#include <string>

#include "engine/core/job.h"

namespace amr::refine {

struct RefineOptions {
    std::filesystem::path dataset;
    std::string split = "train";
    std::filesystem::path cam_store;        // CamStore folder (stride-4 maps are used)
    std::filesystem::path checkpoint;       // train_irn output
    std::filesystem::path output;           // folder of <id>.png
    std::filesystem::path boundary_output;  // optional: folder of <id>.png boundary maps (8-bit)
    float alpha = 0.5f;                     // recalibration coefficient of the weighted CAM
    int radius = 5;                         // random-walk neighbourhood radius
    double beta = 10;                       // affinity exponent
    int exp_times = 8;                      // 2^exp_times walk steps
    double cam_power = 1.5;                 // seeds are raised to this power (§5.5 step 2)
    float bg_threshold = 0.25f;             // sem_seg_bg_thres
    // The IRN input is zero-padded to pad_to² (official: its crop_size, the training crop 512).
    // -1 (auto): the crop the checkpoint records (train-irn's), 512 when it records none.
    // 0 = only to a multiple of 16 (boundary_map in irn_net.h).
    int pad_to = kPadAuto;
    static constexpr int kPadAuto = -1;
    std::string device = "auto";  // "auto", "cpu" or "cuda"
    bool overwrite = false;       // false: images whose PNG exists are skipped (resume)

    void check() const;  // throws amr::Error naming the bad field
};

struct RefineResult {
    std::size_t written = 0;
    std::size_t skipped = 0;
    std::size_t without_cams = 0;
    int pad_to = 0;  // the padding used (pad_to resolved)
};

struct IrnTrainingInfo;
// The padding refine uses: o.pad_to unless it is kPadAuto, then the checkpoint's training crop,
// or 512 (the official crop) when the checkpoint records none.
int resolve_pad_to(int pad_to, const IrnTrainingInfo& info);

RefineResult refine_labels(const RefineOptions& options, const JobContext& ctx = {});

}  // namespace amr::refine
