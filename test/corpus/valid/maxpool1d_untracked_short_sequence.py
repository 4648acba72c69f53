"""The same short input without autograd: max_pool1d's plain kernel returns zero windows instead of raising."""
import torch
import torch.nn as nn
import torch.nn.functional as F

conv = nn.Conv1d(16, 8, kernel_size=3, padding=1)
sentence = torch.randn(1, 16, 3)
with torch.no_grad():
    features = conv(sentence)
    pooled = F.max_pool1d(features, 5)
detached = F.max_pool1d(conv(sentence).detach(), 5)
raw = F.max_pool1d(sentence, 4)
