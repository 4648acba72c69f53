"""Too many stride-2 stages for a small input: the last 3x3 kernel meets a 2x2 map."""
import torch
import torch.nn as nn


def block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=2), nn.BatchNorm2d(cout), nn.ReLU())


encoder = nn.Sequential(block(3, 16), block(16, 32), block(32, 64), block(64, 128))
x = torch.randn(4, 3, 24, 24)
features = encoder(x)
