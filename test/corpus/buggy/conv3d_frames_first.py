"""Video clips stacked as (batch, frames, channels, H, W) where Conv3d wants (batch, channels, frames, H, W)."""
import torch
import torch.nn as nn

frames = [torch.randn(2, 3, 32, 32) for _ in range(8)]
clip = torch.stack(frames, dim=1)
conv = nn.Conv3d(3, 16, kernel_size=3, padding=1)
features = conv(clip)
