#include "engine/train/cancellable_step.h"

#include "engine/core/cancel_scope.h"

namespace amr::train {

void run_cancellable_step(torch::nn::Module& model, const CancelToken* cancel,
                          const std::function<void()>& step) {
    if (!cancel) {
        step();
        return;
    }
    std::vector<torch::Tensor> saved;
    {
        torch::NoGradGuard no_grad;
        for (const auto& b : model.buffers())
            saved.push_back(b.clone());
    }
    CancelScope scope(cancel);
    try {
        step();
    } catch (...) {
        // On CUDA the backward hooks run on autograd's device threads, whose exception may
        // arrive re-wrapped: the token, not the exception's type, says whether this was Cancel.
        if (!cancel->cancelled())
            throw;
        torch::NoGradGuard no_grad;
        auto buffers = model.buffers();
        for (std::size_t i = 0; i < buffers.size() && i < saved.size(); ++i)
            buffers[i].copy_(saved[i]);
        throw Cancelled();
    }
}

}  // namespace amr::train
