#pragma once
// Decoding photos (JPEG, PNG, BMP, ...) with OpenCV, with errors that name the file.

#include <filesystem>

#include <opencv2/core.hpp>

namespace amr::data {

// Decodes to 8-bit BGR (CV_8UC3). Throws amr::Error naming the file when it is missing,
// unreadable, or not a decodable image.
cv::Mat read_image(const std::filesystem::path& file);

// Width and height from the file header alone (JPEG and PNG are parsed directly; other formats
// fall back to a full decode). Throws amr::Error naming the file when it is missing or corrupt.
cv::Size read_image_size(const std::filesystem::path& file);

// File extensions (lower case, with the dot) that count as images when scanning folders.
bool is_image_extension(const std::filesystem::path& file);

}  // namespace amr::data
