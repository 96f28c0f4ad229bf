#pragma once
// The pipeline (or one stage of it) run by the `amr` CLI in a child process, as
// `amr pipeline PROJECT … --nproc N --progress-json`: the GUI console's "Processes" option
// (docs/distributed.md). The child records every stage in the project exactly as
// run_pipeline() does in-process; this side turns its progress lines (progress_json.h) into the
// same JobContext progress and PipelineCallbacks events, cancels it (SIGINT to its process group:
// the ranks stop together and save their resume state) and turns a failure into an amr::Error
// carrying the CLI's message. POSIX only.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/pipeline/pipeline.h"

namespace amr::pipeline {

struct PipelineProcessOptions {
    std::filesystem::path cli;  // the `amr` program
    PipelineOptions pipeline;
    int nproc = 2;  // local ranks of each distributed stage
    // Lines of the child's output that are not progress messages (its stderr), for a log.
    std::function<void(const std::string&)> output;

    void check() const;  // throws amr::Error naming what is wrong
};

// The child's command line, program first; `config` is the JSON file of the stages' options
// (written by run_pipeline_process; empty: no --config).
std::vector<std::string> pipeline_command(const PipelineProcessOptions& options,
                                          const std::filesystem::path& config);

// Runs the child and waits for it. Throws amr::Cancelled when ctx was cancelled, amr::Error
// (amr::nn::MissingWeights when ImageNet weights are missing) with the child's error otherwise.
PipelineResult run_pipeline_process(const PipelineProcessOptions& options, const JobContext& ctx,
                                    const PipelineCallbacks& callbacks = {});

}  // namespace amr::pipeline
