#!/usr/bin/python3
"""Reference for bench_train_amr: the same ResNet-50 AMR network and train_amr loss written in
plain PyTorch (Debian python3-torch 1.13), timing forward + backward + SGD on one random batch.

    /usr/bin/python3 bench/reference_train_amr.py [steps=4] [threads=2]

Network as in the C++ port: caffe-layout bottlenecks (stride on the first 1x1), output stride 16
(layer strides 1, 2, 2, 1), frozen BatchNorms (per-channel scale and shift), an AMM in every
bottleneck of the compensation branch, the spotlight backbone and the compensation stem + layer1
run without a graph. Loss: L_cls(s) + L_cls(c) + 0.05 * mean|ReLU(CAM_s) - ReLU(CAM_c)|."""
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class FixedBN(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.register_buffer("running_mean", torch.zeros(c))
        self.register_buffer("running_var", torch.ones(c))

    def forward(self, x):
        scale = self.weight * (self.running_var + 1e-3).rsqrt()
        shift = self.bias - self.running_mean * scale
        return x * scale.view(1, -1, 1, 1) + shift.view(1, -1, 1, 1)


def gaussian(x):
    mu = x.mean().detach()
    sigma = x.std().detach().clamp_min(1e-5)
    return torch.exp(-(x - mu) ** 2 / (2 * sigma ** 2)) / (math.sqrt(2 * math.pi) * sigma)


class Amm(nn.Module):
    def __init__(self, c, r=16):
        super().__init__()
        h = max(1, c // r)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(c, h), nn.ReLU(), nn.Linear(h, c))
        self.conv = nn.Conv2d(2, 1, 7, padding=3, bias=False)
        self.bn = nn.BatchNorm2d(1, momentum=0.01)

    def forward(self, x):
        a = self.mlp(x.mean((2, 3)))
        x = x * gaussian(a)[:, :, None, None]
        p = torch.cat([x.max(1, keepdim=True)[0], x.mean(1, keepdim=True)], 1)
        return x * gaussian(self.bn(self.conv(p)))


class Bottleneck(nn.Module):
    def __init__(self, cin, mid, stride, amm):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, mid, 1, stride, bias=False)
        self.bn1 = FixedBN(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, 1, 1, bias=False)
        self.bn2 = FixedBN(mid)
        self.conv3 = nn.Conv2d(mid, mid * 4, 1, bias=False)
        self.bn3 = FixedBN(mid * 4)
        self.amm = Amm(mid * 4) if amm else None
        self.down = None
        if stride != 1 or cin != mid * 4:
            self.down = nn.Sequential(nn.Conv2d(cin, mid * 4, 1, stride, bias=False),
                                      FixedBN(mid * 4))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        if self.amm is not None:
            y = self.amm(y)
        return F.relu(y + (x if self.down is None else self.down(x)))


class ResNet50(nn.Module):
    def __init__(self, amm):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = FixedBN(64)
        for p in list(self.conv1.parameters()) + list(self.bn1.parameters()):
            p.requires_grad = False
        layers, cin = [], 64
        for mid, n, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 1)]:
            blocks = []
            for i in range(n):
                blocks.append(Bottleneck(cin, mid, stride if i == 0 else 1, amm))
                cin = mid * 4
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3, self.layer4 = layers

    def stem(self, x):
        return F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)


class Amr(nn.Module):
    def __init__(self, k=10):
        super().__init__()
        self.s = ResNet50(False)
        self.c = ResNet50(True)
        self.ws = nn.Conv2d(2048, k, 1, bias=False)
        self.wc = nn.Conv2d(2048, k, 1, bias=False)

    def forward(self, x):
        with torch.no_grad():
            r = self.s
            fs = r.layer4(r.layer3(r.layer2(r.layer1(r.stem(x)))))
            logits_s = self.ws(fs.mean((2, 3), keepdim=True)).flatten(1)
            g = self.c.layer1(self.c.stem(x))
        fc = self.c.layer4(self.c.layer3(self.c.layer2(g)))
        return logits_s, self.wc(fc.mean((2, 3), keepdim=True)).flatten(1), self.ws(fs), self.wc(fc)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    torch.manual_seed(0)
    net = Amr().train()
    groups = [
        {"params": [p for p in net.s.parameters() if p.requires_grad], "lr": 0.01},
        {"params": [p for p in net.c.parameters() if p.requires_grad], "lr": 0.1},
        {"params": list(net.ws.parameters()) + list(net.wc.parameters()), "lr": 0.01},
    ]
    opt = torch.optim.SGD(groups, lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(4, 3, 320, 320)
    y = (torch.rand(4, 10) > 0.7).float()
    t0 = None
    for i in range(steps + 1):
        if i == 1:
            t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        ls, lc, cs, cc = net(x)
        loss = (F.multilabel_soft_margin_loss(ls, y) + F.multilabel_soft_margin_loss(lc, y)
                + 0.05 * (F.relu(cs) - F.relu(cc)).abs().mean())
        loss.backward()
        opt.step()
    dt = time.perf_counter() - t0
    print("PyTorch %s reference, ResNet-50 AMR, 320x320, batch 4, %d timed steps, %d threads: "
          "%.2f images/s" % (torch.__version__, steps, torch.get_num_threads(), steps * 4 / dt))


if __name__ == "__main__":
    main()
