import torch
import torch.nn as nn

x = torch.randn(1, 32, 56, 56)
dw = nn.Conv2d(32, 32, 3, stride=2, padding=1, groups=32)
y = dw(x)
print(y.shape)
# (1, 32, 28, 28)
print(dw.weight.shape)
# (32, 32, 3, 3)
pw = nn.Conv2d(32, 64, 1)
z = pw(y)
print(z.shape)
# (1, 64, 28, 28)
print(pw.bias.shape)
# (64,)
