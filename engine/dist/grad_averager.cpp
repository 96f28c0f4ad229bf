#include "engine/dist/grad_averager.h"

namespace amr::dist {

GradAverager::GradAverager(Communicator& comm, std::vector<torch::Tensor> params, bool overlap,
                           std::size_t bucket_bytes)
    : comm_(comm), params_(std::move(params)) {
    const std::size_t n = params_.size();
    bucket_of_.assign(n, 0);
    offset_of_.assign(n, 0);
    got_.assign(n, false);
    // Reverse order: the last layers' gradients come first in backward.
    std::size_t bytes = 0;
    for (std::size_t k = n; k-- > 0;) {
        const auto& p = params_[k];
        const std::size_t b = p.numel() * p.element_size();
        const bool fresh =
            buckets_.empty() || bytes + b > bucket_bytes ||
            p.scalar_type() != params_[buckets_.back().members.front()].scalar_type();
        if (fresh) {
            buckets_.emplace_back();
            bytes = 0;
        }
        auto& bucket = buckets_.back();
        bucket_of_[k] = buckets_.size() - 1;
        offset_of_[k] = 0;
        for (std::size_t m : bucket.members)
            offset_of_[k] += static_cast<std::size_t>(params_[m].numel());
        bucket.members.push_back(k);
        bytes += b;
    }
    for (auto& bucket : buckets_) {
        int64_t total = 0;
        for (std::size_t m : bucket.members)
            total += params_[m].numel();
        const auto& first = params_[bucket.members.front()];
        bucket.flat = torch::zeros({total}, first.options().requires_grad(false));
    }
    if (overlap)
        for (std::size_t k = 0; k < n; ++k)
            hooks_.push_back(params_[k].register_hook(
                [this, k](const torch::Tensor& grad) { on_grad(k, grad); }));
}

GradAverager::~GradAverager() {
    for (std::size_t k = 0; k < hooks_.size(); ++k)
        params_[k].remove_hook(hooks_[k]);
}

void GradAverager::begin_step() {
    std::lock_guard lock(mutex_);
    got_.assign(params_.size(), false);
    for (auto& b : buckets_)
        b.arrived = 0, b.started = false;
    next_start_ = 0;
}

void GradAverager::on_grad(std::size_t k, const torch::Tensor& grad) {
    std::lock_guard lock(mutex_);
    auto& bucket = buckets_[bucket_of_[k]];
    torch::NoGradGuard no_grad;
    bucket.flat.narrow(0, static_cast<int64_t>(offset_of_[k]), params_[k].numel())
        .copy_(grad.reshape(-1));
    if (!got_[k]) {
        got_[k] = true;
        ++bucket.arrived;
    }
    start_ready();
}

void GradAverager::start_ready() {
    while (next_start_ < buckets_.size() &&
           buckets_[next_start_].arrived == buckets_[next_start_].members.size()) {
        buckets_[next_start_].started = true;
        comm_.start_all_reduce_sum(buckets_[next_start_].flat);
        ++next_start_;
    }
}

void GradAverager::finish() {
    std::lock_guard lock(mutex_);
    torch::NoGradGuard no_grad;
    // Without hooks (or for parameters whose hook did not run): copy what .grad holds now.
    for (std::size_t k = 0; k < params_.size(); ++k) {
        if (got_[k] || buckets_[bucket_of_[k]].started)
            continue;
        auto slice = buckets_[bucket_of_[k]].flat.narrow(0, static_cast<int64_t>(offset_of_[k]),
                                                         params_[k].numel());
        if (params_[k].grad().defined()) {
            slice.copy_(params_[k].grad().reshape(-1));
            got_[k] = true;
        } else {
            slice.zero_();
        }
    }
    for (std::size_t b = next_start_; b < buckets_.size(); ++b) {
        buckets_[b].started = true;
        comm_.start_all_reduce_sum(buckets_[b].flat);
    }
    next_start_ = buckets_.size();
    comm_.wait_all("the all-reduce of the gradients");
    const double scale = 1.0 / comm_.world_size();
    for (std::size_t k = 0; k < params_.size(); ++k) {
        if (!got_[k])
            continue;
        auto avg = buckets_[bucket_of_[k]]
                       .flat.narrow(0, static_cast<int64_t>(offset_of_[k]), params_[k].numel())
                       .view(params_[k].sizes());
        if (params_[k].grad().defined())
            params_[k].mutable_grad().copy_(avg).mul_(scale);
        else
            params_[k].mutable_grad() = avg.mul(scale);
    }
}

}  // namespace amr::dist
