#!/usr/bin/env bash
# The second command of the README: set up, build, and run the tests (CTest).
#   scripts/test.sh          the fast lane (label `fast`): every behaviour on tiny data; CI runs this
#   scripts/test.sh --all    also the slow lane (label `slow`): demo-scale training, the walkthrough
# Benchmarks are not built here (it configures -DAMR_BUILD_BENCH=OFF; scripts/build.sh
# -DAMR_BUILD_BENCH=ON builds them). A fresh build folder (CI, a new clone) is configured with
# -DAMR_UNITY_BUILD=ON, the fastest from scratch; an existing one keeps its setting, so that a
# developer's incremental builds stay per source (docs/performance.md, "Build and test time").
set -euo pipefail
cd "$(dirname "$0")/.."
labels=(-L fast)
build_args=(-DAMR_BUILD_BENCH=OFF)
for arg in "$@"; do
  case $arg in
    --all) labels=() ;;
    *) echo "usage: scripts/test.sh [--all]" >&2; exit 2 ;;
  esac
done
if [[ ! -f ${AMR_BUILD_DIR:-build}/CMakeCache.txt ]]; then
  build_args+=(-DAMR_UNITY_BUILD=ON)
fi
packaging/setup-debian.sh
scripts/build.sh "${build_args[@]}"
cd "${AMR_BUILD_DIR:-build}"
ctest --output-on-failure -j "${AMR_JOBS:-$(nproc)}" "${labels[@]}"
