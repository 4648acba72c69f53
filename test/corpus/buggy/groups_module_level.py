import torch
import torch.nn as nn

x = torch.randn(1, 32, 28, 28)
depthwise = nn.Conv2d(32, 48, kernel_size=3, padding=1, groups=32)
pointwise = nn.Conv2d(48, 64, 1)
y = pointwise(depthwise(x))
