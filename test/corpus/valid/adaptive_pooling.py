import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 8, 10, 7)
gap = nn.AdaptiveAvgPool2d(1)(x)
square = nn.AdaptiveAvgPool2d(5)(x)
keep_w = nn.AdaptiveAvgPool2d((3, None))(x)
keep_h = nn.AdaptiveMaxPool2d((None, 2))(x)
bigger = F.adaptive_avg_pool2d(x, (20, 14))
gmp = F.adaptive_max_pool2d(x, output_size=1)
vals, idx = nn.AdaptiveMaxPool2d(4, return_indices=True)(x)
seq = torch.randn(3, 16, 50)
a1 = nn.AdaptiveAvgPool1d(8)(seq)
m1 = F.adaptive_max_pool1d(seq, 64)
vol = torch.randn(1, 2, 6, 6, 6)
a3 = nn.AdaptiveAvgPool3d((2, None, 3))(vol)
m3 = nn.AdaptiveMaxPool3d(1)(vol)
unbatched = nn.AdaptiveAvgPool2d((2, 2))(torch.randn(8, 9, 9))
