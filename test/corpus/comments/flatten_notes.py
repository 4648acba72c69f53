import torch
import torch.nn as nn

maps = torch.randn(8, 32, 6, 6)
a = torch.flatten(maps)
print(a.shape)
# [9216]
b = torch.flatten(maps, 1)
print(b.shape)
# [8, 1152]
c = maps.view(maps.size(0), -1)
print(c.shape)
# [8, 32, 36]
d = nn.Flatten()(maps)
print(d.shape)
# [8, 1152]
e = maps.flatten(2)
print(e.shape)
# [8, 32, 36]
