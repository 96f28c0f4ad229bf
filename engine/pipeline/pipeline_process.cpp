#include "engine/pipeline/pipeline_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/exit_status.h"
#include "engine/pipeline/progress_json.h"

extern char** environ;

namespace amr::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

void PipelineProcessOptions::check() const {
    pipeline.check();
    if (nproc < 1 || nproc > 256)
        throw Error("processes must be in [1, 256] (got " + std::to_string(nproc) + ")");
    std::error_code ec;
    if (cli.empty() || !fs::is_regular_file(cli, ec) || ::access(cli.c_str(), X_OK) != 0)
        throw Error(cli,
                    "the amr command-line program is not there (it is installed next to "
                    "amr-studio); running on several processes needs it");
}

std::vector<std::string> pipeline_command(const PipelineProcessOptions& o, const fs::path& config) {
    const PipelineOptions& p = o.pipeline;
    std::vector<std::string> argv{o.cli.string(), "pipeline", p.project.string(),
                                  "--preset",     p.preset,   "--from",
                                  p.from,         "--to",     p.to};
    if (!p.device.empty())
        argv.insert(argv.end(), {"--device", p.device});
    if (!config.empty())
        argv.insert(argv.end(), {"--config", config.string()});
    if (p.force)
        argv.push_back("--force");
    argv.insert(argv.end(), {"--nproc", std::to_string(o.nproc), "--progress-json"});
    return argv;
}

namespace {

// Collects a pipe's bytes and hands out whole lines.
struct LineReader {
    int fd = -1;
    std::string pending;

    // Reads what is there; false at end of file.
    bool read(const std::function<void(const std::string&)>& line) {
        char buf[4096];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0)
            return errno == EINTR || errno == EAGAIN;
        if (n == 0) {
            if (!pending.empty())
                line(pending);
            pending.clear();
            return false;
        }
        pending.append(buf, static_cast<std::size_t>(n));
        for (std::size_t pos; (pos = pending.find('\n')) != std::string::npos;) {
            line(pending.substr(0, pos));
            pending.erase(0, pos + 1);
        }
        return true;
    }
};

// The stages' options as the --config file of `amr pipeline`, or none.
fs::path write_config(const PipelineOptions& p) {
    if (p.options.empty())
        return {};
    json j = json::object();
    for (const auto& [stage, text] : p.options)
        j[stage] = json::parse(text);
    static std::atomic<int> counter{0};
    const fs::path file =
        fs::temp_directory_path() /
        ("amr-pipeline-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".json");
    write_file_atomically(file, j.dump());
    return file;
}

}  // namespace

PipelineResult run_pipeline_process(const PipelineProcessOptions& o, const JobContext& ctx,
                                    const PipelineCallbacks& callbacks) {
    o.check();
    ctx.check_cancel();
    const fs::path config = write_config(o.pipeline);
    struct RemoveConfig {
        fs::path file;
        ~RemoveConfig() {
            std::error_code ec;
            if (!file.empty())
                fs::remove(file, ec);
        }
    } remove_config{config};

    auto args = pipeline_command(o, config);
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]), ::close(out[1]);
        throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Its own process group: cancel signals the launcher and every rank at once.
    posix_spawnattr_setflags(
        &attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, defaults;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]), ::close(err[1]);
    if (spawned != 0) {
        ::close(out[0]), ::close(err[0]);
        throw Error(o.cli, std::string("cannot start: ") + std::strerror(spawned));
    }

    PipelineResult result;
    ProgressMessage error;
    std::deque<std::string> tail;  // the last lines of its stderr, for an error without one
    auto handle = [&](const std::string& line) {
        const ProgressMessage m = parse_progress_line(line);
        switch (m.type) {
            case ProgressMessage::Type::Progress:
                if (ctx.progress)
                    ctx.progress(m.progress);
                break;
            case ProgressMessage::Type::Stage:
                if (m.stage.kind == StageEvent::Kind::Finished ||
                    m.stage.kind == StageEvent::Kind::Skipped)
                    result.stages.push_back(m.stage);
                if (callbacks.stage)
                    callbacks.stage(m.stage);
                break;
            case ProgressMessage::Type::Metrics:
                if (callbacks.metrics)
                    callbacks.metrics(m.metrics);
                break;
            case ProgressMessage::Type::Error:
                if (error.type == ProgressMessage::Type::None)
                    error = m;
                break;
            case ProgressMessage::Type::None:
                if (line.empty())
                    break;
                tail.push_back(line);
                if (tail.size() > 8)
                    tail.pop_front();
                if (o.output)
                    o.output(line);
                break;
        }
    };

    LineReader readers[2] = {{out[0], {}}, {err[0], {}}};
    bool open[2] = {true, true};
    using Clock = std::chrono::steady_clock;
    bool interrupted = false, killed = false;
    Clock::time_point kill_at{};
    int status = 0;
    bool exited = false;
    while (open[0] || open[1] || !exited) {
        pollfd fds[2];
        nfds_t n = 0;
        int which[2];
        for (int i = 0; i < 2; ++i)
            if (open[i]) {
                fds[n] = {readers[i].fd, POLLIN, 0};
                which[n++] = i;
            }
        if (n > 0) {
            if (::poll(fds, n, 100) > 0)
                for (nfds_t k = 0; k < n; ++k)
                    if (fds[k].revents & (POLLIN | POLLHUP | POLLERR))
                        open[which[k]] = readers[which[k]].read(handle);
        } else {
            ::usleep(50'000);
        }
        if (!exited && ::waitpid(pid, &status, WNOHANG) == pid)
            exited = true;
        if (exited)
            continue;  // drain what is left in the pipes
        if (ctx.cancel && ctx.cancel->cancelled() && !interrupted) {
            // Like Ctrl-C: every rank stops at the same step and rank 0 saves the resume state.
            interrupted = true;
            ::kill(-pid, SIGINT);
            kill_at = Clock::now() + std::chrono::seconds(60);
        }
        if (interrupted && !killed && Clock::now() > kill_at) {
            killed = true;
            ::kill(-pid, SIGKILL);
        }
    }
    ::close(out[0]), ::close(err[0]);

    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {  // done, even if cancelled too late
        result.finished = true;
        for (const auto& line : tail)
            if (line.find("stopped early") != std::string::npos)
                result.finished = false;
        return result;
    }
    if (interrupted)
        throw Cancelled();
    if (error.type == ProgressMessage::Type::Error)
        error.rethrow();
    std::string text;
    for (const auto& line : tail)
        text += (text.empty() ? "" : "\n") + line;
    throw Error(o.cli.filename().string() + " pipeline " + describe_exit_status(status) +
                (text.empty() ? std::string() : ": " + text));
}

}  // namespace amr::pipeline
