// Distributed runs on this machine (docs/distributed.md): images/s of `amr train-cam` (tiny net)
// and `amr make-cam` as 1 process against 2 local ranks (--nproc 2) on a small demo dataset.
// Runs the built `amr` program; prints a table for docs/performance.md.
//
//   bench_dist [train_images=64] [size=128] [epochs=2] [global_batch=8] [make_cam_images=16]
// For train-cam the figure is the run's average images/s as `amr` prints it; for make-cam the
// split's images over the command's wall time (start-up and rendezvous included).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include <unistd.h>

#include "engine/data/demo_data.h"

namespace fs = std::filesystem;

namespace {

struct Run {
    double seconds = 0;
    std::string output;
    int status = -1;
};

// Runs a shell command line, capturing stdout.
Run run(const std::string& command) {
    Run r;
    const auto t0 = std::chrono::steady_clock::now();
    FILE* p = ::popen(command.c_str(), "r");
    if (!p)
        return r;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p))
        r.output += buf;
    r.status = ::pclose(p);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

double printed_images_per_s(const std::string& out) {
    std::smatch m;
    if (std::regex_search(out, m, std::regex(R"(([0-9.]+) images/s)")))
        return std::stod(m[1]);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const int train_images = argc > 1 ? std::atoi(argv[1]) : 64;
    const int size = argc > 2 ? std::atoi(argv[2]) : 128;
    const int epochs = argc > 3 ? std::atoi(argv[3]) : 2;
    const int global_batch = argc > 4 ? std::atoi(argv[4]) : 8;
    const int cam_images = argc > 5 ? std::atoi(argv[5]) : 16;
    const std::string amr = AMR_CLI_PATH;

    const fs::path dir = fs::temp_directory_path() / ("bench_dist_" + std::to_string(::getpid()));
    amr::data::DemoDataOptions d;
    d.output = dir / "demo";
    d.train_images = train_images;
    d.val_images = cam_images;
    d.canvas_size = size;
    const fs::path data = amr::data::make_demo_data(d).root;
    std::printf(
        "demo data: %d train images, %d val, %d px; train-cam --tiny --crop 96, %d epochs, "
        "global batch %d; make-cam --scales 1,0.5 on val\n",
        train_images, cam_images, size, epochs, global_batch);

    const std::string common = " train-cam " + data.string() + " " + (dir / "cam.pt").string() +
                               " --tiny --crop 96 --epochs " + std::to_string(epochs) +
                               " --device cpu --loader-threads 1";
    struct Case {
        const char* name;
        std::string env;
        int nproc, batch;
    } cases[] = {
        {"1 process, OMP_NUM_THREADS=2", "OMP_NUM_THREADS=2", 1, global_batch},
        {"1 process, OMP_NUM_THREADS=1", "OMP_NUM_THREADS=1", 1, global_batch},
        {"--nproc 2 (1 thread each)", "", 2, global_batch / 2},
    };
    std::printf("\n| train-cam | images/s | wall s |\n| --- | --- | --- |\n");
    for (const auto& c : cases) {
        std::string cmd = "env -u OMP_NUM_THREADS " + c.env + " " + amr + common + " --batch " +
                          std::to_string(c.batch) +
                          (c.nproc > 1 ? " --nproc " + std::to_string(c.nproc) : std::string()) +
                          " 2>/dev/null";
        Run r = run(cmd);
        if (r.status != 0) {
            std::printf("| %s | failed (status %d) | |\n", c.name, r.status);
            continue;
        }
        std::printf("| %s | %.1f | %.1f |\n", c.name, printed_images_per_s(r.output), r.seconds);
        std::fflush(stdout);
    }

    std::printf("\n| make-cam | images/s | wall s |\n| --- | --- | --- |\n");
    struct CamCase {
        const char* name;
        std::string env;
        int nproc;
    } cam_cases[] = {
        {"1 process, OMP_NUM_THREADS=2", "OMP_NUM_THREADS=2", 1},
        {"--nproc 2 (1 thread each)", "", 2},
    };
    int k = 0;
    for (const auto& c : cam_cases) {
        const fs::path store = dir / ("cams" + std::to_string(k++));
        std::string cmd = "env -u OMP_NUM_THREADS " + c.env + " " + amr + " make-cam " +
                          data.string() + " --split val --checkpoint " + (dir / "cam.pt").string() +
                          " --out " + store.string() + " --scales 1,0.5 --device cpu" +
                          (c.nproc > 1 ? " --nproc " + std::to_string(c.nproc) : std::string()) +
                          " 2>/dev/null";
        Run r = run(cmd);
        if (r.status != 0) {
            std::printf("| %s | failed (status %d) | |\n", c.name, r.status);
            continue;
        }
        std::printf("| %s | %.1f | %.1f |\n", c.name, cam_images / r.seconds, r.seconds);
        std::fflush(stdout);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
