#pragma once
// Rounding as NumPy's np.round does it: half to even. The official AMR code sizes every rescaled
// image with int(np.round(side · scale)) (docs/method.md §3.2 and §4.1), so 161 · 0.5 = 80.5
// becomes 80 there; std::lround (half away from zero) would give 81 and another CAM.

#include <algorithm>
#include <cmath>

namespace amr {

// `v` rounded to the nearest integer, ties to the even one (independent of the FP rounding mode).
inline int round_half_even(double v) {
    const double f = std::floor(v);
    const double frac = v - f;
    double r = f;
    if (frac > 0.5 || (frac == 0.5 && std::fmod(f, 2.0) != 0.0))
        r = f + 1.0;
    return static_cast<int>(r);
}

// One side of an image rescaled by `scale` as the official pil_rescale sizes it (at least 1).
inline int scaled_side(int side, double scale) {
    return std::max(1, round_half_even(side * scale));
}

}  // namespace amr
