#pragma once
// ImageNet weights: their files and import (weights_files.h, no torch) and a top-k classifier
// that proves an import right.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/nn/resnet.h"
#include "engine/nn/weights_files.h"

namespace amr::nn {

struct ImageNetClassifier {
    ResNet net{nullptr};  // eval mode, with an fc head
    std::vector<std::string> labels;
};

// Loads a checkpoint of architecture "resnet" with an fc head. Throws amr::Error naming the file;
// a missing default checkpoint gets a hint to run `amr import-weights`.
ImageNetClassifier load_imagenet_classifier(const std::filesystem::path& checkpoint);

struct ClassScore {
    int64_t index = 0;
    std::string label;  // "" when the checkpoint has no labels
    double probability = 0;
};

// Keras-style ImageNet evaluation of one photo (8-bit BGR): the whole image resized (no crop) to
// input_size² with Pillow's bilinear filter, normalised for the network's layout, softmax.
std::vector<ClassScore> classify_image(ImageNetClassifier& classifier, const cv::Mat& bgr,
                                       int top_k = 5, int input_size = 224);

}  // namespace amr::nn
