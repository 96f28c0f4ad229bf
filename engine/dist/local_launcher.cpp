#include "engine/dist/local_launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "engine/core/error.h"
#include "engine/core/exit_status.h"

extern char** environ;

namespace amr::dist {

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        throw Error("distributed launch: cannot open a socket to find a free port");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        throw Error("distributed launch: cannot find a free port on 127.0.0.1");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

namespace {

const char* const kOverridden[] = {
    "RANK=",        "WORLD_SIZE=", "LOCAL_RANK=",   "LOCAL_WORLD_SIZE=", "MASTER_ADDR=",
    "MASTER_PORT=", "GROUP_RANK=", "SLURM_PROCID=", "AMR_DIST_TIMEOUT="};

std::vector<std::string> rank_environment(const LocalLaunchOptions& o, int port, int rank) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        bool drop = false;
        for (const char* k : kOverridden)
            drop = drop || std::strncmp(*e, k, std::strlen(k)) == 0;
        if (!drop)
            env.emplace_back(*e);
    }
    const std::string n = std::to_string(o.nproc), r = std::to_string(rank);
    for (const std::string& kv :
         {"RANK=" + r, "LOCAL_RANK=" + r, "WORLD_SIZE=" + n, "LOCAL_WORLD_SIZE=" + n,
          std::string("GROUP_RANK=0"), "MASTER_ADDR=" + o.master_addr,
          "MASTER_PORT=" + std::to_string(port),
          "AMR_DIST_TIMEOUT=" + std::to_string(o.timeout.count() / 1000)})
        env.push_back(kv);
    // As torchrun does: the ranks share the cores instead of each taking them all.
    if (!std::getenv("OMP_NUM_THREADS")) {
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        env.push_back("OMP_NUM_THREADS=" +
                      std::to_string(std::max(1u, cores / static_cast<unsigned>(o.nproc))));
    }
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& v) {
    std::vector<char*> p;
    for (auto& s : v)
        p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

}  // namespace

void launch_local(const LocalLaunchOptions& o, const CancelToken* cancel) {
    if (o.nproc < 1)
        throw Error("--nproc must be at least 1");
    if (o.argv.empty())
        throw Error("distributed launch: no program to start");
    int port = o.master_port;
    if (port == 0) {
        const char* p = std::getenv("MASTER_PORT");
        port = p && *p ? std::atoi(p) : free_port();
    }
    std::vector<pid_t> pids;
    auto args = o.argv;
    auto argp = pointers(args);
    for (int r = 0; r < o.nproc; ++r) {
        auto env = rank_environment(o, port, r);
        auto envp = pointers(env);
        pid_t pid = 0;
        if (int err = posix_spawn(&pid, argp[0], nullptr, nullptr, argp.data(), envp.data())) {
            for (pid_t q : pids)
                ::kill(q, SIGTERM);
            throw Error(o.argv[0], std::string("cannot start rank ") + std::to_string(r) + ": " +
                                       std::strerror(err));
        }
        pids.push_back(pid);
    }

    using Clock = std::chrono::steady_clock;
    std::size_t running = pids.size();
    int first_failed = -1, first_status = 0;
    bool forwarded = false, killed = false;
    Clock::time_point deadline{};
    while (running > 0) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (std::size_t r = 0; r < pids.size(); ++r) {
                if (pids[r] != pid)
                    continue;
                pids[r] = -1;
                --running;
                const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
                if (!ok && first_failed < 0) {
                    first_failed = static_cast<int>(r), first_status = status;
                    deadline = Clock::now() + o.timeout + std::chrono::seconds(30);
                }
            }
            continue;
        }
        if (cancel && cancel->cancelled() && !forwarded) {
            forwarded = true;  // a terminal's Ctrl-C reached them already; SIGTERM may not have
            for (pid_t q : pids)
                if (q > 0)
                    ::kill(q, SIGINT);
        }
        if (first_failed >= 0 && !killed && Clock::now() > deadline) {
            killed = true;
            for (pid_t q : pids)
                if (q > 0)
                    ::kill(q, SIGKILL);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (forwarded)
        throw Cancelled();
    if (first_failed >= 0)
        throw Error("distributed job: rank " + std::to_string(first_failed) + " of " +
                    std::to_string(o.nproc) + " " + describe_exit_status(first_status) +
                    (killed ? "; ranks still running after the timeout were killed" : ""));
}

}  // namespace amr::dist
