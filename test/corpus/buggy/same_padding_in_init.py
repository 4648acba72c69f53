import torch
import torch.nn as nn


class Downsampler(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size=3, padding="same")
        self.down = nn.Conv2d(cout, cout, kernel_size=3, stride=2, padding="same")

    def forward(self, x):
        return self.down(torch.relu(self.conv(x)))


model = Downsampler(3, 16)
y = model(torch.randn(1, 3, 32, 32))
