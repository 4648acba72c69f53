import torch
import torch.nn as nn

upscale = 2
sr_head = nn.Sequential(
    nn.Conv2d(64, 3 * upscale, kernel_size=3, padding=1),
    nn.PixelShuffle(upscale),
)
low_res = torch.randn(1, 64, 24, 24)
high_res = sr_head(low_res)
