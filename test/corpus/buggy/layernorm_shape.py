import torch
import torch.nn as nn


class MLPBlock(nn.Module):
    def __init__(self, dim=64, hidden=128):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.norm = nn.LayerNorm(dim)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        h = self.fc1(x)
        h = self.norm(h)
        return x + self.fc2(torch.relu(h))


tokens = torch.randn(2, 10, 64)
block = MLPBlock()
out = block(tokens)
