import torch
import torch.nn as nn

image = torch.rand(3, 28, 28)
conv = nn.Conv2d(3, 6, 5)
fmap = conv(image)  # torch.Size([6, 24, 24])
batched = conv(image.unsqueeze(0))  # torch.Size([6, 24, 24])
pooled = nn.AvgPool2d(2)(fmap)  # torch.Size([6, 12, 12])
