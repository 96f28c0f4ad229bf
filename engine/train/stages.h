#pragma once
// Parameter groups and losses of the two stages (docs/method.md §3.3, §3.4), apart from the loop so
// tests can check them on their own.

#include "engine/nn/cam_nets.h"
#include "engine/train/batch_loader.h"
#include "engine/train/sgd.h"
#include "engine/train/train_loop.h"
#include "engine/train/train_options.h"

namespace amr::train {

// "backbone" (layer1..4; the stem is frozen) and "classifier" (W_s).
void add_cam_groups(Sgd& sgd, const nn::SpotlightNet& net, const TrainCamOptions& options);
torch::Tensor cam_loss(nn::SpotlightNet& net, const Batch& batch, LossTerms& terms);

// "spotlight" (its backbone: gets no gradient, never changes), "compensation" (its backbone
// incl. AMMs; stem frozen, layer1 gets no gradient) and "classifier" (W_s and W_c).
void add_amr_groups(Sgd& sgd, const nn::AmrNet& net, const TrainAmrOptions& options);
torch::Tensor amr_loss(nn::AmrNet& net, const Batch& batch, const TrainAmrOptions& options,
                       LossTerms& terms);

}  // namespace amr::train
