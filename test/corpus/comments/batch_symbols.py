import torch
import torch.nn as nn

B = 16
x = torch.randn(B, 3, 32, 32)  # [B, C, H, W]
conv = nn.Conv2d(3, 8, 3, padding=1)
y = conv(x)  # [B, 8, H, W]
pooled = nn.MaxPool2d(2)(y)  # [B, 8, H, W]
square = pooled.mean(dim=1)  # [B, N, N]
grid = torch.randn(B, 4, 5)  # [B, N, N]
vec = pooled.flatten(1)  # [B, 2048]
