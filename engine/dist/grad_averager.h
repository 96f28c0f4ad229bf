#pragma once
// Data-parallel gradient averaging: the parameters' gradients are packed into flat buckets of
// about 25 MB (in reverse parameter order, roughly the order backward produces them) and each
// bucket is summed across ranks with one all-reduce, then divided by the world size. With
// `overlap`, tensor hooks copy each gradient into its bucket as backward produces it and start a
// bucket's all-reduce as soon as the bucket is full, so communication overlaps the rest of the
// backward pass; buckets start strictly in index order on every rank (the collectives must match).
// finish() starts what is left (buckets holding parameters that got no gradient), waits, and
// writes the averages back to .grad. A parameter that got no gradient keeps none (SGD skips it
// on every rank alike: every rank runs the same graph).

#include <cstddef>
#include <mutex>
#include <vector>

#include <torch/torch.h>

#include "engine/dist/communicator.h"

namespace amr::dist {

class GradAverager {
public:
    GradAverager(Communicator& comm, std::vector<torch::Tensor> params, bool overlap = true,
                 std::size_t bucket_bytes = 25u << 20);
    ~GradAverager();
    GradAverager(const GradAverager&) = delete;
    GradAverager& operator=(const GradAverager&) = delete;

    // Call before backward (clears which gradients arrived), then finish() after it.
    void begin_step();
    void finish();
    std::size_t bucket_count() const { return buckets_.size(); }

private:
    struct Bucket {
        std::vector<std::size_t> members;  // indices into params_
        torch::Tensor flat;
        std::size_t arrived = 0;
        bool started = false;
    };
    void on_grad(std::size_t param, const torch::Tensor& grad);
    void start_ready();  // starts buckets in order while the next one is full; needs mutex_

    Communicator& comm_;
    std::vector<torch::Tensor> params_;
    std::vector<std::size_t> bucket_of_, offset_of_;
    std::vector<bool> got_;
    std::vector<Bucket> buckets_;
    std::vector<unsigned> hooks_;
    std::size_t next_start_ = 0;
    std::mutex mutex_;
};

}  // namespace amr::dist
