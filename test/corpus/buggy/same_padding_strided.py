import torch
import torch.nn as nn

x = torch.randn(1, 3, 64, 64)
stem = nn.Sequential(
    nn.Conv2d(3, 32, kernel_size=3, padding="same"),
    nn.ReLU(),
    nn.Conv2d(32, 64, kernel_size=3, stride=2, padding="same"),
)
out = stem(x)
