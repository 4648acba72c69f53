# In-place methods that change a tensor's shape (every name bound to it sees the change), and the
# (values, indices) results of reductions read by field name.
import torch
from torch import nn


class TokenPool(nn.Module):
    def __init__(self, channels=8, keep=4):
        super().__init__()
        self.proj = nn.Conv1d(channels, channels, 1)
        self.keep = keep

    def forward(self, x):
        scores = x.mean(1)
        top = scores.topk(self.keep, dim=1).indices
        top.unsqueeze_(1)
        idx = top.expand(-1, x.size(1), -1)
        picked = torch.gather(x, 2, idx)
        return self.proj(picked)


feats = torch.randn(2, 8, 16)
pooled = TokenPool()(feats)

image = torch.randn(3, 32, 32)
same_image = image
image.unsqueeze_(0)
batch = same_image
grid = torch.randn(4, 1, 6)
grid.squeeze_(1)
grid.t_()
flat = grid.reshape(-1)
volume = torch.randn(2, 3, 4)
volume.transpose_(0, 2)
buffer = torch.empty(12)
buffer.resize_(3, 4)
rows = buffer @ torch.randn(4, 5)

logits = torch.randn(5, 10)
best = logits.max(dim=1).values
best_idx = logits.max(1).indices
worst = logits.min(1, keepdim=True).values
ranked = logits.sort(dim=1, descending=True).indices
middle = logits.median(1).values
