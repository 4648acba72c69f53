import torch
import torch.nn as nn


class GroupedStem(nn.Module):
    def __init__(self, in_channels=6, width=32, groups=4):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, width, kernel_size=3, padding=1, groups=groups)
        self.bn = nn.BatchNorm2d(width)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)))


stem = GroupedStem()
out = stem(torch.randn(1, 6, 16, 16))
