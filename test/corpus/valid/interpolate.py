import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 3, 7, 7)
sized = F.interpolate(x, size=(16, 12), mode="bilinear", align_corners=False)
square = F.interpolate(x, size=10)
scaled = F.interpolate(x, scale_factor=1.5, mode="nearest")
aniso = F.interpolate(x, scale_factor=(2, 0.5), mode="bicubic", align_corners=True)
shrink = F.interpolate(x, scale_factor=0.3)
area = F.interpolate(x, size=(3, 3), mode="area")
recompute = F.interpolate(x, scale_factor=1.5, mode="bilinear", recompute_scale_factor=True)
up = nn.Upsample(scale_factor=2, mode="nearest")(x)
up_size = nn.Upsample(size=(9, 11), mode="bilinear", align_corners=True)(x)
nearest2d = nn.UpsamplingNearest2d(scale_factor=3)(x)
bilinear2d = nn.UpsamplingBilinear2d(size=(14, 5))(x)
seq = torch.randn(2, 4, 10)
lin = F.interpolate(seq, scale_factor=2.5, mode="linear")
vol = torch.randn(1, 1, 3, 4, 5)
tri = F.interpolate(vol, scale_factor=2, mode="trilinear")
tri_size = F.interpolate(vol, size=(6, 6, 6), mode="nearest")
exact = F.interpolate(x, scale_factor=2.0, mode="nearest-exact")
