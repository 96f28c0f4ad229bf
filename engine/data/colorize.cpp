#include "engine/data/colorize.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "engine/core/error.h"
#include "engine/data/class_list.h"
#include "engine/data/label_png.h"

namespace amr::data {

cv::Mat colorize_labels(const cv::Mat& labels) {
    if (labels.type() != CV_8UC1)
        throw Error("colorize_labels: expected an 8-bit label image");
    // One 32-bit BGRA word per label value, looked up per pixel.
    std::array<std::uint32_t, 256> lut{};
    const auto& palette = voc_palette();
    for (int v = 0; v < 256; ++v) {
        if (v == kBackgroundLabel)
            continue;
        const std::uint8_t bgra[4] = {palette[v][2], palette[v][1], palette[v][0], 255};
        std::memcpy(&lut[v], bgra, 4);
    }
    cv::Mat out(labels.size(), CV_8UC4);
    for (int y = 0; y < labels.rows; ++y) {
        const auto* src = labels.ptr<std::uint8_t>(y);
        auto* dst = out.ptr<std::uint32_t>(y);
        for (int x = 0; x < labels.cols; ++x)
            dst[x] = lut[src[x]];
    }
    return out;
}

}  // namespace amr::data
