#!/usr/bin/python3
"""Builds the realistic benchmark dataset: real photographed objects on real photographs.

Objects are the photographic Tux Paint stamps (Debian tuxpaint-stamps-default: cut-out photos
with an alpha channel, so their masks are exact), grouped into 19 classes. Backgrounds are crops
of the photographic desktop wallpapers of lomiri-wallpapers-16.04/-20.04 and mate-backgrounds.
`packaging/setup-debian.sh --realistic-data` installs the four packages.

The validation split is held out twice over: its objects are other stamps (every fourth of each
class, in name order) and its backgrounds other photos than the training split's, so a score on
val measures what a method learnt about a class, not about a picture it has seen.

Output (VOC layout, read by every `amr` command):
  OUT/VOCdevkit/VOC2012/JPEGImages/real_000001.jpg
  OUT/VOCdevkit/VOC2012/SegmentationClass/real_000001.png  palette PNG: 0 background, 1..19
      the classes of classes.txt, 255 void (a band of 2 px on each side of every object outline,
      as in VOC, and the object's semi-transparent rim)
  OUT/VOCdevkit/VOC2012/Annotations/real_000001.xml        one <object> per pasted object
  OUT/VOCdevkit/VOC2012/ImageSets/Segmentation/{train,val,trainval,train_small}.txt
      (train_small: the first quarter of train, for stages a short budget runs on fewer images)
  OUT/VOCdevkit/VOC2012/classes.txt, OUT/SOURCES.md (every file used, with its licence)

Usage: scripts/make-realistic-data.py OUT [--train 1200] [--val 300] [--size 256x192] [--seed 1]
The same arguments give the same bytes. OUT must not exist; the dataset is written to a
temporary sibling folder and renamed at the end.
"""

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

try:
    import numpy as np
    from PIL import Image, ImageEnhance, ImageFilter
except ImportError as e:  # pragma: no cover
    sys.exit(f"make-realistic-data: {e}; run packaging/setup-debian.sh (python3-pil, python3-numpy)")

STAMPS = Path("/usr/share/tuxpaint/stamps")
BACKGROUND_DIRS = [Path("/usr/share/backgrounds"), Path("/usr/share/backgrounds/mate/nature")]

# class -> stamp folders (below STAMPS); "cartoon" subfolders are drawings and are skipped.
CLASSES = [
    ("bird", ["animals/birds"]),
    ("fish", ["animals/fish"]),
    ("insect", ["animals/insects"]),
    ("hoofed", ["animals/mammals/bovines", "animals/mammals/deer", "animals/mammals/equines",
                "animals/mammals/camel"]),
    ("rodent", ["animals/mammals/rodents"]),
    ("mammal", ["animals/mammals", "animals/mammals/apes", "animals/mammals/bears",
                "animals/marsupials"]),
    ("catdog", ["animals/mammals/cats", "animals/mammals/dogs"]),
    ("seacreature", ["animals/mammals/aquatic", "animals/shellfish", "animals/amphibians"]),
    ("fruit", ["food/fruit"]),
    ("vegetable", ["food/vegetables", "plants/mushrooms", "food/nuts"]),
    ("flower", ["plants/flowers"]),
    ("plant", ["plants/trees", "plants"]),
    ("tool", ["household/tools", "household/arttools"]),
    ("household", ["household", "household/dishes", "household/dishes/utensils"]),
    ("sportsgear", ["sports"]),
    ("planet", ["space/planets", "space/moon"]),
    ("vehicle", ["vehicles/auto", "vehicles/emergency", "vehicles/construction", "vehicles/cycle",
                 "vehicles/flight", "vehicles/flight/planes", "vehicles/masstransit",
                 "vehicles/race", "vehicles/ship", "military/vehicles"]),
    ("instrument", ["hobbies/music/string", "hobbies/music/brass", "hobbies/music/percussion",
                    "hobbies/music/wind"]),
    ("coin", ["symbols/money/euro/coins", "symbols/money/us/coins",
              "symbols/money/canadian/coins"]),
]

