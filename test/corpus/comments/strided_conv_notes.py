import torch
import torch.nn as nn

img = torch.rand(2, 3, 64, 64)
print(img.shape)
# torch.Size([2, 3, 64, 64])
down = nn.Conv2d(3, 16, kernel_size=3, stride=2)
y = down(img)
print(y.shape)
# torch.Size([2, 16, 32, 32])
down_padded = nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)
z = down_padded(img)
print(z.shape)
# torch.Size([2, 16, 32, 32])
print(down_padded.weight.shape)
# torch.Size([16, 3, 3, 3])
