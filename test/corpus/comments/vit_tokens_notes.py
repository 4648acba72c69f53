import torch
import torch.nn as nn

patchify = nn.Conv2d(3, 96, kernel_size=16, stride=16)
images = torch.randn(2, 3, 224, 224)
patches = patchify(images)  # -> (2, 96, 14, 14)
tokens = patches.flatten(2).transpose(1, 2)  # -> (2, 196, 96)
cls = torch.zeros(2, 1, 96)
tokens = torch.cat([cls, tokens], dim=1)  # -> (2, 196, 96)
pos = nn.Parameter(torch.zeros(1, 197, 96))
tokens = tokens + pos  # -> (2, 197, 96)
