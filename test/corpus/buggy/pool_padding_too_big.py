import torch
import torch.nn as nn

x = torch.randn(1, 16, 20, 20)
pool = nn.MaxPool2d(kernel_size=3, stride=2, padding=2)
y = pool(x)
