import torch
import torch.nn as nn

features = torch.randn(2, 48, 16, 16)
norm = nn.GroupNorm(num_groups=32, num_channels=48)
normed = norm(features)
