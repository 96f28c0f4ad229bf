#!/usr/bin/python3
"""Reference boundary maps and IRN losses for tests/engine/test_irn_reference.cpp, computed with
Debian's PyTorch from the formulas of the official IRNet code (docs/method.md §5.2–§5.5). Written
for this project from those formulas; nothing is imported from the official code.

The network is IRNet's at a small width (so the test takes seconds): a ResNet with v1.5
bottlenecks (stride on the 3×3 conv), one block per stage, strides (2 | 1, 2, 2, 1), eval-mode
BatchNorm, then the five edge heads (1×1 conv to 32, GroupNorm(4), ×2/×4/×4 bilinear upsampling
for stages 3–5, ReLU), cropped to stage 2's size, concatenated and fused by a 1×1 conv.

boundary.bin (official EdgeDisplacement, make_sem_seg_labels): the normalised pair [I, flip(I)]
zero-padded at the right and bottom to crop_size², the edge logits cropped to ⌈H/4⌉×⌈W/4⌉,
B = sigmoid(e[0]/2 + flip_w(e[1])/2), for crop sizes 512 and 256.

train.bin (official train_irn): the affinities of radius 10 from flat path indices (index_select,
max along the path), the labels of GetAffinityLabelFromIndices (valid < 21), the losses
pos_bg, pos_fg (−ln(a + 1e-5)), neg (−ln(1 + 1e-5 − a)), each averaged over its pairs (+1e-5),
total = (pos_bg/2 + pos_fg/2 + neg)/2; then PolyOptimizer steps on the edge heads: SGD with
momentum 1e-4 (its positional-argument slip) and weight decay 1e-4, lr 0.1·(1 − t/T)^0.9.

Every file is a list of named float32 tensors: int32 count, then per tensor int32 name length,
the name, int32 rank, int32 sizes, the values. Usage: make_irn_reference.py OUT_DIR.
Exits 77 without torch, numpy or PIL.
"""
import os
import struct
import sys

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from PIL import Image
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"cannot import torch/numpy/PIL: {e}", file=sys.stderr)
    sys.exit(77)

WIDTH = 8  # base width of the small ResNet (ResNet-50: 64)
IMAGE_W, IMAGE_H = 141, 103  # neither side a multiple of 4
TRAIN_CROP = 128
TRAIN_RADIUS = 10
TRAIN_STEPS = 4
LR, MOMENTUM, WEIGHT_DECAY, POLY = 0.1, 1e-4, 1e-4, 0.9


class FrozenBN(nn.BatchNorm2d):
    def forward(self, x):
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            training=False, eps=self.eps)


class Bottleneck(nn.Module):
    def __init__(self, cin, mid, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn1 = FrozenBN(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride, 1, bias=False)
        self.bn2 = FrozenBN(mid)
        self.conv3 = nn.Conv2d(mid, 4 * mid, 1, bias=False)
        self.bn3 = FrozenBN(4 * mid)
        self.downsample = None
        if stride != 1 or cin != 4 * mid:
            self.downsample = nn.Sequential(nn.Conv2d(cin, 4 * mid, 1, stride, bias=False),
                                            FrozenBN(4 * mid))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (self.downsample(x) if self.downsample is not None else x))


