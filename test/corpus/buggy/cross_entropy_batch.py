"""Per-pixel logits flattened the wrong way: batch and classes get mixed up."""
import torch
import torch.nn as nn
import torch.nn.functional as F

num_classes = 4
seg_head = nn.Conv2d(16, num_classes, kernel_size=1)
features = torch.randn(2, 16, 8, 8)
logits = seg_head(features)
targets = torch.randint(0, num_classes, (2, 8, 8))
flat_logits = logits.reshape(-1, 8 * 8)
flat_targets = targets.reshape(-1)
loss = F.cross_entropy(flat_logits, flat_targets)
