import torch
import torch.nn as nn


class DepthwiseSeparableConv(nn.Module):
    def __init__(self, nin, nout, kernel_size=3, stride=1, multiplier=1):
        super().__init__()
        self.depthwise = nn.Conv2d(nin, nin * multiplier, kernel_size=kernel_size, stride=stride,
                                   padding=kernel_size // 2, groups=nin)
        self.pointwise = nn.Conv2d(nin * multiplier, nout, kernel_size=1)
        self.bn = nn.BatchNorm2d(nout)

    def forward(self, x):
        out = self.depthwise(x)
        out = self.pointwise(out)
        return torch.relu(self.bn(out))


class XceptionEntry(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 32, 3, stride=2, bias=False)
        self.block1 = DepthwiseSeparableConv(32, 64)
        self.block2 = DepthwiseSeparableConv(64, 128, stride=2)
        self.block3 = DepthwiseSeparableConv(128, 128, kernel_size=5, multiplier=2)
        self.skip = nn.Conv2d(64, 128, 1, stride=2, bias=False)

    def forward(self, x):
        x = self.stem(x)
        x = self.block1(x)
        residual = self.skip(x)
        x = self.block2(x)
        x = self.block3(x)
        return x + residual


net = XceptionEntry()
image = torch.randn(2, 3, 65, 65)
out = net(image)
