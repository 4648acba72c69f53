#!/usr/bin/python3
"""torch's side of the convolution bench: the same workloads as bench/conv-suite.ts, one thread,
channels_last, best-of-runs milliseconds (as the JavaScript side reports) as JSON on stdout. Run by bench/conv.bench.mjs when
/usr/bin/python3 has torch. Data is random: timings do not depend on values."""
import json
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def best_ms(fn, rounds=7):
    fn()
    best = float('inf')
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t) * 1e3)
    return best


def main():
    out = {}
    with torch.no_grad():
        image = torch.rand(1, 3, 1024, 1024).contiguous(memory_format=torch.channels_last)
        for k in (3, 5, 11):
            weight = torch.rand(3, 1, k, k)
            out[f'rgb-k{k}'] = best_ms(lambda: F.conv2d(image, weight, padding=k // 2, groups=3))
        x = torch.rand(1, 64, 56, 56).contiguous(memory_format=torch.channels_last)
        weight = torch.rand(64, 64, 3, 3).contiguous(memory_format=torch.channels_last)
        out['c64'] = best_ms(lambda: F.conv2d(x, weight, padding=1))
    print(json.dumps({'version': torch.__version__, 'ms': out}))


if __name__ == '__main__':
    main()
