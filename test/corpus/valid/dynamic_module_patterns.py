# Valid code written in less common but legal ways: modules registered with setattr and read with
# getattr, a property returning a layer, a Sequential assembled from conditionals, a lambda layer,
# class decorators, a dataclass holding tensors, hooks, an overridden __call__, a scripted function,
# a global, try/except around a view, and forwards replaced on instances, on an nn class and in F.
import dataclasses
import torch
import torch.nn as nn
import torch.nn.functional as F

SCALE = 2


def register(cls):
    cls.registered = True
    return cls


@dataclasses.dataclass
class Batch:
    images: torch.Tensor
    labels: torch.Tensor


class Lambda(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


@register
class DynNet(nn.Module):
    def __init__(self, depth=3, use_bn=True, width=8):
        super(DynNet, self).__init__()
        cin = 3
        for i in range(depth):
            setattr(self, f"conv{i}", nn.Conv2d(cin, width, 3, padding=1))
            cin = width
        layers = []
        if use_bn:
            layers.append(nn.BatchNorm2d(width))
        layers.append(nn.ReLU())
        if not use_bn:
            layers.append(nn.Dropout())
        self.post = nn.Sequential(*layers)
        self.depth = depth
        self.squash = Lambda(lambda t: t.mean(dim=(2, 3)))
        self.__dict__["note"] = "dict entry"
        self.head = nn.Linear(width, 10)

    @property
    def first(self):
        return self.conv0

    def forward(self, x):
        global SCALE
        x = self.first(x)
        for i in range(1, self.depth):
            x = getattr(self, f"conv{i}")(x)
        x = self.post(x)
        if self.training:
            x = F.dropout(x, 0.1)
        x = x if SCALE == 2 else x * SCALE
        try:
            x = x.view(x.size(0), -1, x.size(2), x.size(3))
        except RuntimeError:
            x = x.reshape(x.size(0), -1, x.size(2), x.size(3))
        x = self.squash(x)
        return self.head(x)


class Wrapped(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = DynNet()

    def __call__(self, *args, **kwargs):
        return super().__call__(*args, **kwargs)

    def forward(self, x):
        return self.net(x)


@torch.jit.script
def scripted_double(x: torch.Tensor) -> torch.Tensor:
    return torch.cat([x, x], dim=1)


net = DynNet()
outputs = []
hook = net.conv0.register_forward_hook(lambda m, i, o: outputs.append(o.shape))
out = net(torch.randn(2, 3, 16, 16))
hook.remove()
batch = Batch(torch.randn(2, 3, 16, 16), torch.zeros(2, dtype=torch.long))
pooled = F.adaptive_avg_pool2d(batch.images, 1)
wrapped = Wrapped()(torch.randn(2, 3, 8, 8))
doubled = scripted_double(torch.randn(2, 4))
orig_forward = nn.ReLU.forward
act = nn.ReLU()
act.forward = lambda x: orig_forward(act, x) * 2
patched = act(torch.randn(2, 5))
flat_act = nn.ReLU()
flat_act.forward = lambda x: x.flatten()
flattened = flat_act(torch.randn(2, 5))
nn.Tanh.forward = lambda self, x: x.sum(0)
summed = nn.Tanh()(torch.randn(2, 5))
seq = nn.Sequential(nn.Linear(5, 4))
seq.extra = nn.Linear(4, 3)
chained = seq(torch.randn(2, 5))
F.gelu = lambda x: x[0]
first_row = F.gelu(torch.randn(2, 5))
