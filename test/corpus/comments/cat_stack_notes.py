import torch

a = torch.randn(2, 3, 8, 8)
b = torch.randn(2, 5, 8, 8)
c = torch.cat([a, b], dim=1)  # (2, 8, 8, 8)
s = torch.stack([a, a], dim=1)  # (2, 2, 3, 8, 8)
w = torch.cat((a, a), dim=-1)  # (2, 3, 8, 16)
h = torch.cat([a, a, a])  # (2, 9, 8, 8)
p, q = c.chunk(2, dim=1)
print(p.shape)
# torch.Size([2, 4, 8, 8])
