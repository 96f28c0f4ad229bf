"""`amr make-cam` on images with odd sides equals a reference computed with Debian's PyTorch
from the official formulas (docs/method.md §4.1, §4.2, §4.4), at all 7 official scales.

Run by ctest as `/usr/bin/python3 test_cam_scales.py <path to amr>`. Builds a ResNet-50 CAM
network (output stride 16) with random weights in torchvision, saves it as the official
train_cam checkpoint (res50_cam.pth), imports it with `amr import-weights`, makes the CAMs of
two images with the CLI and compares the stored maps with the reference: scaled sizes
int(np.round(side * s)) (half to even), Pillow bicubic, [I, flip(I)], ReLU CAM with the Grad-CAM
factor, flip merge, bilinear upsampling, sum over scales, per-class max normalisation.
The image sides are chosen so that half-up rounding (std::lround) gives another size at every
scale except 1 and 2; the test checks that this changes the reference by far more than the
tolerance, so a regression to half-up rounding fails it.
Exits 77 (skipped) when torch, torchvision, numpy or PIL cannot be imported.
"""

import math
import os
import struct
import subprocess
import sys
import tempfile

SKIP = 77

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    import torchvision
    from PIL import Image
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"skipped: {e} (needs numpy, torch, torchvision and PIL)")
    sys.exit(SKIP)

SCALES = (1.0, 0.5, 0.75, 1.25, 1.5, 1.75, 2.0)  # run_sample.py's cam_scales
VOC = ("aeroplane bicycle bird boat bottle bus car cat chair cow diningtable dog horse "
       "motorbike person pottedplant sheep sofa train tvmonitor").split()
# (width, height, tags): 161 ≡ 1 (mod 4) splits at 0.5, 115 ≡ 3 (mod 4) at 1.5,
# 118 ≡ 6 (mod 8) at 0.75 and 1.75, 74 ≡ 2 (mod 8) at 1.25.
IMAGES = {"odd": (161, 115, ["cat", "dog"]), "even": (118, 74, ["person"])}
TOLERANCE = 2e-3  # the store keeps float16 (step 4.9e-4 below 1)


def run(*args):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def half_even(side, s):
    return max(1, int(np.round(side * s)))


def half_up(side, s):
    return max(1, int(math.floor(side * s + 0.5)))


def make_net():
    """The official CAM backbone: torchvision ResNet-50 (v1.5), layer4 stride 1, eval-mode BN."""
    torch.manual_seed(7)
    net = torchvision.models.resnet50()
    net.layer4[0].conv2.stride = (1, 1)
    net.layer4[0].downsample[0].stride = (1, 1)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
        for block in (b for layer in (net.layer1, net.layer2, net.layer3, net.layer4)
                      for b in layer):
            block.bn3.weight.fill_(0.3)  # keeps the activations of a random net moderate
    net.eval()
    classifier = torch.randn(20, 2048, 1, 1) * 0.02
    return net, classifier


def features(net, x):
    x = net.maxpool(net.relu(net.bn1(net.conv1(x))))
    return net.layer4(net.layer3(net.layer2(net.layer1(x))))


def normalise(rgb):
    mean = np.array([0.485, 0.456, 0.406])
    std = np.array([0.229, 0.224, 0.225])
    return ((rgb / 255.0 - mean) / std).astype(np.float32)


