#pragma once
// The AMR pipeline on a project, end to end: train-cam → train-amr → make-cam → make-seeds →
// train-irn → refine (random walk) → train-deeplab → predict (→ export), or any contiguous part
// of it. One overall progress (stage i of n plus the stage's own progress), cancel between and
// inside stages, and resume:
//   - a training stage whose final checkpoint exists (and left no resume state) is skipped;
//     one that left a resume state continues from it;
//   - per-image stages always run and skip the images they finished before, unless an earlier
//     stage of this run wrote new output or their own options (other than threads and device)
//     differ from their last run's, e.g. a tuned α: then they recompute (overwrite), and a
//     complete training stage after it is trained again;
//   - a stage whose output is older than what an earlier stage wrote in a later run (e.g. a
//     single-stage run of make-seeds) runs again, with every stage after it (run_history.h).
// Each stage that runs is a run in the project database (begin_run/finish_run with its options,
// summary or error; training metrics in runs/<id>.metrics.jsonl), and mask versions are synced
// after the stages that write masks (seeds, refined, deeplab), cancelled or not.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/pipeline/stages.h"
#include "engine/train/train.h"

namespace amr::pipeline {

struct PipelineOptions {
    std::filesystem::path project;  // project folder (engine/project/project.h)
    std::string preset = "quick";   // paper, official, quick or demo (every stage)
    std::string from = "train-cam";
    std::string to = "predict";
    // Per stage: a JSON object of options applied over the preset's (keys of
    // StageInfo::defaults()).
    std::map<std::string, std::string> options;
    std::string device;  // non-empty: the device of every stage that has one ("cpu", ...)
    bool force = false;  // run complete training stages again (a single stage run from the GUI)

    void check() const;  // throws amr::Error naming the bad field
};

struct StageEvent {
    enum class Kind { Started, Skipped, Finished, Failed, Cancelled };
    Kind kind = Kind::Started;
    std::string stage;
    std::size_t index = 0;  // 0-based among the stages of this run
    std::size_t count = 0;
    std::int64_t run_id = 0;  // 0 when skipped
    std::string summary_json;
    std::string message;  // error text, why it was skipped, or why it recomputes every image
};
const char* to_string(StageEvent::Kind kind);

struct PipelineCallbacks {
    // Called on the job's thread at each stage's start and end.
    std::function<void(const StageEvent&)> stage;
    train::MetricsSink metrics;  // training stages' per-step metrics
    // When set, runs a stage in place of StageInfo::run (e.g. `amr pipeline --nproc N` starts
    // the stage's N ranks); run_pipeline records it in the project all the same.
    std::function<StageResult(const StageInfo& stage, const std::string& preset,
                              const std::string& json, const StageContext& ctx)>
        run_stage;
};

struct PipelineResult {
    std::vector<StageEvent> stages;  // the end event of each stage (Skipped or Finished)
    bool finished = false;           // false: a training stage stopped early (max_steps)
};

// Opens the project on the calling thread. ctx reports overall progress: total = 1000 · stages,
// message "[i/n] stage: step". Throws amr::Error (a failed stage is recorded first) and
// amr::Cancelled (the stage is recorded as cancelled and can resume).
PipelineResult run_pipeline(const PipelineOptions& options, const JobContext& ctx,
                            const PipelineCallbacks& callbacks = {});

// Creates a project at `project` bound to `dataset` when none is there yet; returns true when it
// did. Throws amr::Error when the folder holds something else.
bool ensure_project(const std::filesystem::path& project, const std::filesystem::path& dataset);

}  // namespace amr::pipeline
