#!/usr/bin/python3
"""PyTorch anchor for `lesson bench` and `lesson bench train`, timed the same way.

Debian's python3-torch (PyTorch 1.13, oneDNN): channels-last, warm-up, median of timed
runs. Prints one JSON object (images_per_second, seconds per batch). Random weights are
enough: the timing does not depend on the values.

Forward pass (eval, no_grad):
    /usr/bin/python3 scripts/bench-pytorch.py --size 224 --batch 16 --threads 2
Whole-network training step (forward, cross-entropy, backward, SGD with momentum 0.9):
    /usr/bin/python3 scripts/bench-pytorch.py --train --size 224 --batch 16
    /usr/bin/python3 scripts/bench-pytorch.py --train --block-units 1,1,1,1 --root 32 --classes 56 --size 64 --batch 128
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
    def __init__(self, block_units, root_channels, classes=0):
        super().__init__()
        self.root = StdConv2d(3, root_channels, 7, stride=2, padding=3, bias=False)
        layers, cin = [], root_channels
        for b, units in enumerate(block_units):
            cmid = root_channels * 2 ** b
            for u in range(units):
                stride = 2 if (u == 0 and b > 0) else 1
                layers.append(Unit(cin, cmid, 4 * cmid, stride))
                cin = 4 * cmid
        self.body = nn.Sequential(*layers)
        self.gn = nn.GroupNorm(32, cin)
        self.head = nn.Linear(cin, classes) if classes else None

    def forward(self, x):
        x = self.root(x * 2 - 1)
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, 2)
        x = self.body(x)
        features = F.relu(self.gn(x)).mean(dim=(2, 3))
        return self.head(features) if self.head is not None else features


VARIANTS = {"R50x1": ([3, 4, 6, 3], 1), "R101x1": ([3, 4, 23, 3], 1), "R152x1": ([3, 8, 36, 3], 1),
            "R50x3": ([3, 4, 6, 3], 3), "R101x3": ([3, 4, 23, 3], 3)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="R50x1", choices=sorted(VARIANTS))
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--train", action="store_true", help="time a training step instead of a forward pass")
    ap.add_argument("--block-units", help="units per block, e.g. 1,1,1,1 (overrides --model)")
    ap.add_argument("--root", type=int, help="root channels (default: 64 x the variant's width factor)")
    ap.add_argument("--classes", type=int, default=5, help="head classes of the training step")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    units, wf = VARIANTS[args.model]
    if args.block_units:
        units = [int(u) for u in args.block_units.split(",")]
    root = args.root or 64 * wf
    name = args.model if not args.block_units else f"[{args.block_units}]x{root}"
    x = torch.rand(args.batch, 3, args.size, args.size).to(memory_format=torch.channels_last)
    if args.train:
        model = ResNetV2(units, root, args.classes).train().to(memory_format=torch.channels_last)
        labels = torch.randint(0, args.classes, (args.batch,))
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)

        def run():
            optimizer.zero_grad(set_to_none=False)
            loss = F.cross_entropy(model(x), labels)
            loss.backward()
            optimizer.step()
    else:
        model = ResNetV2(units, root).eval().to(memory_format=torch.channels_last)

        def run():
            with torch.no_grad():
                model(x)
    times = []
    run()  # warm-up
    for _ in range(args.repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "model": name, "size": args.size,
                      "batch": args.batch, "threads": args.threads, "mode": "train" if args.train else "forward",
                      "seconds_per_batch": median, "images_per_second": args.batch / median}))


if __name__ == "__main__":
    main()
