#pragma once
// Click-to-fix: a random walk on an image's IRNet affinity graph guided by clicks (issue 21).
//
// The graph is the one of refine's walk (engine/refine/random_walk.h): at the boundary map's
// stride (4), a(p, q) = (1 − max of B on the path)^β over a radius-5 neighbourhood; when the
// session has the image, times exp(−β_c |c_p − c_q|² / mean) of the cells' mean colours, as in
// Grady's random walker, for the edges IRNet's boundary map misses. Each label
// l (background, every class in the mask, every clicked class) gets a score plane x_l that
// minimises
//     Σ_{p~q} A_pq (x_l(p) − x_l(q))²  +  γ Σ_p D_p (x_l(p) − prior_l(p))²
// with the clicked pixels fixed (hard seeds: 1 for their label, 0 for every other). The prior
// mixes the current mask (the fraction of each stride cell with label l) and the weighted CAM
// (normalised over the labels). With a small γ a seed fills the region that the affinities
// enclose and stops at strong edges, where the prior takes over. The linear system is solved by
// Jacobi-preconditioned conjugate gradients, one plane per thread, never as a dense matrix.
//
// The scores are upsampled bilinearly to the image, arg-maxed, finished at full resolution along
// the label edges when the session has the image (edge_refine.h), and only the region near each
// click changes: the pixels that took the click's label inside the connected region of that
// label holding the click. With whole_objects, the newest click also re-decides the objects it
// touches (the mask's object under it, the mask's objects of its label that meet its region):
// there every pixel takes the walk's label, so one click takes back a spill-over or a wrong
// class too. Everything else keeps the current mask, so the walk's coarse stride never blurs
// what the user did not touch.
//
// A GuidedWalkSession holds one image's graph: build it once, then run() for every click.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/review/edge_refine.h"

namespace amr::review {

struct Click {
    cv::Point point;         // image pixel
    std::uint8_t label = 0;  // the label the user says is there: 0 = background, k = class k
};

struct GuidedWalkOptions {
    int radius = 5;               // affinity neighbourhood radius (stride cells)
    double beta = 10;             // affinity exponent
    double restart = 0.002;       // γ: pull of every pixel towards its prior
    double cam_weight = 0.5;      // share of the CAM in the prior (0: the mask alone)
    double cam_power = 1.0;       // CAM planes are raised to this power first
    double cam_background = 0.5;  // the background's CAM score (refine's --bg)
    bool cam_adapt = false;       // the clicks rescale each class's CAM (guided_prior.h)
    double cam_margin = 0.1;      // ... to put each click this far past the background score
    double cam_max_scale = 4;     // ... by a factor in [1/max, max]
    // γ grows to γ(1 + cam_pull·c) where the CAM is confident (c); 10 was chosen on half of
    // the realistic set's training images and cut clicks by 8–10 % on the other half; with
    // weak CAMs it costs at most 0.04 clicks against 0 (docs/editing.md)
    double cam_pull = 10;
    int click_radius = 2;         // image pixels around a click that are hard seeds
    int max_iterations = 400;     // conjugate-gradient iterations per plane
    double tolerance = 1e-4;      // stop when |residual| < tolerance · |right-hand side|
    EdgeRefineOptions edge;       // full-resolution finish (needs set_image())
    bool whole_objects = true;    // the newest click re-decides the objects it touches
    // With the image (set_image), the affinities × exp(−colour_beta |Δ colour|² / mean) of the
    // stride cells' mean colours; 2 was chosen on 40 demo images and cut clicks by a quarter on
    // the other 80 (docs/editing.md); 0 = the boundary map alone
    double colour_beta = 2;

    void check() const;  // throws amr::Error naming the bad field
};

// What run() did, for benches and tests.
struct GuidedWalkStats {
    int iterations = 0;  // the most CG iterations of any plane
    int planes = 0;
};

class GuidedWalkSession {
public:
    // `boundary`: CV_32FC1 in [0, 1] at stride s (⌈H/s⌉×⌈W/s⌉, s = 4 for IRNet) for an image of
    // `image_size`. `cams`: K planes of the boundary map's size (weighted CAM, in [0, 1]) for
    // the class indices `keys` (0-based; plane k is label keys[k] + 1); may be empty.
    // Builds the affinity graph (the expensive part, done once). Throws amr::Error on
    // inconsistent sizes.
    GuidedWalkSession(const cv::Mat& boundary, cv::Size image_size, std::vector<cv::Mat> cams,
                      std::vector<int> keys, const GuidedWalkOptions& options = {});
    ~GuidedWalkSession();
    GuidedWalkSession(GuidedWalkSession&&) noexcept;
    GuidedWalkSession& operator=(GuidedWalkSession&&) noexcept;

    // Gives the session the image (BGR, of image_size) for the colour term of the affinities
    // (colour_beta) and the full-resolution finish of the walk's stride-4 result
    // (engine/review/edge_refine.h). Without it the scores are only upsampled. Call before
    // sharing the session between threads.
    void set_image(const cv::Mat& bgr);

    cv::Size image_size() const;
    const GuidedWalkOptions& options() const;

    // The labels (CV_8UC1 of the image size; 255 = void) after all `clicks` of this image so
    // far, starting from `labels` (the current mask). Returns a new image; `labels` is kept.
    cv::Mat run(const cv::Mat& labels, const std::vector<Click>& clicks,
                GuidedWalkStats* stats = nullptr) const;

    // run() in place; returns the bounding rectangle of the changed pixels (empty if none).
    cv::Rect apply(cv::Mat& labels, const std::vector<Click>& clicks,
                   GuidedWalkStats* stats = nullptr) const;

private:
    struct Graph;
    std::unique_ptr<Graph> g_;
};

// A boundary map saved by `amr refine --boundary-out` (8-bit PNG, 255 = certain boundary) as
// CV_32FC1 in [0, 1]. Throws amr::Error naming the file.
cv::Mat read_boundary_png(const std::filesystem::path& file);

// The changed pixels' bounding rectangle of two label images of one size (empty if equal).
cv::Rect changed_rect(const cv::Mat& before, const cv::Mat& after);

}  // namespace amr::review
