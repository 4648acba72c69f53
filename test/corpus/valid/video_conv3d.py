"""C3D-style 3-D convolutions over short video clips (batch, channels, frames, height, width)."""
import torch
import torch.nn as nn


class C3DSmall(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.conv1 = nn.Conv3d(3, 16, kernel_size=(3, 3, 3), padding=(1, 1, 1))
        self.pool1 = nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2))
        self.conv2 = nn.Conv3d(16, 32, kernel_size=3, padding=1)
        self.pool2 = nn.MaxPool3d(kernel_size=2, stride=2)
        self.conv3 = nn.Conv3d(32, 64, kernel_size=(3, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))
        self.pool3 = nn.AvgPool3d(kernel_size=(2, 2, 2), stride=2, ceil_mode=True)
        self.gap = nn.AdaptiveAvgPool3d(1)
        self.fc = nn.Linear(64, num_classes)
        self.relu = nn.ReLU()

    def forward(self, x):
        h = self.relu(self.conv1(x))
        h = self.pool1(h)
        h = self.relu(self.conv2(h))
        h = self.pool2(h)
        h = self.relu(self.conv3(h))
        h = self.pool3(h)
        h = self.gap(h).flatten(start_dim=1)
        return self.fc(h)


clip = torch.randn(1, 3, 8, 32, 32)
net = C3DSmall()
logits = net(clip)
norm3d = nn.BatchNorm3d(3)
normed = norm3d(clip)
inst = nn.InstanceNorm3d(3, affine=True)
inst_out = inst(clip)
up = nn.ConvTranspose3d(3, 2, kernel_size=(1, 2, 2), stride=(1, 2, 2))
upsampled = up(clip)
