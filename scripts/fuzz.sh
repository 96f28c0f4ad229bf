#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang, AddressSanitizer and UBSan (in
# build-fuzz/, apart from the normal build) and runs them on their seed corpus.
#
# Usage: scripts/fuzz.sh [--build-only] [--time SECONDS] [--parallel N] [TARGET...]
#   TARGET: pickle pth zip tar voc_xml tags_csv label_png tfjs (default: all)
#   --time      seconds per target (default 600)
#   --parallel  targets run at once (default 2), each under `nice -n 15`
# New corpus entries go to build-fuzz/corpus/<target>/ (the committed seeds in
# tests/fuzz/corpus/ stay as they are); findings to build-fuzz/findings/<target>/ and the logs
# to build-fuzz/logs/<target>.log. A finding becomes a file in tests/fuzz/regressions/<target>/
# once its fix is in: tests/engine/test_fuzz_regressions.cpp feeds every file there through the
# normal readers. Results and figures: docs/security.md.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(pickle pth zip tar voc_xml tags_csv label_png tfjs)
seconds=600
parallel=2
build_only=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) build_only=1 ;;
    --time) seconds="$2"; shift ;;
    --parallel) parallel="$2"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# clang with the libFuzzer runtime (Debian 12: clang-14 and libclang-rt-14-dev), plus the
# engine's own build dependencies.
need=()
for p in clang libclang-rt-14-dev cmake ninja-build libtorch-dev libopencv-dev libpng-dev \
         zlib1g-dev nlohmann-json3-dev libpugixml-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${need[@]}"
fi

build=build-fuzz
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
nice -n 15 cmake --build "$build" -j "${AMR_JOBS:-2}" --target "${targets[@]/#/fuzz_}"
[ "$build_only" -eq 0 ] || exit 0

mkdir -p "$build/logs"
run_one() {
  local t="$1" corpus="$build/corpus/$1" out="$build/findings/$1"
  mkdir -p "$corpus" "$out"
  # -rss_limit_mb: a reader that allocates 2 GiB for a small input is a finding too.
  nice -n 15 "$build/fuzz_$t" "$corpus" "tests/fuzz/corpus/$t" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/" >"$build/logs/$t.log" 2>&1
}
status=0
pids=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do sleep 5; done
  echo "fuzz.sh: $t for ${seconds}s"
  run_one "$t" &
  pids+=($!)
done
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "fuzz.sh: ${targets[$i]}: FINDING, see $build/logs/${targets[$i]}.log" >&2
    status=1
  fi
done
for t in "${targets[@]}"; do
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)|^#[0-9]+.*DONE' \
    "$build/logs/$t.log" | tr '\n' ' ' | sed "s/^/$t: /"; echo
done
exit $status
