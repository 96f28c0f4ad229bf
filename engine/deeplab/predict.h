#pragma once
// `predict` (docs/method.md §6.3): multi-scale DeepLab inference with max fusion, optional
// dense-CRF post-processing, written as the "deeplab" mask version (palette PNGs) plus a per-pixel
// confidence map (8-bit gray PNG, 255 = probability 1), keeping each input's size.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/eval/confusion_matrix.h"
#include "engine/refine/dense_crf.h"

namespace amr::deeplab {

struct PredictOptions {
    std::filesystem::path dataset;
    // "auto": the val split where the dataset has one (the WSSS evaluation), else every image
    // (a folder of tagged images without splits: DeepLab's masks preview each of them)
    std::string split = "auto";
    std::filesystem::path checkpoint;            // train_deeplab output
    std::filesystem::path output;                // folder of <id>.png labels
    std::filesystem::path confidence;            // folder of <id>.png confidence maps; empty = none
    std::vector<double> scales{0.5, 0.75, 1.0};  // MSC max fusion
    bool flip = false;
    bool crf = false;
    refine::DenseCrfOptions crf_options;  // set to docs/method.md §6.3's by default()
    std::string device = "auto";
    bool overwrite = false;  // false: existing PNGs are skipped (resume)

    // crf_options = docs/method.md §6.3 (sxy 1/w 3; sxy 67, srgb 3, w 4; 10 iterations)
    PredictOptions();
    // With crf, labels are the argmax and confidence the maximum of the CRF marginals.
    void check() const;  // throws amr::Error naming the bad field
};

struct PredictResult {
    std::size_t written = 0;
    std::size_t skipped = 0;
    // Images of the split with a ground-truth mask, scored (written and skipped ones alike)
    // with one dataset-level confusion matrix; metrics is meaningful when evaluated > 0.
    std::size_t evaluated = 0;
    eval::Metrics metrics;
};

PredictResult predict(const PredictOptions& options, const JobContext& ctx = {});

}  // namespace amr::deeplab
