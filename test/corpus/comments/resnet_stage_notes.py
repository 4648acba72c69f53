import torch
import torch.nn as nn

stem = nn.Sequential(
    nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False),
    nn.BatchNorm2d(64),
    nn.ReLU(inplace=True),
    nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
)
image = torch.randn(1, 3, 224, 224)
x = stem[0](image)  # [1, 64, 112, 112]
x = stem[1:3](x)  # [1, 64, 112, 112]
x = stem[3](x)  # [1, 64, 56, 56]
stage2 = nn.Conv2d(64, 128, 3, stride=2, padding=1)
y = stage2(x)  # [1, 128, 28, 28]
stage3 = nn.Conv2d(128, 256, 3, stride=2)
z = stage3(y)  # [1, 256, 14, 14]
