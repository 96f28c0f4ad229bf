#pragma once
// `make_seeds` (docs/method.md §5.1, official `cam_to_ir_label`): confident foreground and
// background seeds from each image's weighted CAM, refined by the dense CRF; unconfident pixels are
// 255. Writes one palette label PNG per image into `output` (the "seeds" mask version).

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/core/job.h"
#include "engine/refine/dense_crf.h"

namespace amr::refine {

struct MakeSeedsOptions {
    std::filesystem::path dataset;
    std::string split = "auto";       // "auto": train_aug when the dataset has it, else train
    std::filesystem::path cam_store;  // CamStore folder (needs full-resolution maps)
    std::string cam_fingerprint;      // model of the CAMs; empty = that of the first entry found
    std::filesystem::path output;     // folder of <id>.png
    float alpha = 0.5f;               // recalibration coefficient of the weighted CAM (§4.4)
    float fg_threshold = 0.60f;       // conf_fg_thres
    float bg_threshold = 0.33f;       // conf_bg_thres
    bool crf = true;                  // false: plain thresholds, no CRF (faster, worse)
    DenseCrfOptions crf_options;      // docs/method.md §5.1 defaults
    int threads = 0;                  // images in parallel; 0 = cv::getNumThreads()
    bool overwrite = false;           // false: images whose PNG exists are skipped (resume)

    void check() const;  // throws amr::Error naming the bad field
};

struct MakeSeedsResult {
    std::size_t written = 0;
    std::size_t skipped = 0;               // already present
    std::size_t without_cams = 0;          // no (fresh) CAM entry: reported, not fatal
    double void_fraction = 0;              // share of 255 pixels over the written seeds
    std::size_t untagged = 0;              // of `written`: images without tags, all background
    std::vector<std::string> missing_ids;  // the images counted in without_cams
    std::string fingerprint;               // the CAM store fingerprint used
    std::string split;                     // the split processed ("auto" resolved)
};

// Keys = field names (crf_options as a nested object); unknown keys and wrong types throw
// amr::Error naming `source`.
std::string to_json(const MakeSeedsOptions& options);
void apply_json(MakeSeedsOptions& options, const std::string& json,
                const std::filesystem::path& source);

// Steps 1–3 of docs/method.md §5.1 for one image: `cams` are the K weighted full-resolution CAM
// planes, `keys` their 0-based classes, `bgr` the original image. Returns the seed label map (class
// ids 1..20, 0 background, 255 unsure).
cv::Mat seed_labels(const std::vector<cv::Mat>& cams, const std::vector<int>& keys,
                    const cv::Mat& bgr, const MakeSeedsOptions& options);

// Images in parallel; each finished image is reported. Cancelling stops between images and
// throws amr::Cancelled: the PNGs already written stay and are skipped by the next run.
MakeSeedsResult make_seeds(const MakeSeedsOptions& options, const JobContext& ctx = {});

}  // namespace amr::refine
