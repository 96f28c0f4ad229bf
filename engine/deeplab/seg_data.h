#pragma once
// The segmentation data pipeline of DeepLab training (docs/method.md §6.2): random scale from a
// list (image bilinear, labels nearest as PIL does it), padding bottom/right to the crop (image
// with the mean colour, labels 255), a random crop and a random horizontal flip. Sample k of a run
// (k = 0, 1, ... over all updates) is image order_e[k mod N] of epoch e = k / N, with its random
// choices seeded by (seed, k): batches depend only on the seed and the step, so a resumed run sees
// exactly the data of an uninterrupted one.

#include <cstdint>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include <torch/torch.h>
#include <opencv2/core.hpp>

#include "engine/data/dataset.h"
#include "engine/nn/resnet.h"

namespace amr::deeplab {

struct SegAugmentOptions {
    int crop = 321;
    std::vector<double> scales{0.5, 0.75, 1.0, 1.25, 1.5};
    bool flip = true;
    nn::ResNetLayout layout = nn::ResNetLayout::kCaffe;
};

// One training image and its label file.
struct SegItem {
    std::string id;
    std::filesystem::path image;
    std::filesystem::path labels;
};

// The split's images that have <id>.png in `labels_dir`, in dataset order.
std::vector<SegItem> seg_items(const data::Dataset& dataset, const std::vector<std::size_t>& split,
                               const std::filesystem::path& labels_dir);

// Reads an item; throws amr::Error naming the label file when its size differs from the image's
// or a value is neither a label (< num_labels) nor 255.
void load_seg_item(const SegItem& item, int num_labels, cv::Mat& bgr, cv::Mat& labels);

// Augments one image (8-bit BGR) and its labels into `image` (3·crop² floats, CHW, normalised
// for the layout, 0 = mean colour) and `labels` (crop² bytes), deterministically in rng_seed.
void augment_seg(const cv::Mat& bgr, const cv::Mat& labels, const SegAugmentOptions& options,
                 std::uint64_t rng_seed, float* image, std::uint8_t* label_out);

// The RNG seed of sample k of a run.
std::uint64_t sample_seed(std::uint64_t seed, long k);

struct SegBatch {
    torch::Tensor images;  // B×3×crop×crop float
    torch::Tensor labels;  // B×crop×crop uint8, 255 = ignore (no torch work on the loader)
};

// Builds batch b (samples [b·B, (b+1)·B) of the run's sample stream), preparing the next one on
// a background thread while the caller trains.
class SegBatchSource {
public:
    SegBatchSource(std::vector<SegItem> items, int num_labels, int batch, SegAugmentOptions options,
                   std::uint64_t seed);
    ~SegBatchSource();
    SegBatchSource(const SegBatchSource&) = delete;
    SegBatchSource& operator=(const SegBatchSource&) = delete;

    // Data parallel (docs/distributed.md): batch b of rank `rank` of `world` is the slice
    // [rank·B, (rank+1)·B) of the global batch b of B·world samples, so the ranks' batches of a
    // step concatenated are the batch of one process with batch B·world. Call before get().
    void shard(int rank, int world);
    // Batch b; rethrows a loading error (e.g. a bad label file).
    SegBatch get(long b);
    std::size_t size() const { return items_.size(); }
    // The dataset-order index (into items) of sample k.
    std::size_t item_of_sample(long k) const;

private:
    SegBatch build(long b) const;

    std::vector<SegItem> items_;
    int num_labels_;
    int batch_;
    int rank_ = 0, world_ = 1;
    SegAugmentOptions options_;
    std::uint64_t seed_;
    long pending_index_ = -1;
    std::future<SegBatch> pending_;
};

}  // namespace amr::deeplab
