#pragma once
// Machine-readable progress of `amr pipeline --progress-json` (and of its ranks): one JSON object
// per line on stdout, so a front end that starts the CLI (the GUI console's "Processes" option,
// docs/distributed.md) shows the same progress, stage events, curves and errors as a job run in
// its own process. Every object has "amr" naming its kind:
//   {"amr":"progress","done":1500,"total":2000,"message":"[2/2] make-cam: 2007_000032"}
//   {"amr":"stage","kind":"finished","stage":"make-cam","index":1,"count":2,"run_id":7,
//    "summary":"{...}","message":""}
//   {"amr":"metrics","stage":"cam","step":3,"total_steps":9,"epoch":1,"epochs":3,"loss":0.7,
//    "terms":[["cls",0.7]],"lr":[["backbone",0.01]],"images_per_s":12.5,"eta_s":4.2}
//   {"amr":"error","message":"...","file":"...","problem":"...","missing_weights":false}
// Any other line (plain text, or JSON without "amr") is not a progress message.

#include <exception>
#include <string>

#include "engine/core/job.h"
#include "engine/pipeline/pipeline.h"
#include "engine/train/train.h"

namespace amr::pipeline {

std::string progress_line(const ProgressEvent& e);
std::string stage_line(const StageEvent& e);
std::string metrics_line(const train::TrainProgress& p);
// The error `e` (an amr::Error's file and problem, whether ImageNet weights are missing).
std::string error_line(const std::exception& e);

struct ProgressMessage {
    enum class Type { None, Progress, Stage, Metrics, Error };
    Type type = Type::None;
    ProgressEvent progress;
    StageEvent stage;
    train::TrainProgress metrics;
    std::string error, error_file, error_problem;
    bool missing_weights = false;

    // Throws the error of a Type::Error message again: amr::nn::MissingWeights or amr::Error.
    [[noreturn]] void rethrow() const;
};

// Reads one line (a trailing newline is allowed). Type::None for anything that is not a
// well-formed progress message; never throws.
ProgressMessage parse_progress_line(const std::string& line);

}  // namespace amr::pipeline
