"""An inverted residual that keeps the skip connection even when it downsamples."""
import torch
import torch.nn as nn


class InvertedResidual(nn.Module):
    def __init__(self, channels, stride, expand_ratio=6):
        super().__init__()
        hidden = channels * expand_ratio
        self.block = nn.Sequential(
            nn.Conv2d(channels, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden),
            nn.ReLU6(inplace=True),
            nn.Conv2d(hidden, channels, 1, bias=False), nn.BatchNorm2d(channels),
        )

    def forward(self, x):
        return x + self.block(x)


stage = nn.Sequential(InvertedResidual(24, 1), InvertedResidual(24, 2))
out = stage(torch.randn(1, 24, 28, 28))
