#!/usr/bin/python3
"""PyTorch anchor for `lesson bench`: the BiT ResNetV2 forward pass, timed the same way.

Debian's python3-torch (PyTorch 1.13, oneDNN): channels-last, eval, no_grad, warm-up,
median of timed runs. Prints one JSON object (images_per_second, seconds per batch).
Random weights are enough: the timing does not depend on the values.

    /usr/bin/python3 scripts/bench-pytorch.py --size 224 --batch 16 --threads 2
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class StdConv2d(nn.Conv2d):
    """Weight-standardized convolution, re-standardized on every call as in the reference."""

    def forward(self, x):
        w = self.weight
        v, m = torch.var_mean(w, dim=[1, 2, 3], keepdim=True, unbiased=False)
        w = (w - m) / torch.sqrt(v + 1e-10)
        return F.conv2d(x, w, None, self.stride, self.padding)


class Unit(nn.Module):
    def __init__(self, cin, cmid, cout, stride):
        super().__init__()
        self.gn1, self.gn2, self.gn3 = nn.GroupNorm(32, cin), nn.GroupNorm(32, cmid), nn.GroupNorm(32, cmid)
        self.conv1 = StdConv2d(cin, cmid, 1, bias=False)
        self.conv2 = StdConv2d(cmid, cmid, 3, stride=stride, padding=1, bias=False)
        self.conv3 = StdConv2d(cmid, cout, 1, bias=False)
        self.proj = StdConv2d(cin, cout, 1, stride=stride, bias=False) if stride != 1 or cin != cout else None

    def forward(self, x):
        p = F.relu(self.gn1(x))
        shortcut = self.proj(p) if self.proj is not None else x
        y = self.conv1(p)
        y = self.conv2(F.relu(self.gn2(y)))
        y = self.conv3(F.relu(self.gn3(y)))
        return y + shortcut


class ResNetV2(nn.Module):
    def __init__(self, block_units, wf):
        super().__init__()
        self.root = StdConv2d(3, 64 * wf, 7, stride=2, padding=3, bias=False)
        layers, cin = [], 64 * wf
        for b, units in enumerate(block_units):
            cmid = 64 * wf * 2 ** b
            for u in range(units):
                stride = 2 if (u == 0 and b > 0) else 1
                layers.append(Unit(cin, cmid, 4 * cmid, stride))
                cin = 4 * cmid
        self.body = nn.Sequential(*layers)
        self.gn = nn.GroupNorm(32, cin)

    def forward(self, x):
        x = self.root(x * 2 - 1)
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, 2)
        x = self.body(x)
        return F.relu(self.gn(x)).mean(dim=(2, 3))


VARIANTS = {"R50x1": ([3, 4, 6, 3], 1), "R101x1": ([3, 4, 23, 3], 1), "R152x1": ([3, 8, 36, 3], 1),
            "R50x3": ([3, 4, 6, 3], 3), "R101x3": ([3, 4, 23, 3], 3)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="R50x1", choices=sorted(VARIANTS))
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model = ResNetV2(*VARIANTS[args.model]).eval().to(memory_format=torch.channels_last)
    x = torch.rand(args.batch, 3, args.size, args.size).to(memory_format=torch.channels_last)
    times = []
    with torch.no_grad():
        model(x)  # warm-up
        for _ in range(args.repeats):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "model": args.model, "size": args.size,
                      "batch": args.batch, "threads": args.threads, "seconds_per_batch": median,
                      "images_per_second": args.batch / median}))


if __name__ == "__main__":
    main()
