import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 2, 5, 6)
zero = nn.ZeroPad2d(2)(x)
zero_lrtb = nn.ZeroPad2d((1, 0, 2, 3))(x)
const = nn.ConstantPad2d((3, 1, 0, 0), 0.5)(x)
reflect = nn.ReflectionPad2d(1)(x)
replicate = nn.ReplicationPad2d((2, 2, 1, 1))(x)
seq = torch.randn(3, 4, 10)
reflect1d = nn.ReflectionPad1d((3, 1))(seq)
replicate1d = nn.ReplicationPad1d(2)(seq)
const1d = nn.ConstantPad1d(4, 1.0)(seq)
vol = torch.randn(1, 1, 3, 4, 5)
const3d = nn.ConstantPad3d((1, 1, 2, 2, 0, 1), 0.0)(vol)
replicate3d = nn.ReplicationPad3d(1)(vol)
last_only = F.pad(x, (1, 1))
two_dims = F.pad(x, (0, 2, 3, 0), mode="constant", value=0)
four_dims = F.pad(x, [1, 1, 1, 1, 1, 1, 1, 1])
cropped = F.pad(x, (-1, -1, 0, 0))
refl = F.pad(x, (2, 2, 2, 2), mode="reflect")
circ = F.pad(x, (1, 2, 3, 4), mode="circular")
