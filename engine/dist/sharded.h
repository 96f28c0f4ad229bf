#pragma once
// Inference sharded across the ranks of a distributed job (make-cam, refine, predict;
// docs/distributed.md): rank r of N handles the items n of a split with n % N == r, and writes
// their output files itself (one file per image, each written atomically), so the ranks together
// write exactly the files of a one-process run. The counters of the result are summed over the
// ranks, and every rank returns only once all outputs are written (a final barrier). Without a
// communicator (one process) every item is this process's and nothing is exchanged.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/dist/communicator.h"

namespace amr::dist {

class Shard {
public:
    explicit Shard(Communicator* comm) : comm_(comm) {}

    int rank() const { return comm_ ? comm_->rank() : 0; }
    int world_size() const { return comm_ ? comm_->world_size() : 1; }
    // Whether item n of the list is this rank's.
    bool mine(std::size_t n) const {
        return n % static_cast<std::size_t>(world_size()) == static_cast<std::size_t>(rank());
    }
    // Heartbeat: this rank is at item n (named when a collective fails).
    void mark(std::size_t n) const;
    // Sums `values` over the ranks in place.
    void sum(std::vector<std::int64_t>& values, const std::string& what) const;
    // Returns once every rank got here (all outputs are written).
    void barrier(const std::string& what) const;

    // Calls `item(n)` for each of this rank's items n in [0, total), in order: marks each one and
    // stops at a cancel request before it starts.
    template <class Item>
    void for_each(std::size_t total, const JobContext& ctx, Item item) const {
        for (std::size_t n = 0; n < total; ++n) {
            if (!mine(n))
                continue;
            ctx.check_cancel();
            mark(n);
            item(n);
        }
    }

    // Runs `job()`; an exception is recorded in the store first, so the other ranks' messages
    // name this rank and its error.
    template <class Job>
    auto run(Job job) const -> decltype(job()) {
        return reporting_failure(comm_, job);
    }

private:
    Communicator* comm_;
};

}  // namespace amr::dist
