#pragma once
// How a training command runs distributed (docs/distributed.md): under torchrun-style
// variables (or SLURM's) it joins the job as its rank; with --nproc N it starts N local ranks of
// itself and waits for them.

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <unistd.h>

#include "../cli_common.h"
#include "engine/core/error.h"
#include "engine/dist/communicator.h"
#include "engine/dist/local_launcher.h"

namespace amr::cli {

// This process's command line without --nproc (from /proc/self/cmdline), program first.
inline std::vector<std::string> argv_without_nproc() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t end = all.find('\0', i);
        if (end == std::string::npos)
            end = all.size();
        args.push_back(all.substr(i, end - i));
        i = end + 1;
    }
    std::vector<std::string> out{"/proc/self/exe"};
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--nproc") {
            ++i;
            continue;
        }
        if (args[i].rfind("--nproc=", 0) == 0)
            continue;
        out.push_back(args[i]);
    }
    // /proc/self/exe of the child would be itself: resolve it now.
    char exe[4096];
    ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        out[0] = std::string(exe, static_cast<std::size_t>(n));
    return out;
}

// --nproc for a command that runs sharded or data parallel.
inline void add_nproc_option(CLI::App* cmd, int& nproc, const char* what) {
    cmd->add_option("--nproc", nproc,
                    std::string("Start this many local processes, ") + what +
                        " (see docs/distributed.md). Under torchrun or srun, leave it out")
        ->check(CLI::Range(1, 256));
}

// Runs `train(ctx)` (returning a TrainResult) in one process, as one rank of a job the
// environment describes, or as `nproc` local ranks. Only rank 0 draws progress and prints.
template <class Train, class Print>
void run_data_parallel(int nproc, const char* label, Train train, Print print) {
    const auto env = amr::dist::context_from_env();
    if (nproc > 1) {
        if (env.distributed())
            throw amr::Error("--nproc " + std::to_string(nproc) + " cannot be used inside a " +
                             env.source + " job of " + std::to_string(env.world_size) +
                             " ranks: the launcher already started them");
        amr::dist::LocalLaunchOptions o;
        o.nproc = nproc;
        o.argv = argv_without_nproc();
        o.timeout = env.timeout;
        amr::dist::launch_local(o, &interrupt_token());
        return;
    }
    if (env.distributed())
        amr::dist::init_world(env);
    if (env.rank == 0) {
        print(train(terminal_job(label)));
    } else {
        train(amr::JobContext{{}, &interrupt_token()});
    }
}

}  // namespace amr::cli
