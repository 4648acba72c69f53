# Layer sizes read from configuration objects: a dataclass built with keyword and positional
# arguments and field defaults, an inherited dataclass, a frozen one with field(default=...), a
# typing.NamedTuple, and a plain class whose __init__ stores its arguments.
import dataclasses
from dataclasses import dataclass, field
from typing import NamedTuple

import torch
import torch.nn as nn


@dataclass
class StemConfig:
    in_ch: int = 3
    width: int = 16
    size: int = 32


@dataclass
class HeadConfig(StemConfig):
    classes: int = 10
    hidden: int = field(default=64)


@dataclasses.dataclass(frozen=True)
class Frozen:
    kernel: int
    stride: int = 1


class Shape(NamedTuple):
    batch: int
    size: int = 28


class Plain:
    def __init__(self, width, depth=2):
        self.width = width
        self.depth = depth


stem = StemConfig(width=8)
conv = nn.Conv2d(stem.in_ch, stem.width, 3)
y = conv(torch.randn(1, stem.in_ch, stem.size, stem.size))

small = StemConfig(1, 4, 12)
z = nn.Conv2d(small.in_ch, small.width, 3)(torch.randn(2, small.in_ch, small.size, small.size))

head_cfg = HeadConfig(in_ch=2, classes=5)
features = torch.randn(3, head_cfg.hidden)
logits = nn.Linear(head_cfg.hidden, head_cfg.classes)(features)
image = torch.randn(1, head_cfg.in_ch, head_cfg.size, head_cfg.size)

k = Frozen(5, stride=2)
pooled = nn.MaxPool2d(k.kernel, k.stride)(torch.randn(1, 3, 20, 20))

s = Shape(4)
batch = torch.zeros(s.batch, 1, s.size, s.size)
s2 = Shape(2, size=14)
batch2 = torch.zeros(s2.batch, 1, s2.size, s2.size)

p = Plain(6)
out = nn.Conv2d(3, p.width, 1)(torch.randn(p.depth, 3, 5, 5))
