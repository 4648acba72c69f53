import torch

embeddings = torch.randn(32, 128)
projection = torch.randn(64, 256)
projected = embeddings @ projection
