#!/usr/bin/env bash
# The GPU check: builds the engine and the CLI against this machine's CUDA LibTorch (PyTorch's)
# with the kit of scripts/make-gpu-devkit.sh, then runs the CUDA paths on the demo dataset and
# compares them with the CPU. Run on the GPU machine from the repository root; writes a log to
# $OUT (default /tmp/gpu-check). See docs/gpu.md.
set -uo pipefail
OUT=${OUT:-/tmp/gpu-check}
mkdir -p "$OUT"
exec > >(tee "$OUT/gpu-check.log") 2>&1
step() { echo; echo "== $(date +%T) $*"; }
DK=$PWD/.devkit/usr
[ -d "$DK" ] || { echo "no .devkit: run scripts/make-gpu-devkit.sh first"; exit 2; }
step machine
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
c++ --version | head -1; cmake --version | head -1
TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
TORCH_LIB=$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
export LD_LIBRARY_PATH=$DK/lib/x86_64-linux-gnu:$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
step configure
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DAMR_BUILD_GUI=OFF \
    -DAMR_BUILD_TESTS=OFF -DAMR_BUILD_BENCH=OFF -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$DK" \
    >"$OUT/configure.log" 2>&1 || { tail -40 "$OUT/configure.log"; exit 1; }
grep -i -E "cuda|torch" "$OUT/configure.log" | head -8
step build
ninja -C build-gpu -j"$(nproc)" amr >"$OUT/build.log" 2>&1 || {
    grep -E "error|Error" "$OUT/build.log" | head -40; exit 1; }
grep -c "warning:" "$OUT/build.log" | sed 's/^/warnings: /'
A=build-gpu/app/amr
R=$OUT/runs
demo=.devkit/demo
$A version
fail=0
check() { if "$@"; then echo "ok: $*"; else echo "FAILED: $*"; fail=1; fi; }
step "train-cam / train-amr on cuda (quick preset)"
check $A train-cam $demo $R/cam.pt --preset quick --device cuda
check $A train-amr $demo $R/amr.pt --cam $R/cam.pt --preset quick --device cuda
tail -1 $R/amr.pt.metrics.jsonl
step "make-cam on cuda and on cpu, then the same evaluation"
check $A make-cam $demo --checkpoint $R/amr.pt --out $R/cams-cuda --device cuda --scales 1,0.5,1.5
check $A make-cam $demo --checkpoint $R/amr.pt --out $R/cams-cpu --device cpu --scales 1,0.5,1.5
check $A eval-cam $demo --store $R/cams-cuda --threshold 0.2 --json $R/cuda.json
check $A eval-cam $demo --store $R/cams-cpu --threshold 0.2 --json $R/cpu.json
python3 - "$R" <<'PY'
import json, sys
r = sys.argv[1]
a, b = (json.load(open(f"{r}/{n}.json")) for n in ("cuda", "cpu"))
def flat(x, p=""):
    if isinstance(x, dict):
        for k, v in x.items(): yield from flat(v, p + "." + k)
    elif isinstance(x, list):
        for i, v in enumerate(x): yield from flat(v, p + f"[{i}]")
    elif isinstance(x, (int, float)): yield p, float(x)
fa, fb = dict(flat(a)), dict(flat(b))
diff = max(abs(fa[k] - fb[k]) for k in fa if k in fb)
print(f"cuda vs cpu eval-cam: {len(fa)} numbers, max abs difference {diff:.2e}")
sys.exit(0 if diff < 1e-3 else 1)
PY
[ $? -eq 0 ] || fail=1
step "resume on cuda"
check $A train-cam $demo $R/cam2.pt --preset quick --device cuda --max-steps 3
check $A train-cam $demo $R/cam2.pt --preset quick --device cuda --resume
step "speed: ResNet-50 paper preset, random init, 40 steps"
check $A train-cam $demo $R/r50.pt --preset paper --init none --device cuda --max-steps 40 \
    --loader-threads 12 --metrics $R/r50.jsonl
tail -1 $R/r50.jsonl
step "out of memory gives our message"
$A train-cam $demo $R/oom.pt --preset paper --init none --device cuda --batch 48 --crop 3072 \
    --max-steps 1 --loader-threads 12 >$R/oom.txt 2>&1
cat $R/oom.txt | tail -3
grep -q "smaller --batch or --crop" $R/oom.txt && echo "ok: out-of-memory message" || { echo "FAILED: out-of-memory message"; fail=1; }
if [ -x "$PWD/scripts/gpu-check-extra.sh" ]; then step extra; A=$A R=$R demo=$demo scripts/gpu-check-extra.sh || fail=1; fi
step "done: $([ $fail -eq 0 ] && echo ALL OK || echo SOME FAILED)"
exit $fail
