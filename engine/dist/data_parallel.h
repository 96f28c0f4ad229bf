#pragma once
// What a data-parallel training loop needs beyond the collectives: the rank's share of an
// epoch, and the same starting state on every rank.

#include <cstddef>
#include <filesystem>
#include <vector>

#include <torch/torch.h>

#include "engine/dist/communicator.h"

namespace amr::dist {

// The part of an epoch's `order` that `rank` trains on, batch after batch: global step b takes
// order[b·G, (b+1)·G) with G = batch·world, and rank r the slice [b·G + r·batch, b·G +
// (r+1)·batch). So the ranks' batches of a step, concatenated in rank order, are exactly the
// batch of one process with batch G (drop_last: a trailing partial global batch is dropped).
std::vector<std::size_t> shard_order(const std::vector<std::size_t>& order, int batch, int rank,
                                     int world);

// Copies rank 0's parameters and buffers to every rank.
void broadcast_module(Communicator& comm, torch::nn::Module& module);

// The start of a data-parallel run, after the model was built and a resume state loaded: checks
// that every rank resumes at the same `step` (a shared file system, or a copy of `resume_file`
// on each node; throws amr::Error naming it otherwise), then broadcasts rank 0's weights.
void agree_on_start(Communicator& comm, long step, const std::filesystem::path& resume_file,
                    torch::nn::Module& module);

// Sums `values` over the ranks and divides by the world size (e.g. the step's losses for the
// metrics). Returns them unchanged without a communicator.
std::vector<double> average(Communicator* comm, const std::vector<double>& values,
                            const char* what);

// Sums `values` over the ranks (e.g. the labelled-pixel counts that normalise a loss over the
// global batch). Returns them unchanged without a communicator.
std::vector<double> sum(Communicator* comm, const std::vector<double>& values, const char* what);

// Whether any rank asks to stop (all ranks then stop at the same step).
bool any(Communicator* comm, bool value, const char* what);

}  // namespace amr::dist
