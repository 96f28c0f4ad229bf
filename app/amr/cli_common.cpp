#include "cli_common.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>

namespace amr::cli {
namespace {

bool g_bar_drawn = false;

void on_signal(int) {
    interrupt_token().cancel();
}

std::string format_seconds(double s) {
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%dh%02dm", int(s / 3600), int(s / 60) % 60);
    else
        std::snprintf(buf, sizeof buf, "%dm%02ds", int(s / 60), int(s) % 60);
    return buf;
}

}  // namespace

CancelToken& interrupt_token() {
    static CancelToken token;
    return token;
}

void install_interrupt_handler() {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
}

void finish_progress() {
    if (g_bar_drawn)
        std::fputc('\n', stderr);
    g_bar_drawn = false;
}

JobContext terminal_job(const std::string& label) {
    JobContext ctx;
    ctx.cancel = &interrupt_token();
    if (!::isatty(STDOUT_FILENO) || !::isatty(STDERR_FILENO))
        return ctx;
    struct State {
        std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
        std::chrono::steady_clock::time_point last{};
    };
    auto state = std::make_shared<State>();
    ctx.progress = [label, state](const ProgressEvent& e) {
        auto now = std::chrono::steady_clock::now();
        bool last_step = e.total > 0 && e.done >= e.total;
        if (!last_step && now - state->last < std::chrono::milliseconds(100))
            return;
        state->last = now;
        double frac = e.total ? double(e.done) / double(e.total) : 0.0;
        const int width = 30;
        int fill = static_cast<int>(frac * width + 0.5);
        std::string bar(fill, '#');
        bar.resize(width, '.');
        double elapsed = std::chrono::duration<double>(now - state->start).count();
        std::string eta =
            (frac > 0 && !last_step) ? " ETA " + format_seconds(elapsed * (1 - frac) / frac) : "";
        std::fprintf(stderr, "\r%s [%s] %3d%% %zu/%zu%s %-24.24s", label.c_str(), bar.c_str(),
                     int(frac * 100 + 0.5), e.done, e.total, eta.c_str(), e.message.c_str());
        std::fflush(stderr);
        g_bar_drawn = true;
    };
    return ctx;
}

}  // namespace amr::cli
