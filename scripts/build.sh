#!/usr/bin/env bash
# Configures and builds AMR Studio into build/ (Ninja, Release, ccache when present).
# Extra arguments go to CMake, e.g. scripts/build.sh -DAMR_BUILD_GUI=OFF
# or -DCMAKE_PREFIX_PATH=/path/to/libtorch for an official (CUDA) LibTorch.
# AMR_BUILD_TARGETS="amr-studio amr" builds only those targets (scripts/demo.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${AMR_BUILD_DIR:-build}
jobs=${AMR_JOBS:-$(nproc)}
# Lets ccache share objects between clones in different folders.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
targets=()
for t in ${AMR_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "$jobs" "${targets[@]}"
