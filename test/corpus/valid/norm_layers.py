import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(4, 16, 10, 10)
bn = nn.BatchNorm2d(16, momentum=0.01)(x)
gn = nn.GroupNorm(4, 16)(x)
gn_one = nn.GroupNorm(1, 16)(x)
inorm = nn.InstanceNorm2d(16)(x)
inorm_unbatched = nn.InstanceNorm2d(16, affine=True)(x[0])
ln_last = nn.LayerNorm(10)(x)
ln_chw = nn.LayerNorm([16, 10, 10], elementwise_affine=False)(x)
lrn = nn.LocalResponseNorm(size=5)(x)
seq = torch.randn(8, 12)
bn1d = nn.BatchNorm1d(12)(seq)
seq3 = torch.randn(8, 12, 30)
bn1d_3 = nn.BatchNorm1d(12, affine=False)(seq3)
in1d = nn.InstanceNorm1d(12)(seq3)
functional_ln = F.layer_norm(seq3, (30,))
functional_gn = F.group_norm(x, 8)
functional_bn = F.batch_norm(x, torch.zeros(16), torch.ones(16))
normalized = F.normalize(x, dim=1)
