import torch

sequence = torch.randn(8, 50, 32)
channels_first = sequence.transpose(1, 3)
