# Proxy inputs for eval-clicks without the trained pipeline: degraded ground truth as the
# starting mask (stride-8 blocks, every 2nd class of each image dropped) and ground-truth label
# edges as the boundary map (stride 4). Only for walk vs flood; NOT the goal measurement.
import sys, os
import numpy as np
from PIL import Image
voc = sys.argv[1]; out = sys.argv[2]
ids = [l.strip() for l in open(os.path.join(voc, 'ImageSets/Segmentation/train.txt')) if l.strip()]
os.makedirs(out + '/start', exist_ok=True); os.makedirs(out + '/boundary', exist_ok=True)
for n, i in enumerate(ids):
    im = Image.open(os.path.join(voc, 'SegmentationClass', i + '.png'))
    g = np.array(im)
    H, W = g.shape
    s = g[4::8, 4::8].repeat(8, 0).repeat(8, 1)[:H, :W].copy()
    s[s == 255] = 0
    cls = [c for c in np.unique(g) if c not in (0, 255)]
    for k, c in enumerate(cls):
        if (k + n) % 2 == 1:
            s[s == c] = 0
    o = Image.fromarray(s.astype(np.uint8), 'P'); o.putpalette(im.getpalette()); o.save(out + '/start/' + i + '.png')
    e = np.zeros((H, W), bool)
    gg = g.astype(int)
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        a = gg[max(0,-dy):H-max(0,dy), max(0,-dx):W-max(0,dx)]
        b = gg[max(0,dy):, max(0,dx):][:a.shape[0], :a.shape[1]] if dx >= 0 else gg[dy:, :W+dx][:a.shape[0], :a.shape[1]]
        d = (a != b)
        e[max(0,-dy):H-max(0,dy), max(0,-dx):W-max(0,dx)] |= d
    h, w = (H + 3) // 4, (W + 3) // 4
    ep = np.zeros((h * 4, w * 4), bool); ep[:H, :W] = e
    b4 = ep.reshape(h, 4, w, 4).any(axis=(1, 3))
    Image.fromarray((b4 * 255).astype(np.uint8)).save(out + '/boundary/' + i + '.png')
print(len(ids), 'images')
