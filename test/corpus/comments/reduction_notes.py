import torch

x = torch.randn(4, 10, 7)
s = x.sum(dim=1)  # [4, 7]
m = x.mean(dim=-1, keepdim=True)  # [4, 10, 1]
values, idx = x.max(dim=2)
print(values.shape)
# torch.Size([4, 10])
total = x.sum()  # []
am = x.argmax(dim=1)  # [4, 1, 7]
std = x.std(dim=(0, 2))  # [10]
