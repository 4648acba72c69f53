import torch
import torch.nn.functional as F

tokens = torch.randn(2, 10, 64)  # shape: (2, 10, 64)
heads = tokens.view(2, 10, 8, 8).transpose(1, 2)  # shape: (2, 8, 10, 8)
scores = heads @ heads.transpose(-2, -1)  # shape: (2, 8, 10, 10)
weights = F.softmax(scores, dim=-1)  # shape: [2, 8, 10, 8]
context = weights @ heads  # shape: torch.Size([2, 8, 10, 8])
merged = context.transpose(1, 2).reshape(2, 10, 64)  # shape: (2, 64, 10)
