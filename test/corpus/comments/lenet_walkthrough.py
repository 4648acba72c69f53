import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 1, 32, 32)
conv1 = nn.Conv2d(1, 6, 5)
c1 = conv1(x)  # torch.Size([1, 6, 28, 28])
s2 = F.max_pool2d(c1, 2)  # torch.Size([1, 6, 14, 14])
conv2 = nn.Conv2d(6, 16, 5)
c3 = conv2(s2)  # torch.Size([1, 16, 12, 12])
s4 = F.max_pool2d(c3, 2)  # torch.Size([1, 16, 5, 5])
flat = s4.view(-1, 16 * 5 * 5)  # torch.Size([1, 400])
