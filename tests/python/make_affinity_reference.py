#!/usr/bin/python3
"""Reference affinity labels for tests/engine/test_affinity_reference.cpp, computed with NumPy and
Pillow from the formulas of the official train_irn (docs/method.md §5.3, §5.4):

* a seed PNG of a 512 crop (values 0..20 and 255) is reduced ×0.25 with Pillow's nearest filter
  to 128×128, the size int(np.round(512 * 0.25)) the official pil_rescale gives;
* directions of radius 10: (0, x) for 1 <= x < r and (y, x) for 1 <= y < r, |x| < r, x² + y² < r²;
* sources: rows [0, h - ρ) × cols [ρ, w - ρ), ρ = ceil(r) - 1; destination = source + (dy, dx);
* a pair is valid when both labels are < 21; bg_pos = valid, equal, 0; fg_pos = valid, equal,
  > 0; neg = valid, different.

Writes OUT/seeds.png and OUT/affinity.bin: int32 D, S, h, w; then per direction int32 dy, dx and
three uint8 arrays of S values (bg_pos, fg_pos, neg), sources in row-major order.
Usage: /usr/bin/python3 make_affinity_reference.py OUT_DIR. Exit code 77 without NumPy or PIL.
"""
import math
import os
import struct
import sys

try:
    import numpy as np
    from PIL import Image
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"cannot import numpy/PIL: {e}", file=sys.stderr)
    sys.exit(77)

CROP = 512
RADIUS = 10


def seed_map(rng):
    """Blobs of a few classes on background, with unsure (255) bands and some void."""
    yy, xx = np.mgrid[0:CROP, 0:CROP]
    seeds = np.zeros((CROP, CROP), np.uint8)
    for cls in rng.choice(np.arange(1, 21), 5, replace=False):
        cy, cx = rng.uniform(0, CROP, 2)
        ry, rx = rng.uniform(20, 140, 2)
        d = ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2
        seeds[d < 1.3] = 255  # unsure ring
        seeds[d < 1] = cls
    seeds[rng.uniform(size=seeds.shape) < 0.01] = 255
    seeds[:, 470:] = 255  # a padded border, as a crop of a smaller image has
    return seeds


def directions(r):
    out = [(0, x) for x in range(1, r)]
    out += [(y, x) for y in range(1, r) for x in range(-r + 1, r) if x * x + y * y < r * r]
    return out


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    seeds = seed_map(np.random.default_rng(5))
    Image.fromarray(seeds, mode="L").save(os.path.join(out_dir, "seeds.png"))

    side = int(np.round(CROP * 0.25))
    small = np.asarray(Image.fromarray(seeds).resize((side, side), Image.NEAREST))
    h, w = small.shape
    rho = int(math.ceil(RADIUS) - 1)
    rows, cols = h - rho, w - 2 * rho
    src = small[0:rows, rho:rho + cols]
    dirs = directions(RADIUS)
    with open(os.path.join(out_dir, "affinity.bin"), "wb") as f:
        f.write(struct.pack("<4i", len(dirs), rows * cols, h, w))
        for dy, dx in dirs:
            dst = small[dy:dy + rows, rho + dx:rho + dx + cols]
            valid = (src < 21) & (dst < 21)
            same = src == dst
            bg = valid & same & (src == 0)
            fg = valid & same & (src > 0)
            neg = valid & ~same
            f.write(struct.pack("<2i", dy, dx))
            for a in (bg, fg, neg):
                f.write(a.astype(np.uint8).reshape(-1).tobytes())
    print(f"{len(dirs)} directions, {rows * cols} sources on {h}x{w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
