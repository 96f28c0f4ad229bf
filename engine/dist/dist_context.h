#pragma once
// Where this process sits in a distributed job, read from the environment the PyTorch world
// already uses (docs/distributed.md):
//   torchrun / torch.distributed.run: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT;
//   SLURM srun (when RANK/WORLD_SIZE are absent): SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID, with
//   MASTER_ADDR required (e.g. the first host of $SLURM_JOB_NODELIST) and MASTER_PORT 29500
//   unless set.
// AMR_DIST_TIMEOUT (seconds, default 300) bounds the rendezvous and every collective, so a rank
// that dies or hangs ends the job instead of blocking it forever.

#include <chrono>
#include <functional>
#include <string>

namespace amr::dist {

struct DistContext {
    int rank = 0;
    int world_size = 1;
    int local_rank = 0;
    std::string master_addr;  // rendezvous host (rank 0 runs the store there)
    int master_port = 29500;
    std::chrono::milliseconds timeout{300'000};
    std::string source = "none";  // "torchrun", "slurm" or "none" (one process)

    bool distributed() const { return world_size > 1; }
    // Throws amr::Error naming the variable that is wrong.
    void check() const;
};

using GetEnv = std::function<const char*(const char*)>;

// Reads (and checks) the context; without RANK/WORLD_SIZE or SLURM variables, one process.
// `getenv` is std::getenv unless a test passes its own.
DistContext context_from_env(const GetEnv& getenv = {});

}  // namespace amr::dist
