#pragma once
// The DeepLab training loss (docs/method.md §6.2) and the mIoU of a network on images with ground
// truth, apart from the training loop so tests can check them on their own.

#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "engine/core/job.h"
#include "engine/data/dataset.h"
#include "engine/deeplab/deeplab_net.h"
#include "engine/eval/confusion_matrix.h"

namespace amr::dist {
class Communicator;
}

namespace amr::deeplab {

// Labels B×H×W (int64) resized to h×w as PIL's NEAREST does: source ⌊(i + ½)·H/h⌋.
torch::Tensor resize_labels_nearest(const torch::Tensor& labels, int64_t h, int64_t w);

// Cross entropy ignoring 255 (mean over the labelled pixels, 0 when there are none) of one
// output B×K×h×w against the labels resized to h×w.
torch::Tensor seg_cross_entropy(const torch::Tensor& logits, const torch::Tensor& labels);

// The sum of seg_cross_entropy over the MSC outputs; `terms` gets each one (if given). With
// `comm` (data-parallel training) each output's labelled-pixel count is that of all ranks'
// batches (one small all-reduce) and each term is multiplied by the world size, so the ranks'
// averaged gradients and losses are exactly those of one process on the global batch (the
// ranks' counts of ignored pixels differ).
torch::Tensor msc_loss(const std::vector<torch::Tensor>& outputs, const torch::Tensor& labels,
                       std::vector<torch::Tensor>* terms = nullptr,
                       dist::Communicator* comm = nullptr);

struct SegEvaluation {
    eval::Metrics metrics;
    std::size_t images = 0;
};

// Predicts the images of `indices` that have a ground-truth mask (full resolution, MSC max
// fusion over `scales`) and scores them with one dataset-level confusion matrix. Honours
// ctx's cancellation; reports progress per image. With `comm` each rank scores its share of the
// images (dist::Shard) and the confusion matrices are summed: every rank gets the whole result.
SegEvaluation evaluate_deeplab(DeepLabV2& net, const data::Dataset& dataset,
                               const std::vector<std::size_t>& indices,
                               const std::vector<double>& scales, const torch::Device& device,
                               const JobContext& ctx = {}, dist::Communicator* comm = nullptr);

}  // namespace amr::deeplab