class Backbone(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.conv1 = nn.Conv2d(3, w, 7, 2, 3, bias=False)
        self.bn1 = FrozenBN(w)
        cin = w
        for i, stride in enumerate((1, 2, 2, 1)):
            setattr(self, f"layer{i + 1}", nn.Sequential(Bottleneck(cin, w << i, stride)))
            cin = 4 * (w << i)


def edge_head(cin, up):
    layers = [nn.Conv2d(cin, 32, 1, bias=False), nn.GroupNorm(4, 32)]
    if up > 1:
        layers.append(nn.Upsample(scale_factor=up, mode="bilinear", align_corners=False))
    layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Irn(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.backbone = Backbone(w)
        self.edge1 = edge_head(w, 1)
        self.edge2 = edge_head(4 * w, 1)
        self.edge3 = edge_head(8 * w, 2)
        self.edge4 = edge_head(16 * w, 4)
        self.edge5 = edge_head(32 * w, 4)
        self.edge6 = nn.Conv2d(160, 1, 1, bias=True)

    def forward(self, x):
        b = self.backbone
        with torch.no_grad():  # the official stages are detached
            x1 = F.max_pool2d(F.relu(b.bn1(b.conv1(x))), 3, 2, 1)
            x2 = b.layer1(x1)
            x3 = b.layer2(x2)
            x4 = b.layer3(x3)
            x5 = b.layer4(x4)
        e2 = self.edge2(x2)
        h, w = e2.shape[2:]
        feats = [self.edge1(x1), e2] + [head(x)[..., :h, :w] for head, x in
                                        ((self.edge3, x3), (self.edge4, x4), (self.edge5, x5))]
        return self.edge6(torch.cat(feats, 1))


def make_net():
    torch.manual_seed(11)
    net = Irn(WIDTH)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
            elif isinstance(m, nn.GroupNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
        net.edge6.bias.fill_(-1.0)
    return net


def normalise(rgb):
    mean = np.array([0.485, 0.456, 0.406])
    std = np.array([0.229, 0.224, 0.225])
    return torch.from_numpy(((rgb / 255.0 - mean) / std).astype(np.float32)).permute(2, 0, 1)


def textured_image(rng, w, h):
    """A few blobs on a noisy, striped background."""
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3)) + 90 + 40 * np.sin(xx / 3.0)[..., None]
    for _ in range(3):
        cy, cx, ry, rx = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(6, h / 3), \
            rng.uniform(6, w / 3)
        img[((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 < 1] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 15, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def boundary(net, rgb, crop_size):
    """The official EdgeDisplacement at crop_size (stride 4), edge part only."""
    x = normalise(rgb)
    pair = torch.stack([x, x.flip(-1)])
    H, W = pair.shape[2:]
    fh, fw = (H - 1) // 4 + 1, (W - 1) // 4 + 1
    pair = F.pad(pair, [0, crop_size - W, 0, crop_size - H])
    with torch.no_grad():
        e = net(pair)[..., :fh, :fw]
    return torch.sigmoid(e[0] / 2 + e[1].flip(-1) / 2)


def path_indices(radius, h, w):
    """Per path length, an index array n_dirs × path_len × n_sources into the flat h×w map
    (farthest point first, so [:, 0] are the destinations), and the flat sources."""
    dirs = [(0, x) for x in range(1, radius)]
    dirs += [(y, x) for y in range(1, radius) for x in range(-radius + 1, radius)
             if x * x + y * y < radius * radius]
    by_length = {}
    for dy, dx in dirs:
        path = [(y, x) for y in range(min(0, dy), max(0, dy) + 1)
                for x in range(min(0, dx), max(0, dx) + 1)
                if (dy * x - dx * y) ** 2 / (dy * dy + dx * dx) < 1]
        path.sort(key=lambda p: -abs(p[0]) - abs(p[1]))
        by_length.setdefault(len(path), []).append(path)
    rho = radius - 1
    rows, cols = h - rho, w - 2 * rho
    full = np.arange(h * w).reshape(h, w)
    groups = []
    for length in sorted(by_length):
        groups.append(torch.from_numpy(np.array(
            [[full[dy:dy + rows, rho + dx:rho + dx + cols].reshape(-1) for dy, dx in path]
             for path in by_length[length]])))
    src = torch.from_numpy(full[:rows, rho:rho + cols].reshape(-1))
    return groups, src


def affinity(edge_prob, groups):
    flat = edge_prob.reshape(edge_prob.shape[0], -1)
    out = []
    for ind in groups:
        d = torch.index_select(flat, 1, ind.reshape(-1)).view(flat.shape[0], *ind.shape)
        out.append(1 - d.max(2)[0])
    return torch.cat(out, 1)  # B × directions × sources


def affinity_labels(labels, groups, src):
    flat = labels.reshape(labels.shape[0], -1).long()
    dst = torch.cat([g[:, 0] for g in groups], 0)  # directions × sources
    a = flat[:, src][:, None, :]
    b = flat[:, dst.reshape(-1)].view(flat.shape[0], *dst.shape)
    valid = (a < 21) & (b < 21)
    same = a == b
    return (((same & valid) & (a == 0)).float(), ((same & valid) & (a > 0)).float(),
            ((~same) & valid).float())


def losses(edge_logits, labels, groups, src):
    a = affinity(torch.sigmoid(edge_logits), groups)
    bg, fg, neg = affinity_labels(labels, groups, src)
    pos = -torch.log(a + 1e-5)
    l_bg = (bg * pos).sum() / (bg.sum() + 1e-5)
    l_fg = (fg * pos).sum() / (fg.sum() + 1e-5)
    l_neg = (neg * -torch.log(1.0 + 1e-5 - a)).sum() / (neg.sum() + 1e-5)
    return l_bg, l_fg, l_neg, (l_bg / 2 + l_fg / 2 + l_neg) / 2


def seed_map(rng, side):
    """Blobs of a few classes on background with unsure (255) rings and a padded border."""
    yy, xx = np.mgrid[0:side, 0:side]
    seeds = np.zeros((side, side), np.uint8)
    for cls in rng.choice(np.arange(1, 21), 3, replace=False):
        cy, cx = rng.uniform(0, side, 2)
        r = rng.uniform(4, side / 3)
        d = ((yy - cy) ** 2 + (xx - cx) ** 2) / (r * r)
        seeds[d < 1.4] = 255
        seeds[d < 1] = cls
    seeds[:, side - 3:] = 255
    return seeds


def write(path, tensors):
    with open(path, "wb") as f:
        f.write(struct.pack("<i", len(tensors)))
        for name, t in tensors:
            a = np.ascontiguousarray(t.detach().numpy() if torch.is_tensor(t) else t, np.float32)
            f.write(struct.pack("<i", len(name)) + name.encode())
            f.write(struct.pack("<i", a.ndim) + struct.pack(f"<{a.ndim}i", *a.shape))
            f.write(a.tobytes())


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    net = make_net()
    net.eval()
    write(os.path.join(out, "weights.bin"),
          [(k, v) for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")])

    rng = np.random.default_rng(3)
    rgb = textured_image(rng, IMAGE_W, IMAGE_H)
    Image.fromarray(rgb).save(os.path.join(out, "image.png"))
    maps = [(f"pad{c}", boundary(net, rgb, c)[0]) for c in (512, 256)]
    write(os.path.join(out, "boundary.bin"), maps)

    # Training: two fixed crops and their seed labels (no augmentation), the official steps.
    images = torch.stack([normalise(textured_image(rng, TRAIN_CROP, TRAIN_CROP)) for _ in
                          range(2)])
    side = TRAIN_CROP // 4
    labels = torch.from_numpy(np.stack([seed_map(rng, side) for _ in range(2)]))
    groups, src = path_indices(TRAIN_RADIUS, side, side)
    edge_params = [p for n, p in net.named_parameters() if n.startswith("edge")]
    opt = torch.optim.SGD([{"params": edge_params, "lr": LR, "weight_decay": WEIGHT_DECAY}],
                          lr=LR, momentum=MOMENTUM)
    net.train()
    curve = []
    for step in range(TRAIN_STEPS):
        opt.param_groups[0]["lr"] = LR * (1 - step / TRAIN_STEPS) ** POLY
        l_bg, l_fg, l_neg, total = losses(net(images), labels, groups, src)
        curve.append([l_bg.item(), l_fg.item(), l_neg.item(), total.item()])
        opt.zero_grad()
        total.backward()
        opt.step()
    write(os.path.join(out, "train.bin"),
          [("images", images), ("labels", labels.float()), ("losses", np.array(curve))])
    print("boundary maps", [tuple(m.shape) for _, m in maps], "losses", np.array(curve)[:, 3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
