import torch

feature = torch.randn(4, 3, 8, 8)
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225])[None, :, None, None]
normalized = (feature - mean) / std
scale = torch.randn(3, 1, 1)
scaled = feature * scale
bias = torch.randn(8)
shifted = feature + bias
col = torch.randn(5, 1)
row = torch.randn(1, 6)
grid = col + row
masked = torch.where(grid > 0, grid, torch.zeros(1))
scalar_mul = feature * 2.0
pw = feature ** 2
clamped = torch.clamp(feature, min=0)
gt = feature > mean
mixed = torch.randn(2, 1, 5) * torch.randn(3, 1)
sig = torch.sigmoid(feature) * feature
