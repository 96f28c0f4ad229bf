#pragma once
// The train_irn data pipeline (docs/method.md §5.4): image + seed label, random scale in [lo, hi]
// (image PIL bicubic, label PIL nearest), normalise, random h-flip, random crop (image pad 0 = mean
// colour, label pad 255), then the label downscaled ×0.25 (PIL nearest: source pixel 4i+2).
// Every random choice comes from (seed, epoch, dataset index), so batches do not depend on
// thread counts and a resumed run sees the same data.

#include <cstdint>
#include <filesystem>
#include <vector>

#include <torch/torch.h>
#include <opencv2/core.hpp>

#include "engine/data/dataset.h"
#include "engine/nn/resnet.h"

namespace amr::refine {

struct IrnAugment {
    std::filesystem::path seeds;  // folder of <id>.png seed labels
    int crop = 512;               // multiple of 4
    double scale_low = 0.5;
    double scale_high = 1.5;
    bool flip = true;
    nn::ResNetLayout layout = nn::ResNetLayout::kCaffe;
};

struct IrnBatch {
    torch::Tensor images;  // B×3×crop×crop float, normalised for the layout
    torch::Tensor labels;  // B×(crop/4)×(crop/4) uint8, 255 = unknown
};

// One sample into 3·crop² floats (CHW) and (crop/4)² label bytes. Throws amr::Error naming the
// seed file when it is missing or its size differs from the image's.
void irn_sample_into(const data::Dataset& dataset, std::size_t index, const IrnAugment& options,
                     std::uint64_t seed, int epoch, float* image, std::uint8_t* label);

// Batch b of an epoch's order (samples [b·B, (b+1)·B)), built on `threads` threads.
IrnBatch build_irn_batch(const data::Dataset& dataset, const std::vector<std::size_t>& order,
                         int batch_size, int b, const IrnAugment& options, std::uint64_t seed,
                         int epoch, int threads);

// PIL's NEAREST resize of a label image: out(i) = in(⌊(i + 0.5)·in/out⌋) per axis.
cv::Mat pil_nearest(const cv::Mat& labels, cv::Size size);

}  // namespace amr::refine
