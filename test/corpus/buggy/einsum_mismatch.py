import torch

queries = torch.randn(2, 8, 16)
keys = torch.randn(2, 8, 12)
scores = torch.einsum("bqd,bkd->bqk", queries, keys)
