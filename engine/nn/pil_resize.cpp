#include "engine/nn/pil_resize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace amr::nn {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double bilinear(double x) {
    x = std::abs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

double bicubic(double x) {
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

struct Coeffs {
    int ksize = 0;
    std::vector<int> bounds;  // per output: first input index, count
    std::vector<int32_t> k;   // out_size × ksize fixed-point weights
};

Coeffs precompute(int in_size, int out_size, PilFilter filter) {
    const double support_1 = filter == PilFilter::kBicubic ? 2.0 : 1.0;
    double (*fn)(double) = filter == PilFilter::kBicubic ? bicubic : bilinear;
    const double scale = static_cast<double>(in_size) / out_size;
    const double filterscale = std::max(scale, 1.0);
    const double support = support_1 * filterscale;
    Coeffs c;
    c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.bounds.resize(2 * static_cast<std::size_t>(out_size));
    c.k.assign(static_cast<std::size_t>(out_size) * c.ksize, 0);
    std::vector<double> w(c.ksize);
    for (int xx = 0; xx < out_size; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double ss = 1.0 / filterscale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0)
            xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > in_size)
            xmax = in_size;
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            w[x] = fn((x + xmin - center + 0.5) * ss);
            ww += w[x];
        }
        for (int x = 0; x < xmax; ++x) {
            const double v = ww != 0.0 ? w[x] / ww : w[x];
            c.k[static_cast<std::size_t>(xx) * c.ksize + x] = static_cast<int32_t>(
                v < 0 ? -0.5 + v * (1 << kPrecisionBits) : 0.5 + v * (1 << kPrecisionBits));
        }
        c.bounds[2 * xx] = xmin;
        c.bounds[2 * xx + 1] = xmax;
    }
    return c;
}

uint8_t clip8(int64_t v) {
    v >>= kPrecisionBits;  // arithmetic shift = floor, as in Pillow
    return static_cast<uint8_t>(std::clamp<int64_t>(v, 0, 255));
}

cv::Mat horizontal(const cv::Mat& src, int out_w, PilFilter filter) {
    const int ch = src.channels();
    const Coeffs c = precompute(src.cols, out_w, filter);
    cv::Mat dst(src.rows, out_w, src.type());
    for (int y = 0; y < src.rows; ++y) {
        const uint8_t* in = src.ptr<uint8_t>(y);
        uint8_t* out = dst.ptr<uint8_t>(y);
        for (int xx = 0; xx < out_w; ++xx) {
            const int xmin = c.bounds[2 * xx], n = c.bounds[2 * xx + 1];
            const int32_t* k = &c.k[static_cast<std::size_t>(xx) * c.ksize];
            for (int ci = 0; ci < ch; ++ci) {
                int64_t ss = int64_t{1} << (kPrecisionBits - 1);
                for (int x = 0; x < n; ++x)
                    ss += int64_t{in[(x + xmin) * ch + ci]} * k[x];
                out[xx * ch + ci] = clip8(ss);
            }
        }
    }
    return dst;
}

cv::Mat vertical(const cv::Mat& src, int out_h, PilFilter filter) {
    const int row = src.cols * src.channels();
    const Coeffs c = precompute(src.rows, out_h, filter);
    cv::Mat dst(out_h, src.cols, src.type());
    for (int yy = 0; yy < out_h; ++yy) {
        const int ymin = c.bounds[2 * yy], n = c.bounds[2 * yy + 1];
        const int32_t* k = &c.k[static_cast<std::size_t>(yy) * c.ksize];
        uint8_t* out = dst.ptr<uint8_t>(yy);
        for (int i = 0; i < row; ++i) {
            int64_t ss = int64_t{1} << (kPrecisionBits - 1);
            for (int y = 0; y < n; ++y)
                ss += int64_t{src.ptr<uint8_t>(y + ymin)[i]} * k[y];
            out[i] = clip8(ss);
        }
    }
    return dst;
}

}  // namespace

cv::Mat pil_resize(const cv::Mat& src, cv::Size size, PilFilter filter) {
    if (src.depth() != CV_8U || src.empty())
        throw std::invalid_argument("pil_resize: expects a non-empty 8-bit image");
    if (size.width <= 0 || size.height <= 0)
        throw std::invalid_argument("pil_resize: target size must be positive");
    cv::Mat img = src.isContinuous() ? src : src.clone();
    if (size.width != img.cols)
        img = horizontal(img, size.width, filter);
    if (size.height != img.rows)
        img = vertical(img, size.height, filter);
    return img.data == src.data ? img.clone() : img;
}

}  // namespace amr::nn
