import torch

features = torch.randn(2, 64, 7, 7)
channels_last = features.permute(0, 2, 3, 1)
tokens = channels_last.view(-1, 64)
