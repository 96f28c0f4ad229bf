#pragma once
// `eval_cam` (docs/method.md §4.5): CAM mIoU of a CAM store against a dataset's ground truth, for
// the spotlight CAM (α = 1), the compensation CAM (α = 0) and the weighted CAM (α), each over a
// sweep of background thresholds, optionally for α = 0, 0.1 … 1. The headline figure is the
// mIoU at the official fixed threshold 0.20 (the sweep always contains it); the best of the
// sweep is reported beside it (AdvCAM's convention, which flatters the CAMs).
// Predictions are recalibrated_label() on the full-resolution maps; one dataset-level confusion
// matrix per (α, threshold).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/class_list.h"
#include "engine/eval/confusion_matrix.h"

namespace amr::cam {

// The official code's cam_eval_thres (docs/method.md §4.5).
inline constexpr double kOfficialCamThreshold = 0.20;

struct EvalCamsOptions {
    std::filesystem::path dataset;
    std::string split = "train";
    std::filesystem::path store;
    double alpha = 0.5;               // the weighted CAM's α
    std::optional<double> threshold;  // a fixed threshold; unset = the sweep below
    double sweep_from = 0.05, sweep_to = 0.60, sweep_step = 0.05;
    bool alpha_sweep = false;  // also α = 0, 0.1, …, 1, each at its best threshold

    void check() const;  // throws amr::Error naming the bad field
    // The fixed threshold, or the sweep with kOfficialCamThreshold added when it misses it.
    std::vector<double> thresholds() const;
};

struct CamCurve {
    std::string name;  // "spotlight", "compensation", "weighted" or "alpha=0.3"
    double alpha = 0;
    std::vector<double> thresholds;
    std::vector<double> miou;  // per threshold
    std::size_t best = 0;      // index of the best threshold (the first on ties)
    eval::Metrics best_metrics;
    // Index of kOfficialCamThreshold in `thresholds`, or npos with a fixed other threshold.
    std::size_t official = static_cast<std::size_t>(-1);
    bool has_official() const { return official < miou.size(); }
};

struct EvalCamsResult {
    std::vector<CamCurve> curves;  // spotlight, compensation, weighted, then the α sweep
    std::size_t images = 0;        // images scored (split images with ground truth)
    std::size_t untagged = 0;      // of those, images without tags: predicted all background
    data::ClassList classes;
};

// Every split image with ground truth must have an entry (all made by one model; the first
// entry's fingerprint is taken), except untagged images. Throws amr::Error naming the file at
// fault; reports progress per image and stops with amr::Cancelled between images.
EvalCamsResult eval_cams(const EvalCamsOptions& options, const JobContext& ctx = {});

std::string format_table(const EvalCamsResult& result);
std::string to_json(const EvalCamsResult& result, int indent = 2);
// One row per curve and threshold: name,alpha,threshold,miou,best.
std::string to_csv(const EvalCamsResult& result);

}  // namespace amr::cam
