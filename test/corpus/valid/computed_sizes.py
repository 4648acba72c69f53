"""Layer sizes computed in Python before the layers are built."""
import math

import torch
import torch.nn as nn


def conv_out(size, kernel, stride=1, padding=0, dilation=1):
    return math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1)


class ComputedNet(nn.Module):
    def __init__(self, input_size=(3, 45, 61), channels=(8, 16), kernel=5, num_classes=7):
        super().__init__()
        c, h, w = input_size
        layers = []
        for out_channels in channels:
            layers += [nn.Conv2d(c, out_channels, kernel, stride=2), nn.ReLU()]
            h, w = conv_out(h, kernel, 2), conv_out(w, kernel, 2)
            c = out_channels
        self.features = nn.Sequential(*layers)
        self.flat_features = c * h * w
        self.fc = nn.Linear(self.flat_features, num_classes)

    def forward(self, x):
        x = self.features(x)
        assert x.shape[1:] == (16, 9, 13)
        x = x.reshape(-1, self.flat_features)
        return self.fc(x)


net = ComputedNet()
sample = torch.randn(3, 3, 45, 61)
logits = net(sample)
hidden = int(math.sqrt(256))
mlp = nn.Sequential(nn.Linear(7, hidden), nn.ReLU(), nn.Linear(hidden, max(2, hidden // 4)))
scores = mlp(logits)
n = sum([1, 2, 3])
grid = torch.zeros(n, len(net.features), min(4, 9))
