#pragma once
// `make_cam` (docs/method.md §4.1–§4.4): multi-scale, flip-merged CAMs of both AMR branches for
// every image of a split, written to a CamStore. Plain variant by default; AdvCAM's
// anti-adversarial climbing (§4.3) is an option.
//
// Per image and scale s: the image is resized (Pillow bicubic, scale 1 untouched), the pair
// [I_s, flip(I_s)] is one batch (so the AMMs normalise with that pair's statistics, §4.1), each
// branch's raw CAMs of the image's tagged classes are ReLU'd, the flipped half is flipped back
// and added, each half weighted by the §4.2 Grad-CAM factor (gradcam_scale, on as in the official
// plain variant); the per-scale maps are upsampled bilinearly to ⌈H/4⌉×⌈W/4⌉ and to
// 16⌈H/16⌉×16⌈W/16⌉ (cropped to H×W), summed over scales and max-normalised per class and branch.
// With `adversarial`, each class's per-scale map is the sum over the climbing iterations (§4.3).
// Scales are not batched together: the compensation branch's AMMs normalise with the statistics
// of the whole batch, so a batch must stay the [I_s, flip(I_s)] pair (docs/cam-store.md).
//
// A "spotlight" checkpoint (train-cam output) is accepted too: it has no compensation branch, so
// both stored branches are the spotlight CAMs (every α then gives the same weighted CAM).
//
// Resume: images whose entry is fresh (same checkpoint fingerprint) are skipped; entries made by
// another checkpoint are recomputed.
//
// In a distributed job (dist::world(), docs/distributed.md) rank r of N computes the images n of
// the split with n % N == r; the result's counts are those of the whole split, on every rank.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"

namespace amr::cam {

struct MakeCamsOptions {
    std::filesystem::path dataset;
    std::string split = "auto";        // "auto": train_aug when the dataset has it, else train
    std::filesystem::path checkpoint;  // "amr" or "spotlight" checkpoint
    std::filesystem::path store;       // CamStore folder
    std::vector<double> scales{1.0, 0.5, 0.75, 1.25, 1.5, 1.75, 2.0};  // §4.1
    bool flip = true;             // add the horizontally flipped image (§4.1)
    bool high_res = true;         // also store the full-resolution maps
    bool gradcam_scale = true;    // the §4.2 per-scale factor (official plain variant)
    bool adversarial = false;     // AdvCAM climbing (§4.3); off by default (slow)
    int adv_iterations = 27;      // T (scale 0.5: half_scale_iterations(T)); 1 = plain
    std::string device = "auto";  // "auto", "cpu" or "cuda"

    void check() const;  // throws amr::Error naming the bad field
};

struct MakeCamsResult {
    std::size_t computed = 0;  // entries written
    std::size_t skipped = 0;   // entries already fresh
    std::size_t untagged = 0;  // images without tags (no entry)
    std::string fingerprint;   // the checkpoint's, plus ";no-gradcam-scale" / ";advcam:<T>"
    std::string split;         // the split processed ("auto" resolved)
};

// Identifies a checkpoint file's content: "fnv1a64:<hex of the whole file>:<size>".
// Throws amr::Error naming the file when it cannot be read.
std::string checkpoint_fingerprint(const std::filesystem::path& file);

// Reports progress once per image ("<id>", "<id> (skipped)"); stops with amr::Cancelled between
// images. Throws amr::Error for a bad dataset, checkpoint or split, or a class count mismatch.
MakeCamsResult make_cams(const MakeCamsOptions& options, const JobContext& ctx = {});

}  // namespace amr::cam
