#pragma once
// Label images as single-channel 8-bit PNGs, through libpng (never OpenCV: cv::imread expands
// palette PNGs to colours, which destroys the class indices).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include <opencv2/core.hpp>

namespace amr::data {

using Rgb = std::array<std::uint8_t, 3>;

// The 256-entry PASCAL VOC colormap (bit-interleave rule): 0 = (0,0,0), 1 = (128,0,0),
// 15 = (192,128,128), 255 = (224,224,192).
const std::array<Rgb, 256>& voc_palette();

// Writes `labels` (CV_8UC1) as an 8-bit palette PNG with the VOC colormap, atomically.
// Throws amr::Error naming the file on failure (full disk included).
void write_label_png(const std::filesystem::path& file, const cv::Mat& labels);

// The bytes write_label_png writes, for callers that store them elsewhere (a folder published
// by one rename, a database). Throws amr::Error for an empty or non-CV_8UC1 image.
std::string encode_label_png(const cv::Mat& labels);

// Reads a palette (indices kept as they are) or 8-bit grayscale PNG into CV_8UC1.
// Refuses RGB/RGBA/16-bit PNGs with a message explaining that their colours are not class indices.
cv::Mat read_label_png(const std::filesystem::path& file);

// Reads only the PNG header: width and height. Throws amr::Error for non-PNG files.
cv::Size read_png_size(const std::filesystem::path& file);

// What the PNG header says, for validators that must tell palette from grayscale or RGB.
struct PngInfo {
    int width = 0;
    int height = 0;
    int bit_depth = 0;         // bits per channel: 1, 2, 4, 8 or 16
    int color_type = 0;        // PNG_COLOR_TYPE_*: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
    std::vector<Rgb> palette;  // the PLTE entries (palette PNGs only)

    bool is_palette() const { return color_type == 3; }
    bool is_gray() const { return color_type == 0; }
    // "palette", "grayscale", "RGB", "grayscale+alpha", "RGBA"
    std::string color_type_name() const;
};

// Reads the PNG header and palette only. Throws amr::Error for missing, non-PNG or corrupt files.
PngInfo read_png_info(const std::filesystem::path& file);

}  // namespace amr::data
