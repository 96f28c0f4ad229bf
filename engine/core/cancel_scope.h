#pragma once
// A thread's current cancel token, so that code deep inside a job (a network's blocks) can stop
// part-way through a long step without every call passing the JobContext down:
//
//   CancelScope scope(ctx.cancel);   // in the job's loop
//   cancellation_point();            // anywhere below it: throws Cancelled once cancelled

#include "engine/core/job.h"

namespace amr {

class CancelScope {
public:
    explicit CancelScope(const CancelToken* token);
    ~CancelScope();
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

private:
    const CancelToken* previous_;
};

// The innermost CancelScope's token on this thread, or null.
const CancelToken* current_cancel_token();

// Throws Cancelled when this thread's current token is cancelled; free when there is none.
void cancellation_point();

}  // namespace amr
