#pragma once
// The classification data pipeline (docs/method.md §3.2) and a prefetching batch loader.
// Every random choice of a sample comes from an RNG seeded by (seed, epoch, dataset index) and
// the epoch's order from (seed, epoch), so batches are identical whatever the thread count and
// a run resumed at any step sees the same data as an uninterrupted one.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <torch/torch.h>

#include "engine/data/dataset.h"
#include "engine/nn/resnet.h"

namespace amr::train {

struct AugmentOptions {
    int crop = 512;
    int scale_min = 320;  // long side range for a 512 crop of a 500-px image, scaled by
    int scale_max = 640;  // crop/512, or with scale_of_image by the image's long side/500
    bool scale_of_image = false;
    bool flip = true;
    double color_jitter = 0;
    bool cutout = false;
    double cutmix = 0;  // per image, within the batch (cutmix_batch)
    nn::ResNetLayout layout = nn::ResNetLayout::kCaffe;
};

struct Batch {
    torch::Tensor images;  // B×3×crop×crop float, normalised for the layout (0 = mean colour)
    torch::Tensor labels;  // B×K float multi-hot
};

// The order of `indices` for an epoch (a seeded Fisher–Yates shuffle).
std::vector<std::size_t> epoch_order(const std::vector<std::size_t>& indices, std::uint64_t seed,
                                     int epoch);

// One augmented sample, 3×crop×crop, deterministic in (seed, epoch, index); augment_into writes
// it to 3·crop² floats (CHW) without running torch kernels.
void augment_into(const data::Dataset& dataset, std::size_t index, const AugmentOptions& options,
                  std::uint64_t seed, int epoch, float* dst);
torch::Tensor augment_sample(const data::Dataset& dataset, std::size_t index,
                             const AugmentOptions& options, std::uint64_t seed, int epoch);

// CutMix (Yun et al. 2019) within a batch of B ≥ 2 (B×3×S×S images, B×K targets, both
// contiguous float): with probability p, image i gets a box of image (i + 1) mod B pasted, with
// λ ~ U(0, 1), sides round(S·√(1 − λ)) and a uniform centre, clipped to the image; its targets
// become λ'·y_i + (1 − λ')·y_j, λ' the share of its own pixels left. Pastes come from the
// originals, so the order does not matter. Plain loops, no torch kernels (loader threads).
void cutmix_batch(torch::Tensor& images, torch::Tensor& labels, double p, std::uint64_t seed);

// Produces batches [first, last) of an epoch's order (drop_last: batch b holds
// order[b·B, (b+1)·B)) on `threads` worker threads, at most `prefetch` batches ahead.
class BatchLoader {
public:
    BatchLoader(const data::Dataset& dataset, std::vector<std::size_t> order, int batch_size,
                int first, int last, const AugmentOptions& options, std::uint64_t seed, int epoch,
                int threads, int prefetch);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // The next batch in order; rethrows a worker's exception (e.g. an undecodable image).
    Batch next();

private:
    void work();
    Batch build(int b) const;

    const data::Dataset& dataset_;
    std::vector<std::size_t> order_;
    int batch_size_;
    int next_to_build_;
    int next_to_take_;
    int last_;
    AugmentOptions options_;
    std::uint64_t seed_;
    int epoch_;
    int prefetch_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::map<int, Batch> ready_;
    std::exception_ptr error_;
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace amr::train
