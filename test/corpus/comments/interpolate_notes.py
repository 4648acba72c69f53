import torch
import torch.nn.functional as F

x = torch.randn(1, 3, 7, 7)
up2 = F.interpolate(x, scale_factor=2)
print(up2.shape)
# torch.Size([1, 3, 14, 14])
up15 = F.interpolate(x, scale_factor=1.5)
print(up15.shape)
# torch.Size([1, 3, 11, 11])
down = F.interpolate(x, scale_factor=0.5)
print(down.shape)
# torch.Size([1, 3, 3, 3])
sized = F.interpolate(x, size=(5, 9), mode="bilinear", align_corners=False)
print(sized.size())
# torch.Size([1, 3, 5, 9])
