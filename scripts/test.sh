#!/usr/bin/env bash
# The second command of the README: set up, build, and run every test (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/setup-debian.sh
scripts/build.sh
cd "${AMR_BUILD_DIR:-build}"
ctest --output-on-failure -j "${AMR_JOBS:-$(nproc)}"
