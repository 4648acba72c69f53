import torch
import torch.nn as nn

sequence = torch.randn(1, 8, 4)
conv = nn.Conv1d(8, 8, kernel_size=5)
out = conv(sequence)
