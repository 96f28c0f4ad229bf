#pragma once
// The random numbers of the data loaders (train/batch_loader, refine/irn_data): a generator
// per sample seeded from (seed, epoch, dataset index), with our own uniform draws (the std
// distributions differ between standard libraries), so that batches are the same whatever the
// thread count and a resumed run sees the same data. Any change here changes every run.

#include <cstdint>
#include <random>

namespace amr::train {

// splitmix64: decorrelates nearby (seed, epoch, index) triples.
inline std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct Rng {
    std::mt19937_64 gen;
    explicit Rng(std::uint64_t s) : gen(s) {}
    double uniform() { return static_cast<double>(gen() >> 11) * (1.0 / 9007199254740992.0); }
    // Uniform integer in [lo, hi].
    int integer(int lo, int hi) {
        if (hi <= lo)
            return lo;
        return lo + static_cast<int>(gen() % static_cast<std::uint64_t>(hi - lo + 1));
    }
};

}  // namespace amr::train
