#pragma once
// Export of a CAM store (cam_store.h) to NumPy files for Python post-processing; the layout is
// documented in docs/cam-store.md.
//
// npz (default): <out>/<id>.npz, a zip (stored, no compression) of .npy arrays:
//   keys                   int32   (K,)       0-based class indices of the planes
//   spotlight_cam          float32 (K, h, w)  stride-4 maps, h = ⌈H/4⌉, w = ⌈W/4⌉
//   compensation_cam       float32 (K, h, w)
//   cam                    float32 (K, h, w)  α·spotlight + (1−α)·compensation (official "cam")
//   spotlight_high_res     float32 (K, H, W)  only when the store has full-resolution maps
//   compensation_high_res  float32 (K, H, W)
//   high_res               float32 (K, H, W)  weighted at α (official "high_res")
// npy: the same arrays as <out>/<id>/<name>.npy.
// Plus <out>/index.json: {"format": "amr-cam-export", "version": 1, "alpha", "ids": [...]}.
// Every file is written atomically.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/job.h"

namespace amr::cam {

struct ExportCamsOptions {
    std::filesystem::path store;  // CamStore folder
    std::filesystem::path out;    // created if missing
    std::string format = "npz";   // "npz" or "npy"
    double alpha = 0.5;           // weight of the spotlight CAM in cam / high_res (§4.4: 0.5)

    void check() const;  // throws amr::Error naming the bad field
};

struct ExportCamsResult {
    std::size_t exported = 0;
};

// Exports every entry (<id>.cam) of the store, whatever model made it. Reports progress per
// entry; stops with amr::Cancelled between entries. Throws amr::Error naming a corrupt entry.
ExportCamsResult export_cams(const ExportCamsOptions& options, const JobContext& ctx = {});

// A complete .npy file (format 1.0) holding `bytes` of little-endian data of dtype `descr`
// ("<f4", "<i4") and the given C-order shape.
std::string npy_file(const std::string& descr, const std::vector<std::int64_t>& shape,
                     const void* data, std::size_t bytes);

// A zip archive of (name, content) members, stored without compression (what np.load reads).
std::string zip_stored(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace amr::cam
