"""A model assembled from the project's own modules (netparts/ next to this file)."""
import torch
import torch.nn as nn

from netparts.blocks import Residual, conv_bn
import netparts.blocks as blocks


class Backbone(nn.Module):
    def __init__(self, width=16):
        super().__init__()
        self.stem = conv_bn(3, width, stride=2)
        self.res1 = Residual(width)
        self.down = blocks.conv_bn(width, width * 2, stride=2)
        self.res2 = blocks.Residual(width * 2)

    def forward(self, x):
        x = self.stem(x)
        x = self.res1(x)
        x = self.down(x)
        x = self.res2(x)
        return x


net = Backbone()
features = net(torch.randn(2, 3, 40, 40))
