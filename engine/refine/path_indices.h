#pragma once
// The neighbourhood geometry of IRNet (docs/method.md §5.3), shared by the affinity labels of
// train_irn and the affinities of the random walk: the directions of a half-disc of radius r and,
// for each, the integer points of the straight path from the source to the destination.

#include <vector>

namespace amr::refine {

struct Offset {
    int dy = 0;
    int dx = 0;
};

struct PathIndices {
    int radius = 0;
    int radius_floor = 0;            // ⌈r⌉ − 1: the margin of the source region
    std::vector<Offset> directions;  // grouped by path length (ascending), search order within
    std::vector<std::vector<Offset>> paths;  // per direction, endpoints included
    std::vector<int> group_lengths;          // distinct path lengths, ascending
    std::vector<int> group_sizes;            // directions per length group

    // Sources of an h×w map: rows [0, h−ρ) × cols [ρ, w−ρ) (docs/method.md §5.3).
    int source_rows(int h) const { return h - radius_floor; }
    int source_cols(int w) const { return w - 2 * radius_floor; }
};

// Throws amr::Error for radius < 2.
PathIndices make_path_indices(int radius);

}  // namespace amr::refine
