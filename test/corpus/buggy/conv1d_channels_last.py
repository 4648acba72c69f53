"""Sensor windows stored as (batch, time, channels) fed to Conv1d, which wants (batch, channels, time)."""
import torch
import torch.nn as nn


class SensorNet(nn.Module):
    def __init__(self, channels=6, classes=5):
        super().__init__()
        self.conv = nn.Conv1d(channels, 32, kernel_size=5, padding=2)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.fc = nn.Linear(32, classes)

    def forward(self, x):
        h = torch.relu(self.conv(x))
        h = self.pool(h).squeeze(-1)
        return self.fc(h)


windows = torch.randn(16, 128, 6)
net = SensorNet()
scores = net(windows)
