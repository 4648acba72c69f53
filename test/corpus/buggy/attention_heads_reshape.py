import torch
import torch.nn as nn


class SelfAttention(nn.Module):
    def __init__(self, dim=60, heads=8):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.out = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        q = q.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)
        k = k.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)
        v = v.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)
        attn = (q @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.out((attn @ v).transpose(1, 2).reshape(b, n, d))


layer = SelfAttention()
tokens = torch.randn(2, 5, 60)
mixed = layer(tokens)
