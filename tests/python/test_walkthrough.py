"""Walk-through: the whole pipeline from the command line on a small demo dataset with tiny
networks, as a new user would run it, then the VOC export checked by our validator and by
torchvision.

  amr demo-data → amr project create → amr pipeline --preset quick --to export
  (train-cam, train-amr, make-cam, make-seeds, train-irn, refine, train-deeplab, predict, export)
  → amr validate-voc → torchvision.datasets.VOCSegmentation

Run by ctest as `/usr/bin/python3 test_walkthrough.py <path to amr>` (label slow: the quick
preset's training takes minutes). test_walkthrough_tiny.py runs the same walk-through on a tinier
demo with the quick preset shrunk further (label fast). Exits 77 (skipped) when numpy, PIL or
torchvision cannot be imported, non-zero when a check fails.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

SKIP = 77

try:
    import numpy as np
    from PIL import Image
    import torchvision
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"skipped: {e} (needs numpy, PIL and torchvision)")
    sys.exit(SKIP)

STAGES = ["train-cam", "train-amr", "make-cam", "make-seeds", "train-irn", "refine",
          "train-deeplab", "predict", "export"]


def run(*args, timeout=900):
    t = time.time()
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout)
    print(f"$ {' '.join(str(a) for a in args)}  ({time.time() - t:.0f} s)")
    if r.stdout.strip():
        print("  " + r.stdout.strip().replace("\n", "\n  "))
    if r.returncode != 0:
        raise AssertionError(f"exit {r.returncode}:\n{r.stderr}")
    return r.stdout


# Options over the quick preset for the tiny walk-through: the smallest nets and runs that still
# go through every stage's code.
TINY_CONFIG = {
    "train-cam": {"base_width": 8, "crop": 64, "epochs": 1, "batch": 4},
    "train-amr": {"base_width": 8, "crop": 64, "epochs": 1, "batch": 4},
    "make-cam": {"scales": [1.0]},
    "train-irn": {"crop": 64, "epochs": 1, "batch": 4},
    "train-deeplab": {"base_width": 8, "crop": 64, "iterations": 4, "batch": 2,
                      "scales": [1.0]},
}


def main(tiny=False):
    amr = sys.argv[1]
    train, val, size = (6, 3, 64) if tiny else (12, 6, 128)
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(tmp, "demo")
        project = os.path.join(tmp, "project")
        run(amr, "demo-data", demo, "--train", train, "--val", val, "--size", size, "--seed", "5")
        run(amr, "project", "create", project, "--dataset", demo, "--name", "walk-through")
        extra = []
        if tiny:
            config = os.path.join(tmp, "tiny.json")
            with open(config, "w") as f:
                json.dump(TINY_CONFIG, f)
            extra = ["--config", config]
        run(amr, "pipeline", project, "--preset", "quick", "--to", "export", "--device", "cpu",
            *extra, timeout=1200)

        # Every stage ran once and finished, recorded in the project database.
        runs = json.loads(run(amr, "project", "runs", project, "--json"))
        runs = runs["runs"] if isinstance(runs, dict) else runs
        stages = [r["stage"] for r in runs]
        assert stages == STAGES, stages
        assert all(r["status"] == "finished" for r in runs), runs

        # Each mask-writing stage left its version for every train image (predict: val too).
        info = json.loads(run(amr, "project", "info", project, "--json"))
        masks = info["masks"]
        for version in ("seeds", "refined"):
            assert masks.get(version, 0) == train, (version, masks)
        assert masks.get("deeplab", 0) >= val, masks

        # The export is valid VOC, for our validator and for torchvision.
        export = os.path.join(project, "export")
        run(amr, "validate-voc", export)
        voc = os.path.join(export, "VOCdevkit", "VOC2012")
        with open(os.path.join(voc, "ImageSets", "Segmentation", "train.txt")) as f:
            train_ids = [line.strip() for line in f if line.strip()]
        assert len(train_ids) == train, train_ids
        ds = torchvision.datasets.VOCSegmentation(export, year="2012", image_set="train")
        assert len(ds) == len(train_ids), (len(ds), len(train_ids))
        for i in range(len(ds)):
            img, target = ds[i]
            assert target.mode == "P", target.mode
            assert img.size == target.size == (size, size), (img.size, target.size)
            values = set(np.unique(np.array(target)).tolist())
            assert values <= set(range(11)) | {255}, values
        # The refined pseudo labels are not blank: some foreground was found.
        fg = sum(int((np.array(ds[i][1]) % 255 > 0).sum()) for i in range(len(ds)))
        assert fg > 0, "every exported mask is background"
        print(f"walk-through OK: {len(ds)} train masks exported, {fg} foreground pixels")


def run_main(tiny=False):
    try:
        main(tiny)
    except AssertionError as e:
        print(f"FAILED: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run_main())
