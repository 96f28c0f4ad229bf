#pragma once
// `--progress-json`: progress, stage events and training metrics as JSON lines on stdout
// (engine/pipeline/progress_json.h) for a front end that started this process, e.g. the GUI
// console running a stage on several processes.

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "../cli_common.h"
#include "engine/pipeline/progress_json.h"

namespace amr::cli {

inline void print_json_line(const std::string& line) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// A JobContext that prints its progress as JSON lines (at most one every 100 ms, and the last
// one), `map` turning the job's own event into the one to print; Ctrl-C or SIGINT cancels it.
inline JobContext json_job(std::function<ProgressEvent(const ProgressEvent&)> map = {}) {
    struct State {
        std::chrono::steady_clock::time_point last{};
    };
    auto state = std::make_shared<State>();
    JobContext ctx;
    ctx.cancel = &interrupt_token();
    ctx.progress = [state, map = std::move(map)](const ProgressEvent& e) {
        const auto now = std::chrono::steady_clock::now();
        const bool last = e.total > 0 && e.done >= e.total;
        if (!last && now - state->last < std::chrono::milliseconds(100))
            return;
        state->last = now;
        print_json_line(pipeline::progress_line(map ? map(e) : e));
    };
    return ctx;
}

inline train::MetricsSink json_metrics() {
    return [](const train::TrainProgress& p) { print_json_line(pipeline::metrics_line(p)); };
}

}  // namespace amr::cli
