#include "engine/review/guided_prior.h"

#include <algorithm>
#include <cmath>

namespace amr::review {

std::vector<float> click_cam_scales(const std::vector<cv::Mat>& cams, const std::vector<int>& keys,
                                    const std::vector<Click>& clicks, int stride,
                                    const GuidedWalkOptions& o) {
    std::vector<float> scales(cams.size(), 1.0f);
    if (!o.cam_adapt)
        return scales;
    const double bg = o.cam_background, top = o.cam_max_scale;
    for (std::size_t k = 0; k < cams.size(); ++k) {
        double lo = 1.0 / top, hi = top;
        bool any_lo = false, any_hi = false;
        for (const Click& c : clicks) {
            const int y = c.point.y / stride, x = c.point.x / stride;
            if (y < 0 || x < 0 || y >= cams[k].rows || x >= cams[k].cols)
                continue;
            const double v =
                std::pow(std::clamp(double(cams[k].at<float>(y, x)), 0.0, 1.0), o.cam_power);
            if (c.label == keys[k] + 1) {
                lo = std::max(lo, bg * (1 + o.cam_margin) / std::max(v, 1e-6));
                any_lo = true;
            } else if (v > 0) {
                hi = std::min(hi, bg * (1 - o.cam_margin) / v);
                any_hi = true;
            }
        }
        // Change the CAM no more than the clicks ask: raise only for positives it misses, lower
        // only for negatives it claims; contradicting clicks meet halfway (geometric mean).
        double s = 1;
        if (any_lo && lo > 1)
            s = lo;
        if (any_hi && hi < 1)
            s = hi;
        if (any_lo && any_hi && lo > hi)
            s = std::sqrt(lo * hi);
        scales[k] = static_cast<float>(std::clamp(s, 1.0 / top, top));
    }
    return scales;
}

void mix_cam_prior(std::vector<std::vector<float>>& prior, const std::array<int, 256>& plane_of,
                   const std::vector<cv::Mat>& cams, const std::vector<int>& keys,
                   const std::vector<float>& scales, const GuidedWalkOptions& o,
                   std::vector<float>* confidence) {
    if (cams.empty() || o.cam_weight <= 0)
        return;
    const std::size_t L = prior.size(), hw = cams[0].total();
    const float cw = static_cast<float>(o.cam_weight), bg = static_cast<float>(o.cam_background);
    std::vector<float> raw(L * hw, 0.0f), adapted(L * hw, 0.0f);
    for (std::size_t k = 0; k < cams.size(); ++k) {
        const int pl = plane_of[keys[k] + 1];
        if (pl < 0)
            continue;
        const cv::Mat c = cams[k].isContinuous() ? cams[k] : cams[k].clone();
        const float* v = c.ptr<float>();
        for (std::size_t j = 0; j < hw; ++j) {
            const float p = std::pow(std::clamp(v[j], 0.0f, 1.0f), float(o.cam_power));
            raw[pl * hw + j] = p;
            adapted[pl * hw + j] = std::min(1.0f, scales[k] * p);
        }
    }
    // Background as in the CAM pseudo label (§4.5): a constant plane.
    const int bg_plane = plane_of[0];
    if (bg_plane >= 0)
        for (std::size_t j = 0; j < hw; ++j)
            raw[bg_plane * hw + j] = adapted[bg_plane * hw + j] = bg;
    for (std::size_t j = 0; j < hw; ++j) {
        float sum = 0;
        std::size_t arg_raw = 0, arg = 0;
        for (std::size_t l = 0; l < L; ++l) {
            const float r = raw[l * hw + j], a = adapted[l * hw + j];
            sum += a;
            if (r > raw[arg_raw * hw + j])
                arg_raw = l;
            if (a > adapted[arg * hw + j])
                arg = l;
        }
        if (sum <= 1e-6f)
            continue;
        // Where the clicks' scales flip the CAM's decision the mask is stale: the CAM alone.
        const float keep = arg != arg_raw ? 0.0f : 1 - cw;
        const float take = arg != arg_raw ? 1.0f : cw;
        for (std::size_t l = 0; l < L; ++l)
            prior[l][j] = keep * prior[l][j] + take * adapted[l * hw + j] / sum;
        if (confidence)
            (*confidence)[j] = std::clamp(2 * adapted[arg * hw + j] / sum - 1, 0.0f, 1.0f);
    }
}

}  // namespace amr::review
