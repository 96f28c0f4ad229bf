#!/usr/bin/python3
"""The markdown tables of scripts/reproduce.sh from its JSON files: reproduce_table.py OUT ROW..."""

import json
import sys
from pathlib import Path

NAMES = {"baseline": "spotlight baseline (train-cam)", "amm": "+ AMM (no CPS)",
         "cps": "+ CPS (no AMM)", "full": "full AMR (AMM + CPS)"}


def load(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def pct(v):
    return "–" if v is None else f"{100 * v:.1f}"


def find_miou(j):
    if j is None:
        return None
    if "miou" in j:
        return j["miou"]
    for v in j.values():
        if isinstance(v, dict) and "miou" in v:
            return v["miou"]
    return None


def main():
    out = Path(sys.argv[1])
    rows = sys.argv[2:]
    settings = (out / "settings.txt").read_text().strip() if (out / "settings.txt").exists() else ""
    print("# AMR ablation on a held-out split (scripts/reproduce.sh)\n")
    print("```\n" + settings + "\n```\n")
    print("CAM mIoU % at the official threshold 0.20 / at the best threshold of the sweep "
          "(0.05–0.60), on the held-out split:\n")
    print("| row | spotlight | compensation | weighted (α) | walk (refined) |")
    print("|---|---|---|---|---|")
    sweeps = {}
    for row in rows:
        d = out / row
        cam = load(d / "eval-cam.json")
        cells = []
        for name in ["spotlight", "compensation", "weighted"]:
            c = next((c for c in (cam or {}).get("curves", []) if c["name"] == name), None)
            if c is None or (row == "baseline" and name != "spotlight"):
                cells.append("–")
            else:
                extra = f" (α {c['alpha']:.1f})" if name == "weighted" else ""
                cells.append(f"{pct(c['official_miou'])} / {pct(c['best_miou'])} "
                             f"@{c['best_threshold']:.2f}{extra}")
        walk = find_miou(load(d / "eval-refined.json"))
        cells.append(pct(walk) if walk is not None else "–")
        print(f"| {NAMES.get(row, row)} | " + " | ".join(cells) + " |")
        if cam:
            sweeps[row] = [c for c in cam["curves"] if c["name"].startswith("alpha=")]

    print("\nValidation classification loss (multi-label soft margin) and mAP % of each branch, "
          "beside the constant predictor (train tag frequencies):\n")
    print("| row | spotlight loss / mAP | compensation loss / mAP | constant loss / mAP |")
    print("|---|---|---|---|")
    for row in rows:
        cls = load(out / row / "eval-classifier.json")
        by = {b["branch"]: b for b in (cls or {}).get("branches", [])}
        cells = []
        for name in ["spotlight", "compensation", "constant"]:
            b = by.get(name)
            cells.append("–" if b is None else f"{b['loss']:.4f} / {100 * b['map']:.1f}")
        print(f"| {NAMES.get(row, row)} | " + " | ".join(cells) + " |")

    if any(sweeps.values()):
        alphas = sorted({c["alpha"] for s in sweeps.values() for c in s})
        print("\nα sweep (Tab. 5): weighted CAM mIoU % at each α's best threshold "
              "(α 1 = spotlight, 0 = compensation):\n")
        print("| row | " + " | ".join(f"{a:.1f}" for a in alphas) + " |")
        print("|---|" + "---|" * len(alphas))
        for row, s in sweeps.items():
            if not s:
                continue
            by = {c["alpha"]: c for c in s}
            print(f"| {NAMES.get(row, row)} | " +
                  " | ".join(pct(by[a]["best_miou"]) if a in by else "–" for a in alphas) + " |")

    timings = out / "timings.txt"
    if timings.exists():
        print("\nWall time per stage (s): " + ", ".join(
            line.replace("/.done", "").replace(" ", " ")
            for line in timings.read_text().split("\n") if line))


if __name__ == "__main__":
    main()
