# Building blocks configured by callables, as torchvision-style model code writes them:
# a conv-norm-activation block that subclasses nn.Sequential and assembles its layers in a list,
# norm layers bound with functools.partial, and a channels-last LayerNorm subclass.
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn


class ChannelsLastLayerNorm(nn.LayerNorm):
    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        x = x.permute(0, 3, 1, 2)
        return x


class ConvNormAct(nn.Sequential):
    def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, padding=None,
                 norm_layer=nn.BatchNorm2d, activation_layer=nn.ReLU, bias=None):
        if padding is None:
            padding = (kernel_size - 1) // 2
        if bias is None:
            bias = norm_layer is None
        layers = [nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias=bias)]
        if norm_layer is not None:
            layers.append(norm_layer(out_channels))
        if activation_layer is not None:
            layers.append(activation_layer(inplace=True))
        super().__init__(*layers)
        self.out_channels = out_channels


class Stage(nn.Sequential):
    pass


class SamePaddingConv(nn.Conv2d):
    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__(in_channels, out_channels, kernel_size, padding=kernel_size // 2, bias=False)


class TinyConvNeXt(nn.Module):
    def __init__(self, dims=(16, 32), num_classes=10):
        super().__init__()
        norm_layer = partial(ChannelsLastLayerNorm, eps=1e-6)
        layers = [ConvNormAct(3, dims[0], kernel_size=4, stride=4, padding=0,
                              norm_layer=norm_layer, activation_layer=None, bias=True)]
        for cin, cout in zip(dims[:-1], dims[1:]):
            layers.append(ConvNormAct(cin, cout, stride=2, norm_layer=partial(nn.BatchNorm2d, momentum=0.01)))
        self.features = nn.Sequential(*layers)
        self.refine = Stage(SamePaddingConv(dims[-1], dims[-1], 5), nn.BatchNorm2d(dims[-1]), nn.GELU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(dims[-1], num_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.refine(x)
        x = self.pool(x)
        x = torch.flatten(x, 1)
        return self.head(x)


model = TinyConvNeXt()
stem_out = model.features[0](torch.randn(2, 3, 64, 64))
logits = model(torch.randn(2, 3, 64, 64))
refined = model.refine(torch.randn(2, 32, 8, 8))
kernel = model.refine[0].weight


class StandardizedConv2d(nn.Conv2d):
    def forward(self, x):
        w = self.weight
        mean = w.mean(dim=(1, 2, 3), keepdim=True)
        w = (w - mean) / (w.std(dim=(1, 2, 3), keepdim=True) + 1e-5)
        return F.conv2d(x, w, self.bias, self.stride, self.padding, self.dilation, self.groups)


class ScaledLinear(nn.Linear):
    def forward(self, x):
        y = super().forward(x)
        return y * 0.5


standardized = StandardizedConv2d(3, 6, 3, stride=2, padding=1)(torch.randn(2, 3, 16, 16))
scaled = ScaledLinear(10, 4)(torch.randn(3, 10))
