#pragma once
// The stage registry: one entry per engine stage the GUI console and `amr pipeline` can run
// (train-cam, train-amr, make-cam, make-seeds, train-irn, refine, train-deeplab, predict,
// export). Each entry knows its default options per preset as a JSON object, turns a JSON
// object into the stage's options struct (project-bound paths filled from the project's
// conventional places, never asked for) and validates it with the struct's check(), and runs
// the stage as a job.
//
// Options the user sets are the JSON keys of the options struct (field names, as in
// docs/training.md); the project-bound keys (dataset, output, cam store, ...) are left out of
// the defaults and overwritten when given.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/job.h"
#include "engine/train/train.h"

namespace amr::project {
class Project;
}

namespace amr::pipeline {

// The conventional files and folders of one project (engine/project/project.h).
struct ProjectPaths {
    std::filesystem::path dir;
    std::filesystem::path dataset;
    std::filesystem::path checkpoint_cam, checkpoint_amr, checkpoint_irn, checkpoint_deeplab;
    std::filesystem::path cam_store;
    std::filesystem::path masks_seeds, masks_refined, masks_deeplab;
    std::filesystem::path confidence, boundary, runs;
    std::filesystem::path export_dir;  // <project>/export (holds VOCdevkit/)

    static ProjectPaths of(const project::Project& project);
};

// What a stage's run function gets besides its options.
struct StageContext {
    ProjectPaths paths;
    std::filesystem::path metrics_file;  // training stages: runs/<run id>.metrics.jsonl
    // Per-image stages: recompute images whose output exists (an upstream stage changed, or
    // this stage's options did since its last run).
    bool overwrite = false;
    JobContext job;
    train::MetricsSink metrics;  // training stages only
};

struct StageResult {
    std::string summary_json;  // e.g. {"steps":75,"loss":0.21} or {"written":12,"skipped":0}
    bool changed = false;      // new output was written (downstream stages must recompute)
    bool finished = true;      // false: a training stage stopped early (max_steps)
};

struct StageInfo {
    std::string name;          // "train-cam"
    std::string title;         // "Train CAM network"
    std::string description;   // one sentence for tooltips
    bool training = false;     // has loss curves, a resume state and a checkpoint
    std::string mask_version;  // the mask version it writes ("seeds", ...), or empty
    // Runs on several ranks when a distributed job is set up (docs/distributed.md): the training
    // stages data parallel, make-cam, refine and predict sharded; the others on one process.
    bool distributed = false;
    std::vector<std::string> presets;  // preset names defaults() accepts

    // The user-facing options of `preset` as a JSON object (text). Throws amr::Error for an
    // unknown preset.
    std::function<std::string(const std::string& preset)> defaults;
    // Applies `json` (keys of defaults(); others are rejected) over the preset's options, fills
    // the project paths and runs the options' check(). Returns the full options as JSON.
    // Throws amr::Error with the check()'s message.
    std::function<std::string(const std::string& preset, const std::string& json,
                              const ProjectPaths& paths)>
        validate;
    // Whether the stage's output is complete (training: final checkpoint and no resume state
    // left). Per-image stages resume by themselves and always run, so they return false.
    std::function<bool(const ProjectPaths& paths)> complete;
    // Training stages: the final checkpoint (its resume state is <checkpoint>.resume.pt).
    std::function<std::filesystem::path(const ProjectPaths& paths)> checkpoint;
    // Runs the stage (validate() first). Throws amr::Error, amr::Cancelled.
    std::function<StageResult(const std::string& preset, const std::string& json,
                              const StageContext& ctx)>
        run;
};

// Every stage, in pipeline order.
const std::vector<StageInfo>& stages();
// Throws amr::Error listing the stage names when `name` is unknown.
const StageInfo& stage(std::string_view name);
// "train-cam, train-amr, ..."
std::string stage_names();
// Index of `name` in stages(); throws like stage().
std::size_t stage_index(std::string_view name);
// "paper, official, quick, demo"
const std::vector<std::string>& preset_names();

// The device the stages will use with device "auto": "CUDA (<n> GPU)" or "CPU".
std::string compute_device();

}  // namespace amr::pipeline
