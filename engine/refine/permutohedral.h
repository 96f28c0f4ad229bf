#pragma once
// Gaussian filtering in a low-dimensional feature space with the permutohedral lattice (Adams,
// Baek & Davis, "Fast High-Dimensional Filtering Using the Permutohedral Lattice", 2010).
//
// For points with features f_i (already divided by the kernel's standard deviations), filter()
// approximates out_i = Σ_j exp(−½‖f_i − f_j‖²) · in_j, self-term included. The lattice (each
// point's enclosing simplex, its barycentric weights, and the blur neighbours of every lattice
// point) is built once in the constructor; filter() then only splats, blurs and slices, so one
// lattice serves every mean-field iteration, and all value channels (labels) go through at once.

#include <cstddef>
#include <vector>

namespace amr::refine {

class PermutohedralLattice {
public:
    // `features`: n × d floats, row-major. 1 <= d <= 16. `threads`: 0 = OpenCV's pool, 1 = serial.
    PermutohedralLattice(const float* features, int n, int d, int threads = 0);

    int points() const { return n_; }
    int dims() const { return d_; }
    int lattice_points() const { return lattice_points_; }

    // `in` and `out`: n × value_dim floats, interleaved per point; they must not overlap.
    // `scratch` is resized as needed and may be reused across calls (not shared across threads).
    void filter(const float* in, float* out, int value_dim, std::vector<float>& scratch) const;
    void filter(const float* in, float* out, int value_dim) const;
    // out_i += out_weight · out_scale_i · Σ_j k(i,j) · in_scale_j · in_j: a mean-field message
    // with the kernel normalisation folded into splat and slice (no extra passes).
    void filter_scaled(const float* in, const float* in_scale, float* out, const float* out_scale,
                       float out_weight, int value_dim, std::vector<float>& scratch) const;

private:
    template <typename Fn>
    void parallel(int count, const Fn& fn) const;
    struct Pass {
        const float* in;
        const float* in_scale;  // per point, or null
        float* out;
        const float* out_scale;  // per point, or null
        float out_weight;
        bool accumulate;  // out += ... instead of out = ...
    };
    void dispatch(const Pass& pass, int value_dim, std::vector<float>& scratch) const;
    template <int kChannels>
    void run(const Pass& pass, int value_dim, float* work) const;

    struct SplatEntry {
        int point;
        float weight;
    };

    int n_ = 0;
    int d_ = 0;
    int threads_ = 0;
    int lattice_points_ = 0;
    float scale_ = 1;               // maps the lattice's blur to the unnormalised Gaussian sum
    std::vector<int> vertex_;       // n × (d+1): lattice point of each vertex of the simplex
    std::vector<float> weight_;     // n × (d+1): barycentric weights (sum to 1)
    std::vector<int> splat_begin_;  // lattice point -> range in splat_entry_ (CSR)
    std::vector<SplatEntry> splat_entry_;  // (point, weight) pairs grouped by lattice point
    std::vector<int> neighbour_;  // lattice point × (d+1) directions × 2 (−, +); −1 = none
};

}  // namespace amr::refine
