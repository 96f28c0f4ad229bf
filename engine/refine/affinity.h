#pragma once
// Pairwise affinities on the IRNet neighbourhood (docs/method.md §5.3, §5.4), as torch tensors so
// the training loss can backpropagate through them. Sources and directions follow PathIndices: S =
// source_rows(h) · source_cols(w) sources, D = directions.size().

#include <torch/torch.h>

#include "engine/refine/path_indices.h"

namespace amr::dist {
class Communicator;
}

namespace amr::refine {

struct AffinityLabels {
    torch::Tensor bg_pos;  // B×D×S float: both ends valid, same label, background (0)
    torch::Tensor fg_pos;  // both ends valid, same label > 0
    torch::Tensor neg;     // both ends valid, different labels
};

// From label maps B×h×w (uint8; 255 = unknown, never valid).
AffinityLabels affinity_labels(const torch::Tensor& labels, const PathIndices& paths);

// a(p, p+d) = 1 − max of the boundary map over the path, B×D×S, from B×h×w or B×1×h×w
// probabilities; differentiable.
torch::Tensor affinity_from_boundary(const torch::Tensor& boundary, const PathIndices& paths);

struct IrnLoss {
    torch::Tensor total;  // (L_pos + L_neg) / 2, L_pos = pos_bg/2 + pos_fg/2 (docs/method.md §5.4)
    torch::Tensor pos_bg;
    torch::Tensor pos_fg;
    torch::Tensor neg;
};

// The edge-branch losses of docs/method.md §5.4 for edge logits B×1×h×w and label maps B×h×w.
// Each term is a mean over its affinity pairs. With `comm` (data-parallel training) the pair
// counts are those of all ranks' batches (one small all-reduce) and each term is multiplied by the
// world size, so the ranks' averaged gradients and losses are exactly those of one process
// training on the global batch (the ranks' pair counts differ: seeds differ per image).
IrnLoss irn_edge_loss(const torch::Tensor& edge_logits, const torch::Tensor& labels,
                      const PathIndices& p, dist::Communicator* comm = nullptr);

}  // namespace amr::refine
