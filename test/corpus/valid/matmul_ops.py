import torch

a = torch.randn(5, 3)
b = torch.randn(3, 4)
mm = torch.mm(a, b)
at = a @ b
vec = torch.randn(3)
mv = a @ vec
vv = vec @ vec
batch1 = torch.randn(10, 3, 4)
batch2 = torch.randn(10, 4, 5)
bmm = torch.bmm(batch1, batch2)
bcast = torch.matmul(torch.randn(2, 1, 3, 4), torch.randn(5, 4, 6))
vm = torch.matmul(vec, torch.randn(2, 3, 7))
q = torch.randn(2, 4, 16, 8)
k = torch.randn(2, 4, 16, 8)
v = torch.randn(2, 4, 16, 8)
scores = q @ k.transpose(-2, -1) / 8 ** 0.5
attn = scores.softmax(dim=-1)
ctx = attn @ v
ctx = ctx.transpose(1, 2).reshape(2, 16, 32)
ein = torch.einsum("bhqd,bhkd->bhqk", q, k)
outer = torch.einsum("i,j->ij", torch.randn(3), torch.randn(4))
trace = torch.einsum("ii", torch.randn(4, 4))
bil = torch.einsum("bn,anm,bm->ba", torch.randn(2, 3), torch.randn(5, 3, 4), torch.randn(2, 4))
o = torch.outer(torch.randn(3), torch.randn(6))
lin = torch.nn.functional.linear(torch.randn(7, 3), torch.randn(9, 3), torch.randn(9))
addmm = torch.addmm(torch.randn(5, 4), a, b)
baddbmm = torch.baddbmm(torch.randn(10, 3, 5), batch1, batch2)
