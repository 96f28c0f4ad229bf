#pragma once
// Decoding one dataset image and its ground-truth mask, checked against each other.

#include <cstddef>

#include <opencv2/core.hpp>

#include "engine/data/dataset.h"

namespace amr::data {

struct Sample {
    cv::Mat image;  // CV_8UC3, BGR
    cv::Mat mask;   // CV_8UC1 label image, empty when the image has no ground truth
};

// Throws amr::Error naming the file when the image or mask cannot be decoded, when the mask's
// size differs from the image's, or when the mask holds a value that is neither a class of the
// dataset nor 255.
Sample load_sample(const Dataset& dataset, std::size_t index, bool with_mask = true);

// Checks a label image against a class list and an expected size; throws amr::Error naming `file`.
void check_label_image(const cv::Mat& labels, const ClassList& classes, cv::Size expected,
                       const std::filesystem::path& file);

}  // namespace amr::data
