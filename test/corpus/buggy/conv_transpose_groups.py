import torch
import torch.nn as nn


class Upsampler(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(10, 8, kernel_size=2, stride=2, groups=4)

    def forward(self, x):
        return self.up(x)


up = Upsampler()
