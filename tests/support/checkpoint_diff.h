#pragma once
// Comparing two trained checkpoints, e.g. a distributed run against one process.

#include <filesystem>

namespace amr::test {

// The largest |a − b| over the tensors of two checkpoints (compared in float64, name by name),
// or −1 when their tensor names differ.
double checkpoint_max_diff(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace amr::test
