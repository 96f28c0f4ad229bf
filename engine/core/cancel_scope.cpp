#include "engine/core/cancel_scope.h"

namespace amr {

namespace {
thread_local const CancelToken* current_token = nullptr;
}

CancelScope::CancelScope(const CancelToken* token) : previous_(current_token) {
    current_token = token;
}

CancelScope::~CancelScope() {
    current_token = previous_;
}

const CancelToken* current_cancel_token() {
    return current_token;
}

void cancellation_point() {
    if (current_token)
        current_token->throw_if_cancelled();
}

}  // namespace amr
