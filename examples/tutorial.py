import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.rand(1, 1, 28, 28)  # [b, c, h, w]
layer = nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=0)  # weight [3, 1, 3, 3], no padding
out = layer.forward(x)
print(out.shape)
# torch.Size([1, 3, 26, 26])

layer = nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=1)  # weight [3, 1, 3, 3], zero padding
out = layer.forward(x)
print(out.shape)
# torch.Size([1, 3, 14, 14])

layer = nn.Conv2d(1, 3, kernel_size=3, stride=2, padding=1)
out = layer(x)
print(out.shape)
# torch.Size([1, 3, 14, 14])
print(layer.weight.shape)
# torch.Size([3, 1, 3, 3])
print(layer.bias.shape)
# torch.Size([3])

x = out
layer = nn.MaxPool2d(2, stride=2)  # max pooling, 2x2 window, stride 2
out = layer(x)
print(out.shape)
# torch.Size([1, 3, 7, 7])

out = F.avg_pool2d(x, 2, stride=2)  # average pooling
print(out.shape)
# torch.Size([1, 3, 7, 7])

x = out
out = F.interpolate(x, scale_factor=2, mode='nearest')
print(out.shape)
# torch.Size([1, 3, 14, 14])
out = F.interpolate(x, scale_factor=3, mode='nearest')
print(out.shape)
# torch.Size([1, 3, 21, 21])

x = out
layer = nn.ReLU(inplace=True)
out = layer(x)
print(out.shape)
# torch.Size([1, 3, 7, 7])
out = F.relu(x)
print(out.shape)
# torch.Size([1, 3, 7, 7])
