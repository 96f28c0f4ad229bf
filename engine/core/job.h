#pragma once
// What every long-running engine job shares: a progress callback and a cooperative cancel flag.
// The CLI, the GUI's job runner and the tests call jobs the same way:
//
//   amr::CancelToken cancel;
//   amr::JobContext ctx{[](const amr::ProgressEvent& e) { ... }, &cancel};
//   auto result = amr::eval::run_eval(options, ctx);   // options.check() was called first

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "engine/core/error.h"

namespace amr {

struct ProgressEvent {
    std::size_t done = 0;   // units finished so far
    std::size_t total = 0;  // 0 when unknown
    std::string message;    // the current step, e.g. an image id; may be empty
};

using ProgressFn = std::function<void(const ProgressEvent&)>;

class CancelToken {
public:
    void cancel() { flag_.store(true, std::memory_order_relaxed); }
    void reset() { flag_.store(false, std::memory_order_relaxed); }
    bool cancelled() const { return flag_.load(std::memory_order_relaxed); }
    void throw_if_cancelled() const {
        if (cancelled())
            throw Cancelled();
    }

private:
    std::atomic_bool flag_{false};
};

// Passed to every job's run function. Both members may be empty.
struct JobContext {
    ProgressFn progress;
    const CancelToken* cancel = nullptr;

    void report(std::size_t done, std::size_t total, const std::string& message = {}) const {
        if (progress)
            progress(ProgressEvent{done, total, message});
    }
    void check_cancel() const {
        if (cancel)
            cancel->throw_if_cancelled();
    }
};

}  // namespace amr
