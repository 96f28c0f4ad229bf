#pragma once
// What the project's recorded runs say about a stage before the pipeline runs it: whether its
// own options changed since its last run, and whether a stage before it wrote new output since
// this stage last produced its own (e.g. seeds made again by a single-stage run): in both cases
// resuming would keep stale output.

#include <string>
#include <vector>

#include "engine/pipeline/stages.h"
#include "engine/project/project.h"

namespace amr::pipeline {

// Why the per-image stage `s` must compute every image again although it resumes by itself:
// its last run (finished, cancelled or killed: each wrote images) had other options that change
// what it writes, e.g. an α tuned in the CAM viewer (`threads`, `device` and `overwrite` do not
// count). `full`: its validated options now. Empty when it may resume; always empty for
// training stages and export.
std::string options_changed_since_last_run(const std::vector<project::RunRecord>& runs,
                                           const StageInfo& s, const std::string& full);

// Why stage `s` is out of date although its output exists: a stage before it in stages() has
// a run that wrote output after this stage's last run that produced output (a finished
// training run; a per-image run that wrote images). Empty when it is not, or has no such run.
std::string upstream_changed_since_last_run(const std::vector<project::RunRecord>& runs,
                                            const StageInfo& s);

}  // namespace amr::pipeline
