#include "engine/refine/permutohedral.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <stdexcept>

#include <opencv2/core.hpp>

#include "engine/refine/parallel_chunks.h"

namespace amr::refine {

namespace {

constexpr int kMaxDims = 16;

// Open-addressing hash table from the first d coordinates of a lattice point (the last one is
// implied: coordinates sum to zero) to a dense index.
class LatticeHash {
public:
    LatticeHash(int d, std::size_t expected) : d_(d) {
        std::size_t cap = 1024;
        while (cap < 2 * expected)
            cap *= 2;
        table_.assign(cap, -1);
        keys_.reserve(expected * static_cast<std::size_t>(d));
    }

    int size() const { return static_cast<int>(keys_.size() / static_cast<std::size_t>(d_)); }
    const int* key(int index) const { return keys_.data() + static_cast<std::size_t>(index) * d_; }

    // Index of `key`, inserting it when `insert`; −1 when absent and not inserted.
    int find(const int* key, bool insert) {
        if (insert && 2 * static_cast<std::size_t>(size() + 1) > table_.size())
            grow();
        const std::size_t mask = table_.size() - 1;
        std::size_t slot = hash(key) & mask;
        for (;;) {
            const int index = table_[slot];
            if (index < 0) {
                if (!insert)
                    return -1;
                table_[slot] = size();
                keys_.insert(keys_.end(), key, key + d_);
                return table_[slot];
            }
            const int* stored = this->key(index);
            int i = 0;
            while (i < d_ && stored[i] == key[i])
                ++i;
            if (i == d_)
                return index;
            slot = (slot + 1) & mask;
        }
    }

private:
    std::size_t hash(const int* key) const {
        std::uint64_t h = 0x9E3779B97F4A7C15ull;
        for (int i = 0; i < d_; ++i) {
            h ^= static_cast<std::uint32_t>(key[i]);
            h *= 0x100000001B3ull;
            h ^= h >> 29;
        }
        return static_cast<std::size_t>(h);
    }

    void grow() {
        table_.assign(table_.size() * 2, -1);
        const std::size_t mask = table_.size() - 1;
        for (int index = 0; index < size(); ++index) {
            std::size_t slot = hash(key(index)) & mask;
            while (table_[slot] >= 0)
                slot = (slot + 1) & mask;
            table_[slot] = index;
        }
    }

