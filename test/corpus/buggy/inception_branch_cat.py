"""One branch of the block forgot its padding, so its map is 2 pixels smaller than the others."""
import torch
import torch.nn as nn


class MiniInception(nn.Module):
    def __init__(self, cin):
        super().__init__()
        self.b1 = nn.Conv2d(cin, 16, kernel_size=1)
        self.b3 = nn.Conv2d(cin, 24, kernel_size=3)
        self.b5 = nn.Conv2d(cin, 8, kernel_size=5, padding=2)
        self.pool = nn.MaxPool2d(3, stride=1, padding=1)

    def forward(self, x):
        branches = [self.b1(x), self.b3(x), self.b5(x), self.pool(x)]
        return torch.cat(branches, dim=1)


block = MiniInception(32)
out = block(torch.randn(1, 32, 35, 35))
