import torch

mask = torch.ones(2, 1)
attention = torch.randn(3, 4)
expanded = mask.expand(3, 4)
masked = attention * expanded
