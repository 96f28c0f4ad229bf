#pragma once
// The soft prior of the guided walk (issue 21): the current mask, and the weighted CAM
// recalibrated by the clicks.
//
// The starting masks are refined pseudo labels, which the CAM made: the CAM's arg-max against
// the constant background score (refine's --bg) is already in the mask, so a CAM mixed into the
// mask prior only repeats it (and a 50/50 mix can never overrule the mask's label). What the
// mask has lost is how far each class's CAM is from that threshold. The clicks tell: a click
// that says "class k here" where the CAM of k is below the background score shows that this
// image's CAM of k is too weak, a click that says "not k" where it is above shows it is too
// strong. So each class plane gets a scale s_k that puts every click on its side of the
// threshold (with a margin); the cells whose CAM decision that scale flips are the cells where
// the mask is known to be stale, and there the prior is the recalibrated CAM alone. Elsewhere it
// is the mix of mask and CAM as before.

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/review/guided_walk.h"

namespace amr::review {

// Per CAM plane (class keys[k] + 1), the scale that the clicks ask for: the smallest change of
// 1 that puts the CAM at every positive click of the class above background·(1 + margin) and
// at every other click below background·(1 − margin), within [1/max, max]; 1 without clicks
// (or with options.cam_adapt off). `cams` are at `stride` of the clicks' image.
std::vector<float> click_cam_scales(const std::vector<cv::Mat>& cams, const std::vector<int>& keys,
                                    const std::vector<Click>& clicks, int stride,
                                    const GuidedWalkOptions& options);

// Mixes the CAM into `prior` (one plane of cams[0].total() cells per label; the mask's share of
// each cell on entry), with `plane_of` mapping a label to its plane (-1: none). A label without
// a CAM plane scores 0 in the CAM, background the constant options.cam_background.
// `confidence` (when given, one value per cell) gets 2·(largest CAM share) − 1, clamped to
// [0, 1]: 1 where one label has all of the recalibrated CAM, 0 at a tie of two.
void mix_cam_prior(std::vector<std::vector<float>>& prior, const std::array<int, 256>& plane_of,
                   const std::vector<cv::Mat>& cams, const std::vector<int>& keys,
                   const std::vector<float>& scales, const GuidedWalkOptions& options,
                   std::vector<float>* confidence = nullptr);

}  // namespace amr::review
