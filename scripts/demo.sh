#!/usr/bin/env bash
# The first command of the README: set up, build, and run AMR Studio on the built-in demo dataset.
#   scripts/demo.sh              the GUI opens on the demo dataset
#   scripts/demo.sh --headless   the CLI pipeline runs on the demo dataset (no display needed)
set -euo pipefail
cd "$(dirname "$0")/.."
headless=0
for arg in "$@"; do
  case $arg in
    --headless) headless=1 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

packaging/setup-debian.sh
# Only the two programs, not the tests: a fresh clone runs the demo sooner. A fresh build folder
# compiles in unity batches, as scripts/test.sh does.
build_args=()
if [[ ! -f ${AMR_BUILD_DIR:-build}/CMakeCache.txt ]]; then
  build_args+=(-DAMR_UNITY_BUILD=ON -DAMR_BUILD_BENCH=OFF)
fi
AMR_BUILD_TARGETS="amr-studio amr" scripts/build.sh "${build_args[@]}"

amr=build/app/amr
if [ $headless -eq 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo.sh: no display found, running the headless pipeline instead (--headless)" >&2
  headless=1
fi
if [ $headless -eq 0 ]; then
  exec build/app/amr-studio --demo
fi

demo=${AMR_DEMO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/demo}
echo "== demo dataset: $demo"
if [ ! -f "$demo/VOCdevkit/VOC2012/ImageSets/Segmentation/trainval.txt" ]; then
  $amr demo-data "$demo"
fi
echo "== dataset summary"
$amr info "$demo"
echo "== dataset check (decodes every image and mask)"
$amr check-data --decode "$demo"
runs=${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/demo-runs
mkdir -p "$runs"
weights=${AMR_WEIGHTS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/weights}
preset=demo
if [ ! -f "$weights/resnet50_imagenet_caffe.pt" ] && ! $amr import-weights; then
  echo "demo.sh: no ImageNet weights; training the tiny random-init 'quick' net instead (its CAMs stay near zero)" >&2
  preset=quick
fi
echo "== train the spotlight branch ($preset preset: frozen ImageNet ResNet-50 at crop 128, ~2 minutes on 2 CPU cores)"
$amr train-cam "$demo" "$runs/cam.pt" --preset $preset
echo "== train the compensation branch with AMM and cross pseudo supervision"
$amr train-amr "$demo" "$runs/amr.pt" --cam "$runs/cam.pt" --preset $preset
echo "== CAMs of both branches (2 scales + flip) into a CAM store"
$amr make-cam "$demo" --checkpoint "$runs/amr.pt" --out "$runs/cams" --scales 1,0.5
echo "== CAM mIoU: spotlight, compensation and weighted CAM (a blank prediction scores ~8 %)"
$amr eval-cam "$demo" --store "$runs/cams" --alpha-sweep --json "$runs/cam-eval.json"
# The weighted CAM's best background threshold, for the random walk (the official 0.25 is VOC's).
bg=$(/usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["curves"]; print(next(x["best_threshold"] for x in c if x["name"]=="weighted"))' "$runs/cam-eval.json")
echo "== seeds: confident CAM regions refined by the dense CRF, unsure pixels 255"
$amr make-seeds "$demo" --cams "$runs/cams" --out "$runs/seeds" --overwrite
echo "== IRNet boundary branch on the seeds ($preset preset)"
$amr train-irn "$demo" "$runs/irn.pt" --seeds "$runs/seeds" --preset $preset
echo "== random walk: refined pseudo labels (background threshold $bg, the CAMs' best)"
$amr refine "$demo" --cams "$runs/cams" --checkpoint "$runs/irn.pt" --out "$runs/refined" \
  --bg "$bg" --boundary-out "$runs/boundary" --overwrite
voc=$demo/VOCdevkit/VOC2012
out=${AMR_DEMO_EXPORT:-${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/demo-export}
echo "== PASCAL VOC export of the refined pseudo labels: $out"
$amr export-voc --dataset "$demo" --out "$out" --masks refined="$runs/refined" --priority refined --overwrite
echo "== validate the export"
$amr validate-voc "$out"
echo "== score the exported pseudo labels against the ground truth (compare with the CAM mIoU above)"
$amr eval --pred "$out/VOCdevkit/VOC2012/SegmentationClass" --gt "$voc/SegmentationClass" \
  --classes "$voc/classes.txt" --list "$out/VOCdevkit/VOC2012/ImageSets/Segmentation/trainval.txt"
