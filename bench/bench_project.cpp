// Project database at dataset scale: statuses and scores of N images in one transaction each,
// reading them all back (what the GUI does on open), single-image status changes (what a
// reviewer does), and sync_mask_version over a folder of N masks.
//
//   bench_project [images=100000] [scratch folder=$TMPDIR]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "engine/project/project.h"

namespace fs = std::filesystem;
using amr::project::Project;
using amr::project::ReviewStatus;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
    const char* tmp = std::getenv("TMPDIR");
    const fs::path scratch =
        fs::path(argc > 2 ? argv[2] : (tmp ? tmp : "/tmp")) / "bench_project_scratch";
    fs::remove_all(scratch);
    fs::create_directories(scratch / "data");

    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i)
        ids.push_back("img_" + std::to_string(1000000 + i));

    auto t0 = std::chrono::steady_clock::now();
    Project p = Project::create(scratch / "proj", scratch / "data");
    std::printf("create                       %8.1f ms\n", ms_since(t0));

    t0 = std::chrono::steady_clock::now();
    p.set_statuses(ids, ReviewStatus::Accepted);
    std::printf("set_statuses %d ids        %8.1f ms\n", n, ms_since(t0));

    std::map<std::string, std::pair<double, std::string>> scores;
    for (int i = 0; i < n; ++i)
        scores[ids[i]] = {(i % 997) / 997.0, "{\"cam\":0.5,\"area\":0.25}"};
    t0 = std::chrono::steady_clock::now();
    p.set_scores(scores);
    std::printf("set_scores %d ids          %8.1f ms\n", n, ms_since(t0));

    t0 = std::chrono::steady_clock::now();
    const auto states = Project::open(scratch / "proj").image_states();
    std::printf("open + image_states (%zu)  %8.1f ms\n", states.size(), ms_since(t0));

    constexpr int kEdits = 200;
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kEdits; ++i)
        p.set_status(ids[std::size_t(i * 37 % n)], ReviewStatus::Corrected);
    std::printf("set_status, one image        %8.3f ms each (%d edits)\n", ms_since(t0) / kEdits,
                kEdits);

    const fs::path masks = p.mask_dir("cam");
    fs::create_directories(masks);
    for (int i = 0; i < n; ++i)
        std::ofstream(masks / (ids[std::size_t(i)] + ".png")) << "x";
    t0 = std::chrono::steady_clock::now();
    const auto recorded = p.sync_mask_version("cam", "{\"stage\":\"cam\",\"alpha\":0.5}");
    std::printf("sync_mask_version (%zu)    %8.1f ms\n", recorded, ms_since(t0));

    t0 = std::chrono::steady_clock::now();
    amr::project::ProjectMaskSource source(p);
    std::printf("ProjectMaskSource preload    %8.1f ms\n", ms_since(t0));
    std::printf("database size                %8.1f MB\n",
                double(fs::file_size(p.database_path())) / 1e6);
    fs::remove_all(scratch);
    return 0;
}
