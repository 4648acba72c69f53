# Containers and builtins model code leans on: ModuleDict comprehensions, ParameterList, split in a
# comprehension, while True with break, for/else, *shape parameters, map/filter/any/all, and
# stepped slices, negative F.pad, roll and a boolean list index.
import torch
import torch.nn as nn
import torch.nn.functional as F

heads = nn.ModuleDict({"cls": nn.Linear(8, 3), "box": nn.Linear(8, 4)})
feat = torch.randn(2, 8)
outs = {k: h(feat) for k, h in heads.items()}
a = outs["box"]
params = nn.ParameterList([nn.Parameter(torch.zeros(i + 1, 2)) for i in range(3)])
b = params[2]
parts = torch.randn(2, 6, 4).split(2, dim=1)
c = torch.stack([p.sum(dim=1) for p in parts], dim=0)
n = 0
while True:
    n += 1
    if n >= 5:
        break
d = torch.zeros(n)
for k in range(3):
    if k == 10:
        break
else:
    k = 7
e = torch.zeros(k)


def f(*shape, scale=1):
    return torch.zeros(*[s * scale for s in shape])


g = f(2, 3, scale=2)
sizes = list(map(lambda v: v * 2, [1, 2, 3]))
h = torch.zeros(sizes)
evens = list(filter(lambda v: v % 2 == 0, range(7)))
i = torch.zeros(len(evens))
j = torch.zeros(2 if any(s > 5 for s in sizes) else 1, 3 if all(s > 0 for s in sizes) else 1)
x = torch.randn(2, 3, 8)
l = x[:, :, ::2]
m = F.pad(x, (-1, -2))
o = torch.roll(x, 1, dims=2)
p = x[:, [True, False, True]]
