"""scripts/make-realistic-data.py: a small set is a valid VOC dataset for `amr`, its masks and
tags agree, the same seed gives the same bytes, and val holds other stamps and backgrounds than
train (docs/method.md §10.2).

Run by ctest as `/usr/bin/python3 test_realistic_data.py <path to amr>`. Exits 77 (skipped) when
the photos are not installed (packaging/setup-debian.sh --realistic-data).
"""

import hashlib
import importlib.util
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make-realistic-data.py"

if not Path("/usr/share/tuxpaint/stamps/animals/birds").is_dir():
    print("skipped: no Tux Paint stamps (packaging/setup-debian.sh --realistic-data)")
    sys.exit(SKIP)
try:
    import numpy as np
    from PIL import Image
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e}")
    sys.exit(SKIP)

spec = importlib.util.spec_from_file_location("make_realistic_data", SCRIPT)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def make(out):
    subprocess.run([sys.executable, str(SCRIPT), str(out), "--train", "10", "--val", "4",
                    "--size", "96x72", "--seed", "5"], check=True, capture_output=True)
    return out / "VOCdevkit" / "VOC2012"


def digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def main():
    amr = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        voc = make(Path(tmp) / "a")
        classes = (voc / "classes.txt").read_text().split()
        if len(classes) != len(gen.CLASSES):
            failures.append(f"classes.txt has {len(classes)} classes")
        lists = {s: (voc / "ImageSets/Segmentation" / f"{s}.txt").read_text().split()
                 for s in ["train", "val", "trainval", "train_small"]}
        if (len(lists["train"]), len(lists["val"]), len(lists["train_small"])) != (10, 4, 2):
            failures.append(f"split sizes {[len(v) for v in lists.values()]}")
        for image_id in lists["trainval"]:
            mask = Image.open(voc / "SegmentationClass" / f"{image_id}.png")
            if mask.mode != "P" or mask.size != (96, 72):
                failures.append(f"{image_id}: mask mode {mask.mode}, size {mask.size}")
            values = set(np.unique(np.asarray(mask)).tolist())
            if not values <= set(range(len(classes) + 1)) | {255}:
                failures.append(f"{image_id}: mask values {sorted(values)}")
            xml = (voc / "Annotations" / f"{image_id}.xml").read_text()
            tags = {classes.index(n) + 1 for n in re.findall(r"<name>(\w+)</name>", xml)}
            labelled = values - {0, 255}
            if not tags or not labelled <= tags:
                failures.append(f"{image_id}: tags {sorted(tags)}, mask classes {sorted(labelled)}")
            if 255 not in values:
                failures.append(f"{image_id}: no void band")
        # amr reads it as it is
        check = subprocess.run([amr, "check-data", "--decode", str(Path(tmp) / "a")],
                               capture_output=True, text=True)
        if check.returncode != 0 or "no problems found" not in check.stdout:
            failures.append(f"amr check-data: {check.returncode} {check.stdout} {check.stderr}")
        # the same seed, the same bytes
        if digest(voc) != digest(make(Path(tmp) / "b")):
            failures.append("two runs with the same seed differ")
        # an existing, non-empty output is refused, naming it
        again = subprocess.run([sys.executable, str(SCRIPT), str(Path(tmp) / "a")],
                               capture_output=True, text=True)
        if again.returncode == 0 or "not empty" not in again.stderr:
            failures.append(f"a second run into the same folder: {again.returncode} {again.stderr}")

    # held out twice over: no val stamp is a train stamp, no val background a train one
    for files in gen.find_stamps():
        train, val = gen.split_every(files, 4)
        if not val or set(train) & set(val) or len(train) + len(val) != len(files):
            failures.append(f"stamp split of {files[0].parent}")
    train_bg, val_bg = gen.split_every(gen.find_backgrounds(), 4)
    if not val_bg or set(train_bg) & set(val_bg):
        failures.append("background split")

    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
