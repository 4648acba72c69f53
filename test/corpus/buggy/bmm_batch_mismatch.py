import torch

queries = torch.randn(10, 3, 4)
keys = torch.randn(10, 5, 4)
scores = torch.bmm(queries, keys)
