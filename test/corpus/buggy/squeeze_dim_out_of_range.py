import torch
import torch.nn as nn

gap = nn.AdaptiveAvgPool2d(1)
features = torch.randn(2, 256, 7, 7)
pooled = gap(features)
vector = pooled.squeeze(-1).squeeze(-1).squeeze(2)
