#pragma once
// Image resizing that reproduces Pillow's Image.resize() bit for bit (without reducing_gap):
// separable convolution with the filter support scaled by the downscale factor (antialiasing),
// 22-bit fixed-point coefficients, horizontal pass first, 8-bit rounding between the passes.
// Keras' ImageNet preprocessing and the official AMR data pipeline resize with Pillow, so exact
// reference numbers need this rather than OpenCV's resize.

#include <opencv2/core.hpp>

namespace amr::nn {

enum class PilFilter {
    kBilinear,  // triangle, support 1 (Image.BILINEAR)
    kBicubic,   // cubic with a = −0.5, support 2 (Image.BICUBIC)
};

// `src`: 8-bit with any number of channels (CV_8UCn); returns the same type at `size`.
cv::Mat pil_resize(const cv::Mat& src, cv::Size size, PilFilter filter);

}  // namespace amr::nn
