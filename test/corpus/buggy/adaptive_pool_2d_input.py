import torch
import torch.nn as nn

embeddings = torch.randn(4, 64)
pool = nn.AdaptiveAvgPool2d((1, 1))
pooled = pool(embeddings)
