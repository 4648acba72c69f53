import torch
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(64, 32, kernel_size=3, stride=2, padding=1, output_padding=1)
        self.up2 = nn.ConvTranspose2d(32, 16, kernel_size=3, stride=2, padding=1, output_padding=2)

    def forward(self, z):
        h = torch.relu(self.up1(z))
        h = torch.relu(self.up2(h))
        return h


decoder = Decoder()
image = decoder(torch.randn(1, 64, 7, 7))