def reference(net, classifier, rgb, keys, size_of):
    """Strided (⌈H/4⌉×⌈W/4⌉) and full-resolution CAMs of the classes `keys`."""
    H, W = rgb.shape[:2]
    strided = torch.zeros(len(keys), (H + 3) // 4, (W + 3) // 4)
    up = (16 * ((H + 15) // 16), 16 * ((W + 15) // 16))
    high = torch.zeros(len(keys), H, W)
    w = classifier[keys]
    k_pos = (w.flatten(1) > 0).sum(1).float()
    for s in SCALES:
        img = rgb
        if s != 1.0:
            size = (size_of(W, s), size_of(H, s))
            img = np.asarray(Image.fromarray(rgb).resize(size, Image.BICUBIC))
        x = torch.from_numpy(normalise(img)).permute(2, 0, 1)[None]
        x = torch.cat([x, x.flip(-1)])
        with torch.no_grad():
            z = F.conv2d(features(net, x), w)  # 2×K×h×w
            p = (z > 0).sum((2, 3)).float()  # 2×K
            r = F.relu(z) * (p / (k_pos * p.sum(0) + 1e-12))[:, :, None, None]
            a = (r[0] + r[1].flip(-1))[None]
            strided += F.interpolate(a, strided.shape[1:], mode="bilinear",
                                     align_corners=False)[0]
            high += F.interpolate(a, up, mode="bilinear", align_corners=False)[0, :, :H, :W]
    for m in (strided, high):
        m /= m.amax((1, 2), keepdim=True) + 1e-5
    return strided.numpy(), high.numpy()


def read_store_entry(path):
    """The spotlight maps of one .cam file (layout in engine/cam/cam_store.h)."""
    with open(path, "rb") as f:
        b = f.read()
    assert b[:8] == b"AMRCAM\0\1", path
    version, H, W, K, h, w, flags, n = struct.unpack_from("<8I", b, 8)
    assert version == 1 and flags & 1, (path, version, flags)
    pos = 8 + 32 + n
    keys = list(np.frombuffer(b, "<u4", K, pos))
    pos += 4 * K + 8
    payload = np.frombuffer(b, "<f2", offset=pos).astype(np.float32)
    strided = payload[:K * h * w].reshape(K, h, w)
    payload = payload[2 * K * h * w:]  # skip the compensation maps (equal for a spotlight net)
    high = payload[:K * H * W].reshape(K, H, W)
    return keys, strided, high


def test_image(seed, W, H):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:H, 0:W]
    img = np.zeros((H, W, 3))
    for _ in range(4):
        cy, cx, ry, rx = rng.uniform(0, H), rng.uniform(0, W), rng.uniform(8, H / 2), \
            rng.uniform(8, W / 2)
        inside = ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 < 1
        img[inside] += rng.uniform(40, 120, 3)
    img += rng.normal(0, 12, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def main():
    amr = sys.argv[1]
    torch.set_num_threads(2)
    net, classifier = make_net()
    with tempfile.TemporaryDirectory() as tmp:
        state = {"resnet50." + k: v for k, v in net.state_dict().items()
                 if not k.startswith("fc.")}
        state["classifier.weight"] = classifier
        pth = os.path.join(tmp, "res50_cam.pth.pth")
        torch.save(state, pth)
        ck = os.path.join(tmp, "cam.pt")
        run(amr, "import-weights", pth, ck)

        data = os.path.join(tmp, "data")
        os.makedirs(os.path.join(data, "images"))
        with open(os.path.join(data, "classes.txt"), "w") as f:
            f.write("\n".join(VOC) + "\n")
        rgbs = {}
        with open(os.path.join(data, "tags.csv"), "w") as f:
            for i, (name, (W, H, tags)) in enumerate(IMAGES.items()):
                rgbs[name] = test_image(i, W, H)
                Image.fromarray(rgbs[name]).save(os.path.join(data, "images", name + ".png"))
                f.write(f"{name}.png,{';'.join(tags)}\n")
        store = os.path.join(tmp, "store")
        run(amr, "make-cam", data, "--checkpoint", ck, "--out", store, "--scales",
            ",".join(str(s) for s in SCALES), "--device", "cpu")

        split_scales = set()
        half_up_gap = 0.0
        for name, (W, H, tags) in IMAGES.items():
            keys = sorted(VOC.index(t) for t in tags)
            got_keys, got_strided, got_high = read_store_entry(os.path.join(store, name + ".cam"))
            assert got_keys == keys, (name, got_keys, keys)
            want_strided, want_high = reference(net, classifier, rgbs[name], keys, half_even)
            assert want_strided.max() > 0.5, f"{name}: the reference CAMs are empty"
            d_strided = float(np.abs(got_strided - want_strided).max())
            d_high = float(np.abs(got_high - want_high).max())
            print(f"{name} {W}x{H}: largest difference {d_strided:.2e} (stride 4), "
                  f"{d_high:.2e} (full resolution)")
            assert d_strided < TOLERANCE and d_high < TOLERANCE, \
                f"{name}: the CAMs differ from the official formula by {d_strided}, {d_high}"

            # The test can fail: half-up sizes give other CAMs on these sides.
            split_scales |= {s for s in SCALES
                             if half_up(W, s) != half_even(W, s) or
                             half_up(H, s) != half_even(H, s)}
            up_strided, _ = reference(net, classifier, rgbs[name], keys, half_up)
            d_up = float(np.abs(up_strided - want_strided).max())
            print(f"{name}: half-up sizes would differ by {d_up:.2e}")
            half_up_gap = max(half_up_gap, d_up)
        assert half_up_gap > 10 * TOLERANCE, "half-up sizes do not change the CAMs"
        assert split_scales == {0.5, 0.75, 1.25, 1.5, 1.75}, sorted(split_scales)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
