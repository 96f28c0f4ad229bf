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

}  // namespace amr::data
