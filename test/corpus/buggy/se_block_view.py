import torch
import torch.nn as nn


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduction=4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Linear(channels, channels // reduction)
        self.fc2 = nn.Linear(channels // reduction, channels)

    def forward(self, x):
        b, c, h, w = x.shape
        s = self.pool(x).view(b, c)
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))
        return x * s.view(b, c, h, w)


se = SqueezeExcite(32)
y = se(torch.randn(2, 32, 8, 8))
