#pragma once
// The two classification training jobs of AMR (docs/method.md §3):
//   train_cam: SpotlightNet (ImageNet init), multilabel soft margin, SGD + poly lr;
//   train_amr: AmrNet = the train_cam spotlight + an ImageNet compensation branch with AMMs,
//              loss w_s·L_cls(s) + w_c·L_cls(c) + w_cps·L_cps.
// Both write JSON lines of metrics per step, a resumable state <output>.resume.pt at every epoch
// end and when cancelled (mid-epoch too: the state after the last finished step), and the final
// weights in our checkpoint format (architecture "spotlight" / "amr"). The resume state is
// removed once the final checkpoint is written.

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/job.h"
#include "engine/train/train_options.h"

namespace amr::train {

struct TrainProgress {
    std::string stage;  // "cam" or "amr"
    long step = 0;      // updates done (1-based after the first)
    long total_steps = 0;
    int epoch = 0;  // 1-based epoch of this step
    int epochs = 0;
    double loss = 0;                                    // weighted total
    std::vector<std::pair<std::string, double>> terms;  // e.g. cls_s, cls_c, cps
    std::vector<std::pair<std::string, double>> lr;     // per param group, as used in the step
    double images_per_s = 0;                            // smoothed
    double eta_s = 0;
};

using MetricsSink = std::function<void(const TrainProgress&)>;

struct TrainResult {
    std::filesystem::path output;  // final checkpoint; empty when stopped early (max_steps)
    std::filesystem::path resume;  // resume state, when one was left
    std::string device;            // "cpu" or "cuda"
    long steps = 0;                // steps done in total (including those before a resume)
    long total_steps = 0;
    long resumed_from = -1;  // step the run resumed at, -1 = fresh start
    bool finished = false;   // false when stopped by max_steps
    double last_loss = 0;
    double images_per_s = 0;  // averaged over this run's steps
    std::string split;        // the split trained on ("auto" resolved)
};

// Both run options.check() first. Throw amr::Error on bad input (naming the file), on CUDA
// out-of-memory (suggesting a smaller batch or crop), and amr::Cancelled after saving the
// resume state.
TrainResult train_cam(const TrainCamOptions& options, const JobContext& ctx,
                      const MetricsSink& metrics = {});
TrainResult train_amr(const TrainAmrOptions& options, const JobContext& ctx,
                      const MetricsSink& metrics = {});

}  // namespace amr::train
