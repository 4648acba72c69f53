"""BatchNorm1d normalises dim 1, but the sequence is laid out (batch, time, features)."""
import torch
import torch.nn as nn


class FrameEncoder(nn.Module):
    def __init__(self, features=40, hidden=64):
        super().__init__()
        self.proj = nn.Linear(features, hidden)
        self.norm = nn.BatchNorm1d(hidden)

    def forward(self, frames):
        h = self.proj(frames)
        h = self.norm(h)
        return torch.relu(h)


encoder = FrameEncoder()
spectrogram = torch.randn(8, 100, 40)
encoded = encoder(spectrogram)
