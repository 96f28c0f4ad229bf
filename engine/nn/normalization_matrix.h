#pragma once
// normalize_input() as a 3×4 affine map of RGB pixels (channel order changes included), for the
// data loaders: cv::transform with it normalises a float RGB image without torch kernels. Probed
// once per layout on first use; call it once outside the loader threads so none of them runs a
// torch kernel.

#include <opencv2/core.hpp>

#include "engine/nn/resnet.h"

namespace amr::nn {

const cv::Matx34f& normalization_matrix(ResNetLayout layout);

}  // namespace amr::nn
