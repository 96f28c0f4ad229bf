#pragma once
// On-disk store of each image's CAMs (docs/method.md §4.4), one file per image id:
// `<dir>/<id>.cam`.
//
// An entry holds, for both branches (spotlight, compensation), the K per-class maps already
// max-normalised per class and branch (§4.4): the stride-4 map (⌈H/4⌉×⌈W/4⌉) and optionally the
// full-resolution map (H×W). The weighted CAM is NOT stored: it is recomputed from the two
// branches for any α (recalibrate.h), which is what lets a GUI slider move α live.
//
// File layout (little-endian), version 1:
//   char[8] magic "AMRCAM\0\1", u32 version, u32 H, u32 W, u32 K, u32 h, u32 w, u32 flags
//   (bit 0: full-resolution maps present), u32 fingerprint length n, n bytes fingerprint,
//   K × u32 keys, u64 checksum of the payload, then the payload of IEEE float16 values:
//   spotlight strided, compensation strided [, spotlight full, compensation full],
//   each K planes row-major.
// Values are stored as float16 (relative error <= 2^-11 for normal values), read back as float.
// The fingerprint identifies the model that made the CAMs (e.g. a checkpoint checksum): an entry
// with another fingerprint is stale and must be recomputed.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace amr::cam {

// K per-class maps of one branch at one resolution; each plane is a continuous CV_32FC1 Mat.
using CamPlanes = std::vector<cv::Mat>;

struct CamBranch {
    CamPlanes strided;   // K planes of ⌈H/4⌉×⌈W/4⌉
    CamPlanes high_res;  // K planes of H×W, or empty when not stored
};

struct CamEntry {
    int height = 0;         // image H
    int width = 0;          // image W
    std::vector<int> keys;  // tagged class indices, 0-based (VOC: 0 = aeroplane), one per plane
    CamBranch spotlight;
    CamBranch compensation;

    bool has_high_res() const { return !spotlight.high_res.empty(); }
    // Throws amr::Error (naming `where`) unless sizes, plane counts and types are consistent.
    void check(const std::filesystem::path& where) const;
};

// IEEE 754 binary16 conversions (round to nearest even; NaN and infinities kept).
std::uint16_t float_to_half(float value);
float half_to_float(std::uint16_t bits);

class CamStore {
public:
    // `dir` is created on the first put() if missing.
    CamStore(std::filesystem::path dir, std::string fingerprint);

    const std::filesystem::path& dir() const { return dir_; }
    const std::string& fingerprint() const { return fingerprint_; }
    std::filesystem::path path_of(const std::string& id) const;

    // True when the entry exists, its header is valid, its size matches the header and it was
    // made with this fingerprint (the payload checksum is only verified by get()).
    // Never throws for a bad file (it is simply not fresh); throws for an invalid id.
    bool has_fresh(const std::string& id) const;
    // Writes atomically; throws amr::Error if the entry is inconsistent or the write fails.
    void put(const std::string& id, const CamEntry& entry) const;
    // Reads and fully validates; throws amr::Error naming the file when it is missing, truncated,
    // corrupt, of another version or made by another model (stale).
    CamEntry get(const std::string& id) const;
    // The fingerprint an existing entry file was made with, to open a store without knowing the
    // model. Throws amr::Error naming the file when it is missing or not a valid CAM file.
    static std::string fingerprint_of(const std::filesystem::path& file);
    // The store in `dir` with the fingerprint of its existing entry `id`: opens a store without
    // knowing the model, taking that entry's as the one every other entry must match. Throws
    // amr::Error naming the entry's file when it is missing or not a valid CAM file.
    static CamStore of_entry(const std::filesystem::path& dir, const std::string& id);
    // Of `ids`, those whose entry is missing or not fresh (to recompute).
    std::vector<std::string> stale_ids(const std::vector<std::string>& ids) const;

private:
    std::filesystem::path dir_;
    std::string fingerprint_;
};

}  // namespace amr::cam
