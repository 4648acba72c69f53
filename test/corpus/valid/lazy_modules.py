import torch
import torch.nn as nn


class LazyNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.LazyConv2d(16, kernel_size=3, padding=1)
        self.conv2 = nn.LazyConv2d(32, kernel_size=3, stride=2)
        self.bn = nn.LazyBatchNorm2d()
        self.fc1 = nn.LazyLinear(64)
        self.fc2 = nn.Linear(64, num_classes)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.bn(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        return self.fc2(x)


net = LazyNet()
sample = torch.randn(1, 3, 21, 21)
out = net(sample)
w = net.fc1.weight
seq = nn.Sequential(nn.LazyConv1d(4, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(2))
seq_out = seq(torch.randn(5, 6, 12))
up = nn.LazyConvTranspose2d(3, 2, stride=2)
up_out = up(torch.randn(1, 5, 4, 4))
