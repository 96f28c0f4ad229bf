#pragma once
// Is a stage's output degenerate? CAMs that are all zero (a network that learned nothing yet,
// e.g. the "quick" smoke-test preset) or label maps of a single class make every later stage
// and every slider meaningless, so the console and the viewer say so. Measured on an evenly
// spread sample of the output files, so it stays cheap on large stores.

#include <cstddef>
#include <filesystem>
#include <string>

#include "engine/pipeline/stages.h"

namespace amr::pipeline {

enum class OutputProblem {
    None,
    BlankCams,          // every sampled CAM entry is zero in both branches
    SingleClassLabels,  // every sampled label map holds one class (void aside)
};
// "", "blank-cams", "single-class-labels" (the key in a stage summary's "output_check").
const char* to_string(OutputProblem problem);
OutputProblem parse_output_problem(const std::string& text);  // unknown text -> None

struct OutputCheck {
    OutputProblem problem = OutputProblem::None;
    std::size_t sampled = 0;  // files read
    std::size_t bad = 0;      // blank CAM entries, or single-class label maps
    int classes = 0;          // label maps: distinct classes over the sample (void aside)

    // {"problem":"blank-cams","sampled":48,"bad":48,"classes":0}
    std::string to_json() const;
};

// The CAM store `dir` (files <id>.cam). Unreadable entries are skipped; an empty or missing
// store gives sampled = 0 and no problem.
OutputCheck check_cam_store(const std::filesystem::path& dir, std::size_t max_samples = 48);
// A folder of label PNGs (<id>.png, class indices, 255 = void).
OutputCheck check_label_folder(const std::filesystem::path& dir, std::size_t max_samples = 48);
// The output of `stage` in the project: make-cam -> the CAM store, make-seeds / refine /
// predict -> their mask version. Other stages: no check (sampled = 0).
OutputCheck check_stage_output(const std::string& stage, const ProjectPaths& paths);

}  // namespace amr::pipeline
