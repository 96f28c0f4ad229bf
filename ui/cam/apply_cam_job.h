#pragma once
// "Apply to all": the current α and background threshold turned into the "cam" mask version
// for every image with CAMs, as palette PNGs, on a worker thread; shaped like an engine job.

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/job.h"

namespace amr::ui {

struct ApplyCamOptions {
    std::filesystem::path store;    // CAM store folder
    std::filesystem::path out_dir;  // where <id>.png go (created)
    std::vector<std::string> ids;   // tagged images; those without an entry are skipped
    // Untagged images (id, image file): all background, as eval_cams scores them.
    std::vector<std::pair<std::string, std::filesystem::path>> untagged;
    double alpha = 0.5;
    double threshold = 0.2;

    void check() const;  // throws amr::Error naming the bad field
};

struct ApplyCamResult {
    std::size_t written = 0;
    std::size_t skipped = 0;     // tagged but no CAM entry
    std::size_t background = 0;  // untagged: written all background
    std::string fingerprint;     // of the model that made the CAMs (the first entry's)
};

// Writes each label atomically; reports per image and stops with amr::Cancelled between images.
ApplyCamResult apply_cam_to_all(const ApplyCamOptions& options, const JobContext& ctx = {});

// {"stage":"cam","checkpoint":<fingerprint>,"alpha":..,"threshold":..}
std::string cam_provenance_json(const std::string& fingerprint, double alpha, double threshold);

}  // namespace amr::ui
