import torch

features = torch.randn(6, 8)
weights = torch.randn(8, 2)
out = torch.bmm(features, weights)
