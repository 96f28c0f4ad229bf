#pragma once
// `train_irn` (docs/method.md §5.2–§5.4): the inter-pixel relation network's boundary branch,
// trained on the frozen ImageNet backbone from the affinity labels implied by the seeds. Same job
// API as the classification stages (engine/train/train.h): progress, cancel, resume state
// <output>.resume.pt, JSON-lines metrics, final checkpoint with architecture "irn".

#include <filesystem>
#include <string>

#include "engine/core/job.h"
#include "engine/train/train.h"
#include "engine/train/train_options.h"

namespace amr::refine {

struct TrainIrnOptions : train::TrainCommonOptions {
    std::filesystem::path seeds;  // folder of seed label PNGs (make_seeds output)
    int radius = 10;              // affinity radius in training (§5.4)
    double lr_edge = 0.1;
    double lr_displacement = 1.0;  // only when displacement is on
    bool displacement = false;     // the displacement branch (instance segmentation only)
    double scale_low = 0.5;        // random rescale factor range (§5.4)
    double scale_high = 1.5;

    TrainIrnOptions();   // docs/method.md §5.4 defaults: batch 16, crop 512, 3 epochs, momentum
                         // 1e-4...
    void check() const;  // throws amr::Error naming the bad field
    // "paper" (= docs/method.md §5.4), "quick" (tiny random-init net, small crop, few steps: a
    // smoke run), "demo" (the ImageNet backbone at a small crop: real boundaries on the demo).
    static TrainIrnOptions preset(const std::string& name);
};

void apply_json(TrainIrnOptions& o, const std::string& json, const std::filesystem::path& source);
std::string to_json(const TrainIrnOptions& o);

train::TrainResult train_irn(const TrainIrnOptions& options, const JobContext& ctx,
                             const train::MetricsSink& metrics = {});

}  // namespace amr::refine
