"""The demo dataset as real VOC clients see it: PIL and torchvision.

Run by ctest as `/usr/bin/python3 test_demo_voc_clients.py <path to amr>`. Exits 77 (skipped)
when numpy, PIL or torchvision cannot be imported, non-zero when a check fails.
"""

import os
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

SKIP = 77

try:
    import numpy as np
    from PIL import Image
    import torchvision
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"skipped: {e} (needs numpy, PIL and torchvision)")
    sys.exit(SKIP)


def voc_palette():
    """The VOC colormap by the bit-interleave rule, as a flat list of 768 values."""
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


class Demo:
    def __init__(self, amr, root):
        self.root = root
        args = [amr, "demo-data", root, "--train", "5", "--val", "3", "--size", "96", "--seed", "2"]
        run = subprocess.run(args, capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({run.returncode}):\n{run.stderr}")
        self.voc = os.path.join(root, "VOCdevkit", "VOC2012")
        self.classes = self.lines("classes.txt")
        self.train = self.lines("ImageSets", "Segmentation", "train.txt")
        self.val = self.lines("ImageSets", "Segmentation", "val.txt")

    def lines(self, *parts):
        with open(os.path.join(self.voc, *parts)) as f:
            return [line.strip() for line in f if line.strip()]

    def mask_path(self, image_id):
        return os.path.join(self.voc, "SegmentationClass", image_id + ".png")


def check_lists(d):
    assert len(d.train) == 5 and len(d.val) == 3, (d.train, d.val)
    assert d.lines("ImageSets", "Segmentation", "trainval.txt") == d.train + d.val
    assert d.classes == ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt",
                         "sneaker", "bag", "ankleboot"], d.classes


def check_masks_are_palette_pngs(d):
    expected = voc_palette()
    names = sorted(os.listdir(os.path.join(d.voc, "SegmentationClass")))
    assert len(names) == 8, names
    for name in names:
        im = Image.open(os.path.join(d.voc, "SegmentationClass", name))
        assert im.mode == "P", f"{name}: mode {im.mode}, expected P"
        assert im.size == (96, 96), f"{name}: size {im.size}"
        values = set(np.unique(np.array(im)).tolist())
        assert values <= set(range(11)) | {255}, f"{name}: values {sorted(values)}"
        assert 0 in values and values - {0, 255}, f"{name}: no items? {sorted(values)}"
        pal = im.getpalette()[:768]
        assert pal[3:6] == [128, 0, 0] and pal[45:48] == [192, 128, 128], pal[:48]
        assert pal[765:768] == [224, 224, 192], pal[765:768]
        assert pal == expected, f"{name}: palette differs from the VOC colormap"


def check_images_and_annotations(d):
    for image_id in d.train + d.val:
        img = Image.open(os.path.join(d.voc, "JPEGImages", image_id + ".jpg"))
        assert img.format == "JPEG" and img.mode == "RGB" and img.size == (96, 96), img
        root = ET.parse(os.path.join(d.voc, "Annotations", image_id + ".xml")).getroot()
        assert root.tag == "annotation"
        assert root.findtext("filename") == image_id + ".jpg"
        assert root.findtext("size/width") == "96" and root.findtext("size/height") == "96"
        assert root.findtext("segmented") == "1"
        tags = {d.classes.index(o.findtext("name")) + 1 for o in root.findall("object")}
        mask = np.array(Image.open(d.mask_path(image_id)))
        present = set(np.unique(mask).tolist()) - {0, 255}
        assert tags == present, f"{image_id}: XML names {tags}, mask classes {present}"
        for o in root.findall("object"):
            box = [int(o.findtext("bndbox/" + k)) for k in ("xmin", "ymin", "xmax", "ymax")]
            assert 1 <= box[0] <= box[2] <= 96 and 1 <= box[1] <= box[3] <= 96, box


def check_torchvision_loads_it(d):
    ds = torchvision.datasets.VOCSegmentation(d.root, year="2012", image_set="train")
    assert len(ds) == len(d.train), (len(ds), len(d.train))
    img, target = ds[0]
    assert img.size == target.size == (96, 96), (img.size, target.size)
    assert target.mode == "P", target.mode
    expected = np.array(Image.open(d.mask_path(d.train[0])))
    assert np.array_equal(np.array(target), expected), "target indices differ from the PNG"
    val = torchvision.datasets.VOCSegmentation(d.root, year="2012", image_set="val")
    assert len(val) == len(d.val)
    trainval = torchvision.datasets.VOCSegmentation(d.root, year="2012", image_set="trainval")
    assert len(trainval) == len(d.train) + len(d.val)
    last_img, last_target = trainval[len(trainval) - 1]
    assert np.array_equal(np.array(last_target), np.array(Image.open(d.mask_path(d.val[-1]))))


def main():
    if len(sys.argv) != 2:
        print("usage: test_demo_voc_clients.py <path to amr>")
        return 2
    amr = sys.argv[1]
    checks = [check_lists, check_masks_are_palette_pngs, check_images_and_annotations,
              check_torchvision_loads_it]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        try:
            demo = Demo(amr, os.path.join(tmp, "demo"))
        except Exception as e:
            print(f"FAIL generating the demo: {e}")
            print(f"0 passed, {len(checks)} failed")
            return 1
        for check in checks:
            try:
                check(demo)
                passed += 1
                print(f"PASS {check.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {check.__name__}")
                traceback.print_exc()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
