#pragma once
// The process group of a distributed job, on LibTorch's c10d: a TCPStore rendezvous at
// MASTER_ADDR:MASTER_PORT (rank 0 serves it) and a Gloo process group (CPU tensors). Every
// collective is bounded by the context's timeout; a failure becomes an amr::Error that names the
// rank at fault when the store can tell (a rank that reported its own error, or one whose last
// heartbeat is behind), so a dead or hung rank ends the whole job with a message, never a hang.
// The c10d headers stay in the .cpp (they need USE_C10D_GLOO and Gloo's headers).

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "engine/dist/dist_context.h"

namespace amr::dist {

class Communicator {
public:
    // Joins the job; throws amr::Error when the other ranks do not all join within the timeout.
    explicit Communicator(const DistContext& context);
    ~Communicator();
    Communicator(const Communicator&) = delete;
    Communicator& operator=(const Communicator&) = delete;

    int rank() const { return context_.rank; }
    int world_size() const { return context_.world_size; }
    const DistContext& context() const { return context_; }

    // In place, from rank 0 to all (tensors on the CPU; a CUDA build with NCCL is untested).
    void broadcast(std::vector<torch::Tensor>& tensors, const std::string& what);
    // In-place sums.
    void all_reduce_sum(torch::Tensor& tensor, const std::string& what);
    void all_reduce_max(torch::Tensor& tensor, const std::string& what);
    // Starts an in-place sum without waiting; wait_all() waits for every one started.
    void start_all_reduce_sum(torch::Tensor tensor);
    void wait_all(const std::string& what);
    void barrier(const std::string& what);

    // Heartbeat: this rank has reached `step` (read back when a collective fails).
    void mark_step(long step);
    // Records this rank's own error in the store, for the other ranks' messages. Never throws.
    void report_failure(const std::string& message) noexcept;

private:
    [[noreturn]] void fail(const std::string& what, const std::string& cause);
    std::string blame(const std::string& what);

    struct Impl;
    DistContext context_;
    std::unique_ptr<Impl> impl_;
    long step_ = 0;
};

// Runs `job()` on this rank; an exception is first recorded in the job's store (when `comm` is
// not null), so the other ranks' messages name this rank and its error.
template <class Job>
auto reporting_failure(Communicator* comm, Job job) -> decltype(job()) {
    try {
        return job();
    } catch (const std::exception& e) {
        if (comm)
            comm->report_failure(e.what());
        throw;
    }
}

// The communicator of this process (null: one process). init_world() joins the job described
// by the environment when it is distributed, once; both are for the CLI's main thread.
std::shared_ptr<Communicator> world();
std::shared_ptr<Communicator> init_world(const DistContext& context);
void set_world(std::shared_ptr<Communicator> communicator);

}  // namespace amr::dist
