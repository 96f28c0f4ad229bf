#pragma once
// CAM recalibration (docs/method.md §4.4 Eq. 2) and the CAM pseudo label (§4.5), cheap enough to
// rerun under a live GUI slider: tight loops over the stored float planes, no torch, no per-pixel
// allocation.

#include <vector>

#include <opencv2/core.hpp>

#include "engine/cam/cam_store.h"

namespace amr::cam {

// Per-class max normalisation of one branch (§4.4), in place: plane /= (max(plane) + 1e-5).
// Maps of non-negative CAMs then lie in [0, 1); an all-zero plane stays zero.
void max_normalise(CamPlanes& planes);

// M_w = α·M_spot + (1−α)·M_comp per class, with no normalisation afterwards (§4.4): α = 1 gives
// exactly the spotlight CAM, α = 0 exactly the compensation CAM. Planes must match in size.
CamPlanes weighted_cam(const CamPlanes& spotlight, const CamPlanes& compensation, float alpha);
// One plane of M_w into `out` (reused when it already has the right size and type).
void weighted_plane(const cv::Mat& spotlight, const cv::Mat& compensation, float alpha,
                    cv::Mat& out);
// The viewer's heat map of M_w on the full-resolution maps: plane `plane`, or (plane < 0) the
// per-pixel max over all planes; α = 1 and α = 0 give the spotlight and compensation CAMs.
// `out` and `scratch` are reused; `out` is empty when the entry has no planes. Throws
// amr::Error when the entry has no full-resolution maps or `plane` is out of range.
void weighted_heat(const CamEntry& entry, float alpha, int plane, cv::Mat& out, cv::Mat& scratch);

// The label of §4.5: a constant background plane `threshold` before the K class planes, argmax
// over K+1 (ties go to the earlier plane, so to background), plane j > 0 -> keys[j−1] + 1.
// Returns CV_8UC1 of the planes' size (all 0 when there are no planes: then `size` is used).
cv::Mat pseudo_label(const CamPlanes& cams, const std::vector<int>& keys, float threshold,
                     cv::Size size = {});

// Both at once on the full-resolution maps without materialising M_w: the slider path.
// `out` is reused when it already has the right size and type. Throws amr::Error when the
// entry has no full-resolution maps.
void recalibrated_label(const CamEntry& entry, float alpha, float threshold, cv::Mat& out);
cv::Mat recalibrated_label(const CamEntry& entry, float alpha, float threshold);

}  // namespace amr::cam
