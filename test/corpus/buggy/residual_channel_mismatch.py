import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1),
            nn.BatchNorm2d(cout),
            nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding=1),
        )

    def forward(self, x):
        return torch.relu(self.body(x) + x)


blocks = nn.Sequential(Block(32, 32), Block(32, 64))
out = blocks(torch.randn(2, 32, 10, 10))
