import torch
import torch.nn.functional as F

x = torch.randn(1, 2, 5, 5)
floor = F.max_pool2d(x, 2, stride=2)  # [1, 2, 2, 2]
ceil = F.max_pool2d(x, 2, stride=2, ceil_mode=True)  # [1, 2, 3, 3]
dropped = F.max_pool2d(x, 2, stride=2, padding=1, ceil_mode=True)  # [1, 2, 4, 4]
avg = F.avg_pool2d(x, 3, stride=2, ceil_mode=True)  # [1, 2, 2, 2]
