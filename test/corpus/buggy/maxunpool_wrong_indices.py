import torch
import torch.nn as nn

pool = nn.MaxPool2d(2, stride=2, return_indices=True)
unpool = nn.MaxUnpool2d(2, stride=2)
x = torch.randn(1, 4, 8, 8)
pooled, indices = pool(x)
smaller = nn.functional.max_pool2d(pooled, 2)
restored = unpool(smaller, indices)
