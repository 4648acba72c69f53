import torch

weights = torch.randn(10, 5)
sample = torch.randn(5)
scores = torch.mm(weights, sample)
