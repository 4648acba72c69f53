import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 4, 7, 7)
floor_pool = nn.MaxPool2d(kernel_size=2, stride=2)
out_floor = floor_pool(x)
ceil_pool = nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)
out_ceil = ceil_pool(x)
# With padding 1 on a 5-wide map, ceil mode asks for ceil((5 + 2 - 2) / 2) + 1 = 4 windows, but the
# fourth would start at 6, inside the right padding (6 >= 5 + 1), so torch drops it and gives 3.
y = torch.randn(1, 4, 5, 5)
dropped = F.max_pool2d(y, kernel_size=2, stride=2, padding=1, ceil_mode=True)
kept = F.max_pool2d(y, kernel_size=2, stride=2, padding=1, ceil_mode=False)
avg_ceil = F.avg_pool2d(x, 3, stride=2, ceil_mode=True)
avg_dropped = nn.AvgPool2d(2, stride=2, padding=1, ceil_mode=True)(y)
odd = torch.randn(1, 1, 5, 9)
rect = nn.MaxPool2d((3, 2), stride=(2, 3), ceil_mode=True)(odd)
seq = torch.randn(2, 3, 10)
p1 = nn.MaxPool1d(3, stride=3, ceil_mode=True)(seq)
p1_floor = F.max_pool1d(seq, 3)
p1_dropped = F.max_pool1d(seq[..., :9], 2, stride=2, padding=1, ceil_mode=True)
stride3_dropped = F.max_pool2d(torch.randn(1, 1, 4, 4), 2, stride=3, padding=1, ceil_mode=True)
vol = torch.randn(1, 2, 5, 5, 5)
p3 = nn.MaxPool3d(2, ceil_mode=True)(vol)
a3 = F.avg_pool3d(vol, kernel_size=(1, 2, 2), ceil_mode=True)