# Photographs only (the packages also hold drawings), and none whose subject is one of the
# classes above (flowers, a ladybird), which would be unlabelled objects in the background.
BACKGROUNDS = [
    "Bridge_by_Sander_Klootwijk.jpg", "Picture_0B_by_freespace.jpg", "Picture_1A_by_freespace.jpg",
    "Wine_by_Jakkub_Mede.jpg", "aitzgorri_by_Aitzol_Berasategi.jpg",
    "analogpattern_by_Peter_Nerlich.jpg", "free_by_Peter_Nerlich.jpg",
    "friends_by_Aitzol_Berasategi.jpg", "greentock_by_Peter_Nerlich.jpg",
    "life_by_Aitzol_Berasategi.jpg", "picosdeeuropa_by_Aitzol_Berasategi.jpg",
    "sunset_by_Aitzol_Berasategi.jpg", "Kleiber_by_Lukas_Baubkus.jpg", "Aqua.jpg", "Blinds.jpg",
    "Dune.jpg", "GreenMeadow.jpg", "RainDrops.jpg", "Storm.jpg", "Wood.jpg",
]
LICENCES = {
    "stamps": "Tux Paint stamps (Debian tuxpaint-stamps-default), GPL-2+; "
              "see /usr/share/doc/tuxpaint-stamps-default/copyright",
    "backgrounds": "desktop wallpapers (Debian lomiri-wallpapers-16.04, lomiri-wallpapers-20.04, "
                   "mate-backgrounds), CC-BY-SA / CC-BY / GPL as listed in "
                   "/usr/share/doc/<package>/copyright",
}


def voc_palette():
    pal = []
    for i in range(256):
        r = g = b = 0
        c = i
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        pal += [r, g, b]
    return pal


def find_stamps():
    out = []
    for name, dirs in CLASSES:
        files = []
        for d in dirs:
            folder = STAMPS / d
            if not folder.is_dir():
                continue
            files += sorted(p for p in folder.glob("*.png") if "cartoon" not in p.parts)
        if len(files) < 2:
            sys.exit(f"make-realistic-data: class '{name}' has {len(files)} stamps under {STAMPS} "
                     "(install tuxpaint-stamps-default: packaging/setup-debian.sh --realistic-data)")
        out.append(files)
    return out


def find_backgrounds():
    found = []
    for name in BACKGROUNDS:
        for d in BACKGROUND_DIRS:
            if (d / name).is_file():
                found.append(d / name)
                break
    if len(found) < 8:
        sys.exit(f"make-realistic-data: found {len(found)} of {len(BACKGROUNDS)} background photos "
                 "under /usr/share/backgrounds (packaging/setup-debian.sh --realistic-data)")
    return found


def split_every(items, k):
    """(train, val): every k-th item (the (k-1)-th, 2k-1-th, ...) held out, at least one."""
    val = [x for i, x in enumerate(items) if i % k == k - 1] or [items[-1]]
    train = [x for x in items if x not in val]
    return train, val


class Sources:
    """Loads each file once, shrunk to what the canvases need."""

    def __init__(self, max_side):
        self.max_side = max_side
        self.stamps = {}
        self.backgrounds = {}

    def stamp(self, path):
        if path not in self.stamps:
            im = Image.open(path).convert("RGBA")
            im.thumbnail((self.max_side, self.max_side), Image.LANCZOS)
            self.stamps[path] = im
        return self.stamps[path]

    def background(self, path):
        if path not in self.backgrounds:
            im = Image.open(path).convert("RGB")
            im.thumbnail((1600, 1600), Image.LANCZOS)
            self.backgrounds[path] = im
        return self.backgrounds[path]


