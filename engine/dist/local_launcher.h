#pragma once
// `--nproc N`: starts N ranks of a program on this machine with the environment torchrun gives
// them (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR=127.0.0.1, MASTER_PORT = a
// free port unless set; OMP_NUM_THREADS = cores / N unless set), waits for all, and turns the
// first failure into an amr::Error naming the rank. A rank that fails makes the others fail
// within the collective timeout; ranks still running `timeout` + 30 s after the first failure
// are killed. POSIX only.

#include <chrono>
#include <string>
#include <vector>

#include "engine/core/job.h"

namespace amr::dist {

struct LocalLaunchOptions {
    int nproc = 2;
    std::vector<std::string> argv;  // program and arguments of every rank (argv[0]: a path)
    std::string master_addr = "127.0.0.1";
    int master_port = 0;  // 0: MASTER_PORT from the environment, else a free port
    std::chrono::milliseconds timeout{300'000};
};

// A TCP port on 127.0.0.1 that nobody listens on right now.
int free_port();

// Returns when every rank exited with status 0; throws amr::Error naming the first rank that
// failed otherwise. A cancelled `cancel` token forwards SIGINT to the ranks (which save their
// state and stop together), then throws amr::Cancelled.
void launch_local(const LocalLaunchOptions& options, const CancelToken* cancel = nullptr);

}  // namespace amr::dist
