import torch

x = torch.randn(4, 3, 16, 16)
first = x[0]
chan = x[:, 0]
crop = x[:, :, 4:12, 4:12]
strided = x[..., ::2, ::2]
last_col = x[..., -1]
new_axis = x[:, None]
tail_axis = x[..., None]
both = x[None, ..., None]
mixed = x[1:3, :, 0, None]
single = x[0, 0, 0, 0]
neg = x[-2:]
empty = x[5:]
clipped = x[:, :, 10:100]
idx = torch.tensor([0, 2])
gathered = x[:, idx]
mask = torch.randn(4) > 0
rows = x[torch.tensor([True, False, True, True])]
vec = torch.arange(10)
evens = vec[::2]
middle = vec[2:-2]
