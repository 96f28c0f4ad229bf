#pragma once
// `train_deeplab` (docs/method.md §6.1, §6.2): DeepLab-v2 (ASPP rates 6/12/18/24, output stride 8,
// MSC max fusion) on ResNet-101 or ResNet-50, trained on any mask version with 255 ignored. Same
// job API as the classification stages (engine/train/train.h): progress, cancel, resume state
// <output>.resume.pt, JSON-lines metrics; the final checkpoint has architecture "deeplab".

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/train/train.h"
#include "engine/train/train_options.h"

namespace amr::deeplab {

struct TrainDeeplabOptions : train::TrainCommonOptions {
    std::filesystem::path labels;  // folder of <id>.png training labels (e.g. refined)
    std::string val_split;         // split with ground truth for per-epoch mIoU; empty = none
    double lr = 2.5e-4;  // backbone; ASPP weights 10×, ASPP biases 20× (docs/method.md §6.2)
    std::vector<double> scales{0.5, 0.75, 1.0, 1.25, 1.5};  // random scale choices
    int iter_size = 2;                                      // gradient accumulation
    long iterations = 20000;  // total updates (overrides epochs when > 0)
    long val_every = 0;       // updates between val mIoU runs; 0 = at every epoch end
    long save_every = 1000;   // updates between resume states; 0 = only when stopping
    std::vector<double> val_scales{1.0, 0.5, 0.75};  // MSC of the val mIoU (docs/method.md §6.3)

    TrainDeeplabOptions();  // docs/method.md §6.2 defaults: depth 101, batch 5, crop 321, momentum
                            // 0.9...
    void check() const;     // throws amr::Error naming the bad field
    // "paper" (= docs/method.md §6.2), "quick" (tiny net, small crop, few steps, for the demo and
    // tests).
    static TrainDeeplabOptions preset(const std::string& name);
};

const char* deeplab_preset_names();  // "paper, quick"

// Updates per run: iterations, or epochs · ⌊images / (batch · iter_size)⌋ (at least 1 per epoch).
long total_updates(const TrainDeeplabOptions& o, std::size_t images);

void apply_json(TrainDeeplabOptions& o, const std::string& json,
                const std::filesystem::path& source);
std::string to_json(const TrainDeeplabOptions& o);

train::TrainResult train_deeplab(const TrainDeeplabOptions& options, const JobContext& ctx,
                                 const train::MetricsSink& metrics = {});

}  // namespace amr::deeplab
