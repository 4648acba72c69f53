import torch

x = torch.randn(2, 10, 6, 6)
a, b = x.chunk(2, dim=1)
pieces = torch.split(x, 3, dim=1)
first = pieces[0]
last = pieces[-1]
p1, p2, p3 = x.split([2, 3, 5], dim=1)
h1, h2, h3 = torch.chunk(x, 3, dim=2)
joined = torch.cat([a, b], dim=1)
joined_last = torch.cat((p1, p3), -1 + 2)
stacked = torch.stack([a, b])
stacked_end = torch.stack([a, b], dim=-1)
hs = torch.hstack([torch.randn(3, 2), torch.randn(3, 5)])
vs = torch.vstack([torch.randn(2, 4), torch.randn(1, 4)])
vs1 = torch.vstack([torch.randn(4), torch.randn(4)])
ds = torch.dstack([torch.randn(3, 2), torch.randn(3, 2)])
rows = x.unbind(0)
row0 = rows[0]
qkv = torch.randn(4, 9, 48)
q, k, v = qkv.chunk(3, dim=-1)
odd = torch.randn(7, 2).chunk(3)
o0, o1, o2 = odd
parts = list(torch.randn(5, 4).split(2))
tail_part = parts[2]
