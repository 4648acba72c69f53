# Model code written with Python's conveniences: a classmethod factory, a property and a staticmethod
# used in __init__ and forward, OrderedDict Sequential, split/chunk/star unpacking, zip(*pairs),
# max/min over a shape, and list indices (x[[0, 1, 1]] picks rows; a list holding a list or a
# slice is read as a tuple of indices, as torch reads it).
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self, depth=4):
        super().__init__()
        self.layers = nn.ModuleList()
        for i in range(depth):
            self.layers.append(nn.Conv2d(3 if i == 0 else 8, 8, 3, padding=1))
        self.head = nn.Sequential(OrderedDict([("pool", nn.AdaptiveAvgPool2d(2)), ("flat", nn.Flatten())]))
        self.fc = nn.Linear(self.flat_size, 10)

    @property
    def flat_size(self):
        return 8 * 2 * 2

    @classmethod
    def small(cls):
        return cls(depth=2)

    @staticmethod
    def num_flat_features(x):
        size = x.size()[1:]
        num = 1
        for s in size:
            num *= s
        return num

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i % 2 == 1:
                x = F.relu(x)
        y = x.view(-1, self.num_flat_features(x))
        x = self.head(x)
        return self.fc(x), y


out, flat = Net.small()(torch.randn(2, 3, 8, 8))
x = torch.randn(2, 6, 4, 4)
a, b2 = torch.split(x, [2, 4], dim=1)
c1, c2 = x.chunk(2, dim=1)
first, *rest = [x, x[:, :1], x[:, :2]]
r0 = rest[-1]
up = F.interpolate(x, scale_factor=1.5, mode="nearest")
e = x[..., None]
f = x[:, None, :, :]
g = x.flatten(2).unsqueeze(-1).expand(-1, -1, -1, 4)
h = torch.stack([x, x], dim=-1)
i = x.mT
j = torch.zeros(max(x.shape), min(x.shape[1:]))
pairs = [(1, 2), (3, 4)]
k1, k2 = zip(*pairs)
k = torch.zeros(sum(k1), len(k2))
m = x.permute(0, 2, 3, 1).contiguous().view(2, -1, 6)
n = torch.einsum("bchw->bhwc", x)
o = x.transpose(1, -1).reshape(-1, 6)
p = torch.zeros(2, 3)[[0, 1, 1]]
q = x[:, [0, 2, 4]]
s = x[x.sum(dim=(2, 3)) > 0]
p2 = torch.zeros(4, 5)[[[0, 1], [1, 2]]]
p3 = torch.zeros(4, 5)[[0, slice(None)]]
