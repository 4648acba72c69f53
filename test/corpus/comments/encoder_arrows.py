import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 4, stride=2, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 4, stride=2, padding=1)
        self.conv3 = nn.Conv2d(64, 128, 4, stride=2, padding=1)
        self.fc = nn.Linear(128 * 4 * 4, 16)

    def forward(self, x):
        h = torch.relu(self.conv1(x))  # -> [B, 32, 16, 16]
        h = torch.relu(self.conv2(h))  # -> [B, 64, 8, 8]
        h = torch.relu(self.conv3(h))  # -> [B, 128, 4, 4]
        h = h.flatten(1)  # -> [B, 2048]
        z = self.fc(h)  # -> [B, 32]
        return z


enc = Encoder()
codes = enc(torch.randn(5, 3, 32, 32))  # -> [B, 16]
