"""Temporal pooling on a clip with fewer frames than the pooling window."""
import torch
import torch.nn as nn


class ClipNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv3d(3, 8, kernel_size=3, padding=1)
        self.pool = nn.MaxPool3d(kernel_size=(4, 2, 2))

    def forward(self, clip):
        h = torch.relu(self.conv(clip))
        h = self.pool(h)
        return h


net = ClipNet()
short_clip = torch.randn(1, 3, 2, 16, 16)
out = net(short_clip)
