import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(2, 3, 12, 12)
dil = nn.MaxPool2d(kernel_size=3, stride=1, dilation=2)(x)
dil_pad = F.max_pool2d(x, kernel_size=3, stride=2, padding=1, dilation=2)
pooled, indices = nn.MaxPool2d(2, stride=2, return_indices=True)(x)
unpooled = nn.MaxUnpool2d(2, stride=2)(pooled, indices)
unpooled_sized = F.max_unpool2d(pooled, indices, 2, stride=2, output_size=(13, 13))
excl = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)(x)
incl = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=True)(x)
divisor = F.avg_pool2d(x, 2, divisor_override=3)
avg_default = F.avg_pool2d(x, kernel_size=(4, 2))
lp = nn.LPPool2d(2, kernel_size=3, stride=2)(x)
lp_f = F.lp_pool2d(x, norm_type=1, kernel_size=2)
lp1 = nn.LPPool1d(2, 3)(torch.randn(2, 4, 11))
pooled1d, idx1d = F.max_pool1d(torch.randn(1, 2, 9), 3, return_indices=True)
unpooled1d = nn.MaxUnpool1d(3)(pooled1d, idx1d)
pooled3d, idx3d = nn.MaxPool3d(2, return_indices=True)(torch.randn(1, 1, 4, 6, 6))
unpooled3d = nn.MaxUnpool3d(2)(pooled3d, idx3d)
frac = nn.FractionalMaxPool2d(2, output_size=(5, 5))(x)