def make_canvas(rng, width, height, backgrounds, stamps_by_class, sources):
    bg = sources.background(rng.choice(backgrounds))
    short = min(bg.size)
    side = int(short * rng.uniform(0.3, 0.9))
    cw, ch = side, max(8, int(side * height / width))
    x0, y0 = rng.randint(0, bg.size[0] - cw), rng.randint(0, bg.size[1] - ch)
    canvas = bg.crop((x0, y0, x0 + cw, y0 + ch)).resize((width, height), Image.BICUBIC)
    if rng.random() < 0.5:
        canvas = canvas.transpose(Image.FLIP_LEFT_RIGHT)
    canvas = canvas.convert("RGBA")

    n_classes = rng.choices([1, 2, 3], weights=[60, 32, 8])[0]
    classes = rng.sample(range(len(CLASSES)), n_classes)
    label = np.zeros((height, width), np.uint8)
    void = np.zeros((height, width), bool)
    objects = []
    for cls in classes:
        for _ in range(rng.choices([1, 2], weights=[80, 20])[0]):
            obj = sources.stamp(rng.choice(stamps_by_class[cls]))
            scale = rng.uniform(0.35, 0.8) * min(width, height) / max(obj.size)
            w, h = max(8, int(obj.size[0] * scale)), max(8, int(obj.size[1] * scale))
            o = obj.resize((w, h), Image.LANCZOS)
            if rng.random() < 0.5:
                o = o.transpose(Image.FLIP_LEFT_RIGHT)
            angle = rng.uniform(-15, 15)
            o = o.rotate(angle, resample=Image.BICUBIC, expand=True)
            rgb = ImageEnhance.Brightness(o.convert("RGB")).enhance(rng.uniform(0.8, 1.2))
            rgb = ImageEnhance.Color(rgb).enhance(rng.uniform(0.8, 1.2))
            o = Image.merge("RGBA", (*rgb.split(), o.split()[3]))
            a = np.asarray(o.split()[3], np.uint8)
            # at least 70 % of the object inside the canvas, and not hidden under earlier ones
            for _attempt in range(20):
                x = rng.randint(-int(0.15 * o.size[0]), width - int(0.85 * o.size[0]))
                y = rng.randint(-int(0.15 * o.size[1]), height - int(0.85 * o.size[1]))
                full = np.zeros((height, width), bool)
                sx0, sy0 = max(0, -x), max(0, -y)
                dx0, dy0 = max(0, x), max(0, y)
                dx1, dy1 = min(width, x + o.size[0]), min(height, y + o.size[1])
                if dx1 <= dx0 or dy1 <= dy0:
                    continue
                crop = a[sy0:sy0 + dy1 - dy0, sx0:sx0 + dx1 - dx0]
                full[dy0:dy1, dx0:dx1] = crop >= 128
                area = full.sum()
                if area < 0.02 * width * height:
                    continue
                if (label[full] > 0).sum() > 0.3 * area:
                    continue
                break
            else:
                continue
            canvas.alpha_composite(o, (dx0, dy0), (sx0, sy0, sx0 + dx1 - dx0, sy0 + dy1 - dy0))
            rim = np.zeros((height, width), bool)
            rim[dy0:dy1, dx0:dx1] = (crop > 16) & (crop < 240)
            label[full] = cls + 1
            void |= rim
            objects.append(cls)
    if not objects:
        return None
    # VOC's void band: 2 px on each side of every outline between different labels
    img = Image.fromarray(label)
    grown = np.asarray(img.filter(ImageFilter.MaxFilter(5)))
    shrunk = np.asarray(img.filter(ImageFilter.MinFilter(5)))
    void |= grown != shrunk
    out = label.copy()
    out[void] = 255
    present = sorted({int(v) - 1 for v in np.unique(label) if v > 0})
    if not present:
        return None
    return canvas.convert("RGB"), out, present, label


def box_of(mask):
    ys, xs = np.nonzero(mask)
    return xs.min() + 1, ys.min() + 1, xs.max() + 1, ys.max() + 1  # VOC boxes are 1-based


