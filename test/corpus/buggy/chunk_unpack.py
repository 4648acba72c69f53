"""qkv is split along the wrong axis: dim 1 has size 2, so chunk(3) returns two pieces."""
import torch
import torch.nn as nn

dim = 24
to_qkv = nn.Linear(dim, dim * 3)
tokens = torch.randn(4, 2, dim)
qkv = to_qkv(tokens)
q, k, v = qkv.chunk(3, dim=1)
