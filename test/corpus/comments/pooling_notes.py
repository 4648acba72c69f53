import torch
import torch.nn as nn

x = torch.randn(1, 8, 15, 15)
p = nn.MaxPool2d(2)(x)  # [1, 8, 7, 7]
pc = nn.MaxPool2d(2, ceil_mode=True)(x)  # [1, 8, 7, 7]
a = nn.AvgPool2d(3, stride=2, padding=1)(x)  # [1, 8, 8, 8]
g = nn.AdaptiveAvgPool2d((4, 4))(x)  # [1, 8, 4, 4]
s = nn.MaxPool2d(3, stride=1, padding=1)(x)  # [1, 8, 15, 15]
d = nn.MaxPool2d(3, stride=2, dilation=2)(x)  # [1, 8, 6, 6]