    int d_;
    std::vector<int> table_;
    std::vector<int> keys_;
};

}  // namespace

template <typename Fn>
void PermutohedralLattice::parallel(int count, const Fn& fn) const {
    parallel_chunks(count, threads_, 2048, fn);
}

PermutohedralLattice::PermutohedralLattice(const float* features, int n, int d, int threads)
    : n_(n), d_(d), threads_(threads) {
    if (n < 0 || d < 1 || d > kMaxDims)
        throw std::invalid_argument("PermutohedralLattice: bad point count or dimension");
    const int d1 = d + 1;
    vertex_.resize(static_cast<std::size_t>(n) * d1);
    weight_.resize(static_cast<std::size_t>(n) * d1);

    // With features scaled by `s`, the [1 2 1]/4 blurs along the d+1 lattice directions give a
    // Gaussian of variance (d+1)²/2 in the hyperplane; splatting and slicing add the rest so the
    // whole filter has unit variance in feature units (the scale of Adams et al.).
    const double s = std::sqrt(2.0 / 3.0) * d1;
    std::vector<double> column(static_cast<std::size_t>(d1), 0.0);
    for (int j = 1; j <= d; ++j)
        column[j] = s / std::sqrt(static_cast<double>(j) * (j + 1));

    // Step 1 (parallel): each point's enclosing simplex (vertex keys) and barycentric weights.
    std::vector<int> keys(static_cast<std::size_t>(n) * d1 * d);
    parallel(n, [&](int begin, int end) {
        double x[kMaxDims + 1], y[kMaxDims + 1], sorted[kMaxDims + 1];
        int rem0[kMaxDims + 1], rank[kMaxDims + 1];
        const double inv = 1.0 / d1;
        for (int p = begin; p < end; ++p) {
            const float* f = features + static_cast<std::size_t>(p) * d;
            // Elevate onto the hyperplane Σx = 0 with an orthogonal basis (distances kept).
            double above = 0;
            for (int i = d; i >= 0; --i) {
                const double c = i > 0 ? column[i] * f[i - 1] : 0.0;
                x[i] = above - i * c;
                above += c;
            }
            // Nearest remainder-0 point, then fix its coordinate sum to zero.
            int sum = 0;
            for (int i = 0; i <= d; ++i) {
                rem0[i] = static_cast<int>(std::floor(x[i] * inv + 0.5)) * d1;
                y[i] = x[i] - rem0[i];
                sum += rem0[i];
            }
            const int h = sum / d1;
            auto rank_all = [&] {
                for (int i = 0; i <= d; ++i) {
                    rank[i] = 0;
                    for (int j = 0; j <= d; ++j)
                        if (y[j] > y[i] || (y[j] == y[i] && j < i))
                            ++rank[i];
                }
            };
            rank_all();
            // Shifted coordinates become the largest (h > 0) or the smallest (h < 0) and keep
            // their order, so the ranks follow without re-sorting.
            if (h > 0) {
                for (int i = 0; i <= d; ++i) {
                    if (rank[i] >= d1 - h) {  // the h smallest differentials
                        rem0[i] -= d1;
                        y[i] += d1;
                        rank[i] -= d1 - h;
                    } else {
                        rank[i] += h;
                    }
                }
            } else if (h < 0) {
                for (int i = 0; i <= d; ++i) {
                    if (rank[i] < -h) {  // the |h| largest
                        rem0[i] += d1;
                        y[i] -= d1;
                        rank[i] += d1 + h;
                    } else {
                        rank[i] += h;
                    }
                }
            }
            // Barycentric coordinates from the sorted differentials.
            for (int i = 0; i <= d; ++i)
                sorted[rank[i]] = y[i];
            float* w = weight_.data() + static_cast<std::size_t>(p) * d1;
            double rest = 1;
            for (int k = 1; k <= d; ++k) {
                w[k] = static_cast<float>((sorted[d - k] - sorted[d + 1 - k]) * inv);
                rest -= (sorted[d - k] - sorted[d + 1 - k]) * inv;
            }
            w[0] = static_cast<float>(rest);
            // Vertex k: the remainder-0 point plus the canonical simplex's k-th vertex.
            int* key = keys.data() + static_cast<std::size_t>(p) * d1 * d;
            for (int k = 0; k <= d; ++k)
                for (int i = 0; i < d; ++i)
                    key[k * d + i] = rem0[i] + k - (rank[i] >= d1 - k ? d1 : 0);
        }
    });

    // Step 2 (serial): dense indices of the lattice points.
    // Neighbouring points (pixels of a smooth region) often share their simplex: vertex k of
    // a point then has the key of vertex k of the previous point, and needs no hash lookup.
    // Start small: images occupy far fewer lattice points than (d+1)·n, and a table that fits
    // the cache is what makes the lookups cheap; it doubles when half full.
    LatticeHash hash(d, static_cast<std::size_t>(n) / 8);
    for (std::size_t e = 0; e < vertex_.size(); ++e) {
        const int* key = keys.data() + e * d;
        if (e >= static_cast<std::size_t>(d1)) {
            const int* prev = key - static_cast<std::size_t>(d1) * d;
            int i = 0;
            while (i < d && prev[i] == key[i])
                ++i;
            if (i == d) {
                vertex_[e] = vertex_[e - d1];
                continue;
            }
        }
        vertex_[e] = hash.find(key, true);
    }
    keys.clear();
    keys.shrink_to_fit();
    lattice_points_ = hash.size();
    const int m = lattice_points_;

    // Splat as a gather: the entries of every lattice point, grouped (counting sort).
    splat_begin_.assign(static_cast<std::size_t>(m) + 1, 0);
    for (int v : vertex_)
        ++splat_begin_[v + 1];
    for (int i = 0; i < m; ++i)
        splat_begin_[i + 1] += splat_begin_[i];
    splat_entry_.resize(vertex_.size());
    {
        std::vector<int> fill(splat_begin_.begin(), splat_begin_.end() - 1);
        for (std::size_t e = 0; e < vertex_.size(); ++e)
            splat_entry_[fill[vertex_[e]]++] = {static_cast<int>(e / d1), weight_[e]};
    }

    // Blur neighbours along each direction u_k = (1, …, 1) − (d+1)·e_k.
    neighbour_.assign(static_cast<std::size_t>(m) * d1 * 2, -1);
    std::vector<int> probe(static_cast<std::size_t>(d));
    for (int j = 0; j < m; ++j) {
        const int* key = hash.key(j);
        for (int k = 0; k <= d; ++k) {
            for (int sign = 0; sign < 2; ++sign) {
                const int step = sign == 0 ? -1 : 1;
                for (int i = 0; i < d; ++i)
                    probe[i] = key[i] + step * (i == k ? -d : 1);
                neighbour_[(static_cast<std::size_t>(j) * d1 + k) * 2 + sign] =
                    hash.find(probe.data(), false);
            }
        }
    }

    // A lattice value approximates the Gaussian-blurred density times the volume of a lattice
    // cell, (d+1)^(d−1/2) in lattice units; the unnormalised kernel integrates to (2π)^(d/2).
    scale_ = static_cast<float>(std::pow(2 * std::numbers::pi, 0.5 * d) * std::pow(s, d) /
                                std::pow(static_cast<double>(d1), d - 0.5));
}

void PermutohedralLattice::filter(const float* in, float* out, int value_dim) const {
    std::vector<float> scratch;
    filter(in, out, value_dim, scratch);
}

void PermutohedralLattice::filter(const float* in, float* out, int value_dim,
                                  std::vector<float>& scratch) const {
    dispatch({in, nullptr, out, nullptr, 1.f, false}, value_dim, scratch);
}

void PermutohedralLattice::filter_scaled(const float* in, const float* in_scale, float* out,
                                         const float* out_scale, float out_weight, int value_dim,
                                         std::vector<float>& scratch) const {
    dispatch({in, in_scale, out, out_scale, out_weight, true}, value_dim, scratch);
}

void PermutohedralLattice::dispatch(const Pass& pass, int value_dim,
                                    std::vector<float>& scratch) const {
    const std::size_t m = static_cast<std::size_t>(lattice_points_);
    scratch.resize(2 * m * static_cast<std::size_t>(value_dim));
    // Fixed channel counts let the compiler unroll the per-entry loops.
    switch (value_dim) {
        case 1:
            return run<1>(pass, value_dim, scratch.data());
        case 2:
            return run<2>(pass, value_dim, scratch.data());
        case 3:
            return run<3>(pass, value_dim, scratch.data());
        case 4:
            return run<4>(pass, value_dim, scratch.data());
        default:
            return run<0>(pass, value_dim, scratch.data());
    }
}

template <int kChannels>
void PermutohedralLattice::run(const Pass& pass, int value_dim, float* work) const {
    const float* in = pass.in;
    float* out = pass.out;
    const int d1 = d_ + 1;
    const std::size_t v = kChannels > 0 ? kChannels : static_cast<std::size_t>(value_dim);
    const std::size_t m = static_cast<std::size_t>(lattice_points_);
    float* a = work;
    float* b = work + m * v;

    // Splat: each lattice point gathers its points' values, weighted barycentrically.
    parallel(lattice_points_, [&](int begin, int end) {
        for (int j = begin; j < end; ++j) {
            float* dst = a + j * v;
            std::fill(dst, dst + v, 0.f);
            for (int s = splat_begin_[j]; s < splat_begin_[j + 1]; ++s) {
                const SplatEntry entry = splat_entry_[s];
                const float w =
                    pass.in_scale ? entry.weight * pass.in_scale[entry.point] : entry.weight;
                const float* src = in + static_cast<std::size_t>(entry.point) * v;
                for (std::size_t c = 0; c < v; ++c)
                    dst[c] += w * src[c];
            }
        }
    });

    // Blur: [1 2 1]/4 along each lattice direction in turn; missing neighbours count as zero.
    for (int k = 0; k < d1; ++k) {
        parallel(lattice_points_, [&](int begin, int end) {
            for (int j = begin; j < end; ++j) {
                const int* nb = neighbour_.data() + (static_cast<std::size_t>(j) * d1 + k) * 2;
                const float* self = a + j * v;
                float* dst = b + j * v;
                for (std::size_t c = 0; c < v; ++c)
                    dst[c] = 0.5f * self[c];
                for (int side = 0; side < 2; ++side) {
                    if (nb[side] < 0)
                        continue;
                    const float* src = a + static_cast<std::size_t>(nb[side]) * v;
                    for (std::size_t c = 0; c < v; ++c)
                        dst[c] += 0.25f * src[c];
                }
            }
        });
        std::swap(a, b);
    }

    // Slice: barycentric interpolation back at every point.
    parallel(n_, [&](int begin, int end) {
        std::vector<float> sum_buffer;
        for (int p = begin; p < end; ++p) {
            float* dst = out + static_cast<std::size_t>(p) * v;
            float acc[kChannels > 0 ? kChannels : 1];
            if (kChannels == 0 && pass.accumulate && sum_buffer.size() < v)
                sum_buffer.resize(v);
            float* sum = kChannels > 0 ? acc : (pass.accumulate ? sum_buffer.data() : dst);
            std::fill(sum, sum + v, 0.f);
            for (int k = 0; k < d1; ++k) {
                const std::size_t e = static_cast<std::size_t>(p) * d1 + k;
                const float w = weight_[e];
                const float* src = a + static_cast<std::size_t>(vertex_[e]) * v;
                for (std::size_t c = 0; c < v; ++c)
                    sum[c] += w * src[c];
            }
            if (pass.accumulate) {
                const float f =
                    scale_ * pass.out_weight * (pass.out_scale ? pass.out_scale[p] : 1.f);
                for (std::size_t c = 0; c < v; ++c)
                    dst[c] += f * sum[c];
            } else {
                for (std::size_t c = 0; c < v; ++c)
                    dst[c] = sum[c] * scale_;
            }
        }
    });
}

}  // namespace amr::refine
