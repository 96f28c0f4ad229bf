"""Real clients of `amr export-voc`: PIL and torchvision read the export unchanged.

Run by ctest as: /usr/bin/python3 test_voc_export_clients.py <path to amr>
Exit 77 (skipped) when PIL, numpy or torchvision are missing.
"""

import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from PIL import Image
    import torchvision
except ImportError as e:  # pragma: no cover
    print(f"skipped: {e}")
    sys.exit(77)

AMR = sys.argv[1] if len(sys.argv) > 1 else "amr"
PASSED = 0
FAILED = 0


def check(ok, what):
    global PASSED, FAILED
    if ok:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL: {what}")


def run(*args, expect=0):
    p = subprocess.run([AMR, *args], capture_output=True, text=True)
    if p.returncode != expect:
        print(p.stdout)
        print(p.stderr)
        raise SystemExit(f"amr {' '.join(args)} exited {p.returncode}, expected {expect}")
    return p


def voc_palette():
    pal = []
    for i in range(256):
        c, r, g, b = i, 0, 0, 0
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        pal += [r, g, b]
    return pal


def make_fixture(root):
    """A small VOC dataset made with PIL: 3 classes, void borders, one PNG source image."""
    voc = os.path.join(root, "VOCdevkit", "VOC2012")
    for sub in ("JPEGImages", "SegmentationClass", "Annotations", "ImageSets/Segmentation"):
        os.makedirs(os.path.join(voc, sub))
    names = ["cat", "dog", "car"]
    with open(os.path.join(voc, "classes.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    rng = np.random.default_rng(3)
    ids = {"train": [], "val": []}
    for k in range(9):
        iid = f"img_{k:03d}"
        w, h = 48 + 4 * k, 36
        pixels = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        ext = ".png" if k == 4 else ".jpg"
        Image.fromarray(pixels).save(os.path.join(voc, "JPEGImages", iid + ext))
        mask = np.zeros((h, w), np.uint8)
        present = sorted({1 + k % 3, 1 + (k + 1) % 3})
        mask[4:14, 4:20] = present[0]
        mask[18:30, 24:40] = present[-1]
        mask[0, :] = 255
        m = Image.fromarray(mask, "P")
        m.putpalette(voc_palette())
        m.save(os.path.join(voc, "SegmentationClass", iid + ".png"))
        objects = "".join(
            f"<object><name>{names[c - 1]}</name><bndbox><xmin>1</xmin><ymin>1</ymin>"
            f"<xmax>{w}</xmax><ymax>{h}</ymax></bndbox></object>" for c in present)
        with open(os.path.join(voc, "Annotations", iid + ".xml"), "w") as f:
            f.write(f"<annotation><filename>{iid}{ext}</filename><size><width>{w}</width>"
                    f"<height>{h}</height><depth>3</depth></size>{objects}</annotation>")
        ids["train" if k < 6 else "val"].append(iid)
    for split, lst in ids.items():
        with open(os.path.join(voc, "ImageSets", "Segmentation", split + ".txt"), "w") as f:
            f.write("\n".join(lst) + "\n")
    return 3


def main():
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "demo")
        # The demo generator when this build has it, else a PIL-made fixture.
        demo = subprocess.run([AMR, "demo-data", src, "--train", "10", "--val", "5"],
                              capture_output=True, text=True)
        if demo.returncode == 0:
            num_classes = 10
            print("fixture: amr demo-data")
        else:
            num_classes = make_fixture(src)
            print("fixture: made with PIL (amr demo-data not available)")
        src_voc = os.path.join(src, "VOCdevkit", "VOC2012")
        out = os.path.join(tmp, "export")
        run("export-voc", "--dataset", src, "--out", out, "--priority", "gt")
        voc = os.path.join(out, "VOCdevkit", "VOC2012")

        def read_list(name):
            with open(os.path.join(voc, "ImageSets", "Segmentation", name + ".txt")) as f:
                return [line.strip() for line in f if line.strip()]

        def source_mask(iid):
            return np.array(Image.open(os.path.join(src_voc, "SegmentationClass", iid + ".png")))

        train, val, trainval = read_list("train"), read_list("val"), read_list("trainval")
        check(len(train) > 0 and len(val) > 0, "train and val lists are not empty")
        check(sorted(trainval) == sorted(train + val), "trainval = train + val")

        # PIL: every mask is a palette image with the VOC colormap and our exact values.
        pal = voc_palette()
        for iid in trainval:
            img = Image.open(os.path.join(voc, "SegmentationClass", iid + ".png"))
            check(img.mode == "P", f"{iid}.png opens in mode P (got {img.mode})")
            check(img.getpalette()[:3 * 21] == pal[:3 * 21], f"{iid}.png has the VOC palette")
            values = np.array(img)
            expected = source_mask(iid)
            check(values.shape == expected.shape and (values == expected).all(),
                  f"{iid}.png holds the source mask's values")
            allowed = set(range(num_classes + 1)) | {255}
            check(set(np.unique(values).tolist()) <= allowed, f"{iid}.png values in 0..C, 255")

        # JPEG sources are copied byte for byte; others become real JPEGs.
        for iid in trainval:
            exported = open(os.path.join(voc, "JPEGImages", iid + ".jpg"), "rb").read()
            source = os.path.join(src_voc, "JPEGImages", iid + ".jpg")
            if os.path.exists(source):
                check(exported == open(source, "rb").read(), f"{iid}.jpg is a byte copy")
            else:
                check(exported[:3] == b"\xff\xd8\xff", f"{iid}.jpg was re-encoded as JPEG")

        # torchvision reads the export as it is.
        for image_set, ids in (("train", train), ("val", val), ("trainval", trainval)):
            ds = torchvision.datasets.VOCSegmentation(out, year="2012", image_set=image_set)
            check(len(ds) == len(ids), f"VOCSegmentation({image_set}) has {len(ids)} images")
            for i, iid in enumerate(ids):
                image, target = ds[i]
                t = np.array(target)
                expected = source_mask(iid)
                check(target.mode == "P", f"torchvision target of {iid} is mode P")
                check(t.shape == expected.shape and (t == expected).all(),
                      f"torchvision target of {iid} equals our mask")
                check(image.size == (t.shape[1], t.shape[0]), f"image {iid} matches its mask")

        # Our validator agrees.
        p = run("validate-voc", out)
        check("no problems found" in p.stdout, "validate-voc finds no problems")

    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
