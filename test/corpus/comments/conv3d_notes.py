import torch
import torch.nn as nn

clip = torch.randn(1, 3, 16, 112, 112)
conv = nn.Conv3d(3, 64, kernel_size=(3, 7, 7), stride=(1, 2, 2), padding=(1, 3, 3))
feat = conv(clip)
print(feat.shape)
# [1, 64, 16, 56, 56]
pool = nn.MaxPool3d(kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))
pooled = pool(feat)
print(pooled.shape)
# [1, 64, 8, 28, 28]
