import torch
import torch.nn as nn

up = nn.ConvTranspose2d(16, 8, kernel_size=3, stride=2, padding=1)
low = torch.randn(1, 16, 8, 8)
high = up(low, output_size=(20, 20))
