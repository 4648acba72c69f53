import torch
import torch.nn as nn

fuse = nn.Bilinear(16, 32, 8)
visual = torch.randn(4, 16)
textual = torch.randn(4, 24)
fused = fuse(visual, textual)
