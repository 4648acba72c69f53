import torch

rgb = torch.rand(4, 3, 64, 64)
red = rgb[:, 0]
green = rgb[:, 1]
alpha = rgb[:, 3]
