import torch
from torch import nn


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64, dilation=1):
        super().__init__()
        width = int(planes * (base_width / 64.0)) * groups
        self.conv1 = nn.Conv2d(inplanes, width, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=dilation,
                               groups=groups, dilation=dilation, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * self.expansion, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out = out + identity
        return self.relu(out)


inplanes, planes = 256, 128
down = nn.Sequential(
    nn.Conv2d(inplanes, planes * Bottleneck.expansion, kernel_size=1, stride=2, bias=False),
    nn.BatchNorm2d(planes * Bottleneck.expansion),
)
first = Bottleneck(inplanes, planes, stride=2, downsample=down)
second = Bottleneck(planes * 4, planes)
resnext = Bottleneck(planes * 4, planes, groups=32, base_width=4)
features = torch.randn(1, 256, 28, 28)
out = first(features)
out = second(out)
out = resnext(out)
