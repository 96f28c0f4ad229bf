#include "engine/refine/path_indices.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "engine/core/error.h"

namespace amr::refine {

PathIndices make_path_indices(int radius) {
    if (radius < 2)
        throw Error("path indices: radius must be at least 2 (got " + std::to_string(radius) + ")");
    std::vector<Offset> search;
    for (int x = 1; x < radius; ++x)
        search.push_back({0, x});
    for (int y = 1; y < radius; ++y)
        for (int x = -radius + 1; x < radius; ++x)
            if (x * x + y * y < radius * radius)
                search.push_back({y, x});

    // Path length -> (direction, path) in search order.
    std::map<int, std::vector<std::pair<Offset, std::vector<Offset>>>> by_length;
    for (const Offset& d : search) {
        const double length_sq = d.dy * d.dy + d.dx * d.dx;
        std::vector<Offset> path;
        for (int y = std::min(0, d.dy); y <= std::max(0, d.dy); ++y)
            for (int x = std::min(0, d.dx); x <= std::max(0, d.dx); ++x) {
                const double cross = d.dy * x - d.dx * y;
                if (cross * cross / length_sq < 1)
                    path.push_back({y, x});
            }
        // Farthest first, as the official code orders them (only the max is taken anyway).
        std::stable_sort(path.begin(), path.end(), [](const Offset& a, const Offset& b) {
            return std::abs(a.dy) + std::abs(a.dx) > std::abs(b.dy) + std::abs(b.dx);
        });
        by_length[static_cast<int>(path.size())].emplace_back(d, std::move(path));
    }

    PathIndices p;
    p.radius = radius;
    p.radius_floor = radius - 1;
    for (auto& [length, items] : by_length) {
        p.group_lengths.push_back(length);
        p.group_sizes.push_back(static_cast<int>(items.size()));
        for (auto& [d, path] : items) {
            p.directions.push_back(d);
            p.paths.push_back(std::move(path));
        }
    }
    return p;
}

}  // namespace amr::refine
