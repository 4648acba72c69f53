"""ESPCN: sub-pixel convolution super-resolution, x3."""
import torch
import torch.nn as nn


class ESPCN(nn.Module):
    def __init__(self, scale_factor, num_channels=1):
        super().__init__()
        self.first_part = nn.Sequential(
            nn.Conv2d(num_channels, 64, kernel_size=5, padding=5 // 2),
            nn.Tanh(),
            nn.Conv2d(64, 32, kernel_size=3, padding=3 // 2),
            nn.Tanh(),
        )
        self.last_part = nn.Sequential(
            nn.Conv2d(32, num_channels * (scale_factor ** 2), kernel_size=3, padding=3 // 2),
            nn.PixelShuffle(scale_factor),
        )

    def forward(self, x):
        x = self.first_part(x)
        x = self.last_part(x)
        return x


model = ESPCN(scale_factor=3)
lr = torch.randn(1, 1, 17, 23)
hr = model(lr)
down = nn.PixelUnshuffle(3)
back = down(hr)
rgb = torch.randn(2, 12, 8, 8)
shuffled = nn.functional.pixel_shuffle(rgb, 2)
