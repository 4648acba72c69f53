import torch
import torch.nn as nn
import torch.nn.functional as F

image = torch.randn(3, 32, 32)
conv = nn.Conv2d(3, 8, 3, padding=1)
feature = conv(image)
pooled = nn.MaxPool2d(2)(feature)
avg = F.avg_pool2d(feature, 4)
adaptive = nn.AdaptiveAvgPool2d(1)(pooled)
vector = adaptive.flatten()
logits = nn.Linear(8, 5)(vector)
up = nn.ConvTranspose2d(8, 4, 2, stride=2)(pooled)
padded = nn.ZeroPad2d(1)(feature)
norm = nn.InstanceNorm2d(8)(feature)
batched = image.unsqueeze(0)
same = conv(batched).squeeze(0)
signal = torch.randn(2, 100)
conv1 = nn.Conv1d(2, 4, kernel_size=5, stride=5)(signal)
pool1 = nn.MaxPool1d(2)(conv1)
