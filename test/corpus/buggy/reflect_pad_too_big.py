import torch
import torch.nn.functional as F

patch = torch.randn(1, 3, 3, 3)
padded = F.pad(patch, (4, 4, 4, 4), mode="reflect")
