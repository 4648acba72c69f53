import torch

a = torch.randn(3, 4)
b = torch.randn(4, 5)
ab = a @ b  # [3, 5]
batched = torch.randn(6, 3, 4) @ b  # [6, 3, 5]
outer = torch.einsum("i,j->ij", torch.randn(3), torch.randn(7))  # [3, 7]
inner = torch.randn(4) @ torch.randn(4)  # []
bmm = torch.bmm(torch.randn(2, 3, 4), torch.randn(2, 4, 6))  # [2, 4, 6]
mv = torch.mv(a, torch.randn(4))  # [3]