def write_xml(path, image_id, width, height, label, present):
    objs = []
    for cls in present:
        x0, y0, x1, y1 = box_of(label == cls + 1)
        objs.append(f"""  <object>
    <name>{CLASSES[cls][0]}</name>
    <pose>Unspecified</pose>
    <truncated>0</truncated>
    <difficult>0</difficult>
    <bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin><xmax>{x1}</xmax><ymax>{y1}</ymax></bndbox>
  </object>
""")
    path.write_text(f"""<annotation>
  <folder>VOC2012</folder>
  <filename>{image_id}.jpg</filename>
  <source><database>AMR Studio realistic set</database></source>
  <size><width>{width}</width><height>{height}</height><depth>3</depth></size>
  <segmented>1</segmented>
{''.join(objs)}</annotation>
""")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--train", type=int, default=1200)
    ap.add_argument("--val", type=int, default=300)
    ap.add_argument("--size", default="256x192", help="WxH of every image")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        sys.exit(f"make-realistic-data: --size '{args.size}' is not WxH")
    if args.out.exists() and any(args.out.iterdir()):
        sys.exit(f"make-realistic-data: {args.out} exists and is not empty")

    stamps = find_stamps()
    split_stamps = [split_every(s, 4) for s in stamps]
    train_bg, val_bg = split_every(find_backgrounds(), 4)
    sources = Sources(max(width, height))

    tmp = args.out.with_name(args.out.name + f".partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    voc = tmp / "VOCdevkit" / "VOC2012"
    for d in ["JPEGImages", "SegmentationClass", "Annotations", "ImageSets/Segmentation"]:
        (voc / d).mkdir(parents=True)
    palette = voc_palette()
    rng = random.Random(args.seed)
    lists = {"train": [], "val": []}
    used = set()
    n = 0
    for split, count, bgs, idx in [("train", args.train, train_bg, 0), ("val", args.val, val_bg, 1)]:
        by_class = [s[idx] for s in split_stamps]
        made = 0
        while made < count:
            result = make_canvas(rng, width, height, bgs, by_class, sources)
            if result is None:
                continue
            image, out, present, label = result
            n += 1
            made += 1
            image_id = f"real_{n:06d}"
            image.save(voc / "JPEGImages" / f"{image_id}.jpg", quality=92)
            png = Image.fromarray(out, "P")
            png.putpalette(palette)
            png.save(voc / "SegmentationClass" / f"{image_id}.png")
            write_xml(voc / "Annotations" / f"{image_id}.xml", image_id, width, height, label,
                      present)
            lists[split].append(image_id)
            if n % 100 == 0:
                print(f"make-realistic-data: {n} of {args.train + args.val} images", flush=True)
        used.update(str(p) for s in by_class for p in s)
        used.update(str(p) for p in bgs)
    seg = voc / "ImageSets" / "Segmentation"
    (seg / "train.txt").write_text("".join(i + "\n" for i in lists["train"]))
    (seg / "val.txt").write_text("".join(i + "\n" for i in lists["val"]))
    (seg / "trainval.txt").write_text("".join(i + "\n" for i in lists["train"] + lists["val"]))
    # A quarter of train, for the stages that a short budget runs on fewer images (IRN training)
    small = lists["train"][: max(1, len(lists["train"]) // 4)]
    (seg / "train_small.txt").write_text("".join(i + "\n" for i in small))
    (voc / "classes.txt").write_text("".join(name + "\n" for name, _ in CLASSES))
    counts = "\n".join(f"| {name} | {len(t)} | {len(v)} |"
                       for (name, _), (t, v) in zip(CLASSES, split_stamps))
    (tmp / "SOURCES.md").write_text(
        "# Sources of this dataset\n\nMade by scripts/make-realistic-data.py "
        f"(seed {args.seed}, {width}x{height}, {args.train} train, {args.val} val).\n\n"
        f"- Objects: {LICENCES['stamps']}\n- Backgrounds: {LICENCES['backgrounds']}\n\n"
        "| class | train stamps | val stamps |\n|---|---|---|\n" + counts + "\n\n"
        "Train backgrounds: " + ", ".join(p.name for p in train_bg) + "\n\n"
        "Val backgrounds: " + ", ".join(p.name for p in val_bg) + "\n\n## Files\n\n" +
        "".join(f"- {u}\n" for u in sorted(used)))
    if args.out.exists():
        args.out.rmdir()  # empty, checked above
    os.replace(tmp, args.out)
    print(f"make-realistic-data: wrote {n} images ({args.train} train, {args.val} val, "
          f"{len(CLASSES)} classes) to {args.out}")


if __name__ == "__main__":
    main()
