import torch
import torch.nn as nn

widths = [3, 8, 16, 32]
blocks = []
for cin, cout in zip(widths, widths[1:]):
    blocks.append(nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()))
    blocks.append(nn.MaxPool2d(2))

x = torch.randn(2, 3, 64, 64)
features = []
for i, block in enumerate(blocks):
    x = block(x)
    if i % 2 == 1:
        features.append(x)

batch, channels, height, width = x.shape
flat = x.reshape(batch, channels * height * width)
n, c = flat.size()
heads = nn.Linear(c, 10)
out = heads(flat)
small, medium, large = features
merged = small.mean(dim=(2, 3)) if small.dim() == 4 else small
h = torch.randn(1, 4, 9, 9)
for _ in range(3):
    h = nn.functional.avg_pool2d(h, 3, stride=1)
depth = 0
y = torch.randn(1, 2, 40)
while y.shape[-1] > 5:
    y = nn.functional.max_pool1d(y, 2)
    depth += 1
pairs = [(torch.randn(2, k), k) for k in (3, 5)]
for tensor, size in pairs:
    doubled = torch.cat([tensor, tensor], dim=1)
