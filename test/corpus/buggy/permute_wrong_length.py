import torch

batch = torch.randn(4, 32, 32, 3)
channels_first = batch.permute(0, 3, 1)
