#include "engine/nn/normalization_matrix.h"

namespace amr::nn {

namespace {

// Pixel 0 is black, pixels 1..3 are the unit R, G and B: the offsets and the columns.
cv::Matx34f probe(ResNetLayout layout) {
    auto p = torch::zeros({1, 3, 1, 4});
    for (int c = 0; c < 3; ++c)
        p[0][c][0][c + 1] = 1.0f;
    auto n = normalize_input(p, layout).contiguous();
    auto a = n.accessor<float, 4>();
    cv::Matx34f m;
    for (int out = 0; out < 3; ++out) {
        m(out, 3) = a[0][out][0][0];
        for (int in = 0; in < 3; ++in)
            m(out, in) = a[0][out][0][in + 1] - a[0][out][0][0];
    }
    return m;
}

}  // namespace

const cv::Matx34f& normalization_matrix(ResNetLayout layout) {
    static const cv::Matx34f torchvision = probe(ResNetLayout::kTorchvision);
    static const cv::Matx34f caffe = probe(ResNetLayout::kCaffe);
    return layout == ResNetLayout::kCaffe ? caffe : torchvision;
}

}  // namespace amr::nn
