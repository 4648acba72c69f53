import torch

images = torch.rand(8, 3, 32, 32)
mean = torch.tensor([0.4914, 0.4822, 0.4465, 0.5])
std = torch.tensor([0.2470, 0.2435, 0.2616])
centered = images - mean.view(1, 4, 1, 1)
normalized = centered / std.view(1, 3, 1, 1)
