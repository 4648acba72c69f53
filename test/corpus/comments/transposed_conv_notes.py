import torch
import torch.nn as nn

z = torch.randn(4, 100, 1, 1)
g1 = nn.ConvTranspose2d(100, 256, 4, 1, 0)(z)  # (4, 256, 4, 4)
g2 = nn.ConvTranspose2d(256, 128, 4, 2, 1)(g1)  # (4, 128, 8, 8)
g3 = nn.ConvTranspose2d(128, 64, 3, 2, 1)(g2)  # (4, 64, 16, 16)
g4 = nn.ConvTranspose2d(64, 3, 3, 2, 1, output_padding=1)(g3)  # (4, 3, 30, 30)
