#pragma once
// What the classification stages compute per training step: loss terms, the erasing mask and the
// learning-rate schedule (docs/method.md §3.3, §3.4, §10.5).

#include <torch/torch.h>

namespace amr::train {

// Multilabel soft margin: mean over the batch of −(1/K)·Σ_k [y·log σ(l) + (1−y)·log σ(−l)].
torch::Tensor multilabel_soft_margin(const torch::Tensor& logits, const torch::Tensor& targets);

// Cross pseudo supervision between raw spotlight and compensation CAMs (B×K×h×w), on their ReLU.
// Own (default): mean |ReLU(cam_s) − ReLU(cam_c)| over every image, class and position.
torch::Tensor cps_loss_own(const torch::Tensor& cam_s, const torch::Tensor& cam_c);
// Official: M = ReLU(cam[0]) + flip_w(ReLU(cam[1])) of images 0 and 1, mean |M_s − M_c| over
// K×h×w (docs/method.md §8.3: merges two different images).
torch::Tensor cps_loss_flip_merge(const torch::Tensor& cam_s, const torch::Tensor& cam_c);

// Where the compensation branch may look when it trains with the spotlight's peaks hidden
// (train-amr --erase-top, docs/method.md §10.5): B×1×h×w, 0 where some class the image is tagged
// with has ReLU(cam_s) ≥ top · its maximum over the image, 1 elsewhere. top in (0, 1].
torch::Tensor spotlight_keep_mask(const torch::Tensor& cam_s, const torch::Tensor& labels,
                                  double top);

// Poly schedule: lr0 · (1 − t/T)^power before update t (t = 0..T−1).
double poly_lr(double lr0, long step, long total_steps, double power);

}  // namespace amr::train
