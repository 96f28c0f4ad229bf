#pragma once
// Process-wide start-up for every executable: torch thread count and version strings.

#include <string>

namespace amr {

// Sets LibTorch's intra-op threads (and OpenCV's) to `threads`, or to the machine's core
// count when threads <= 0. Torch defaults to 1 thread, which makes CPU work several times slower.
void init_runtime(int threads = 0);

// Threads torch will use after init_runtime().
int torch_threads();

// "0.1.0"
std::string version();
// A one-line summary: version, LibTorch version, CUDA availability, BLAS threads.
std::string build_info();

}  // namespace amr
