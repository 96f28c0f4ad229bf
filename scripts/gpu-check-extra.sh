#!/usr/bin/env bash
# The later stages on CUDA, called by scripts/gpu-check.sh with A (amr), R (runs folder) and demo
# set: seeds, IRNet training and the random walk, DeepLab training and prediction, AdvCAM
# climbing; each CUDA result is compared with the CPU where the result is deterministic.
set -uo pipefail
fail=0
check() { if "$@"; then echo "ok: $*"; else echo "FAILED: $*"; fail=1; fi; }
gt=$demo/VOCdevkit/VOC2012/SegmentationClass
agree() {  # agree DIR_A DIR_B MIN_SHARE: label PNGs of both folders agree on this share of pixels
    python3 - "$@" <<'PY'
import sys, os
import numpy as np
from PIL import Image
a, b, need = sys.argv[1], sys.argv[2], float(sys.argv[3])
same = total = 0
for f in sorted(os.listdir(a)):
    if f.endswith(".png"):
        x, y = np.array(Image.open(os.path.join(a, f))), np.array(Image.open(os.path.join(b, f)))
        same += int((x == y).sum()); total += x.size
share = same / max(total, 1)
print(f"{a} vs {b}: {share:.5f} of {total} pixels agree")
sys.exit(0 if total > 0 and share >= need else 1)
PY
}
echo "-- make-seeds (CPU job) from the CUDA CAMs"
check $A make-seeds $demo --cams $R/cams-cuda --out $R/seeds
echo "-- train-irn on the ground truth as seeds, cuda; refine on cuda and on cpu"
check $A train-irn $demo $R/irn.pt --seeds $gt --preset quick --device cuda
check $A refine $demo --cams $R/cams-cuda --checkpoint $R/irn.pt --out $R/refined-cuda --device cuda \
    --boundary-out $R/boundary-cuda
check $A refine $demo --cams $R/cams-cuda --checkpoint $R/irn.pt --out $R/refined-cpu --device cpu
check agree $R/refined-cuda $R/refined-cpu 0.995
echo "-- train-deeplab on the ground truth, cuda; predict on cuda and on cpu"
check $A train-deeplab $demo $R/deeplab.pt --labels $gt --preset quick --device cuda --val-split val
check $A predict $demo --checkpoint $R/deeplab.pt --out $R/deeplab-cuda --confidence $R/conf-cuda \
    --split val --device cuda
check $A predict $demo --checkpoint $R/deeplab.pt --out $R/deeplab-cpu --split val --device cpu
check agree $R/deeplab-cuda $R/deeplab-cpu 0.995
check $A predict $demo --checkpoint $R/deeplab.pt --out $R/deeplab-crf --split val --device cuda --crf
echo "-- speed: DeepLab ResNet-50 (random init), crop 321, batch 5, 30 updates"
check $A train-deeplab $demo $R/dl50.pt --labels $gt --depth 50 --init none --device cuda \
    --iterations 30 --batch 5 --crop 321 --iter-size 1 --metrics $R/dl50.jsonl
tail -1 $R/dl50.jsonl
echo "-- AdvCAM climbing on cuda (3 iterations, scale 1)"
check $A make-cam $demo --checkpoint $R/amr.pt --out $R/cams-adv --device cuda --scales 1 \
    --adversarial --adv-iterations 3
echo "-- the whole pipeline on cuda (quick preset) in a project"
check $A pipeline $R/project --dataset $demo --preset quick --device cuda --to predict
check $A project runs $R/project
exit $fail
