"""Scoring one embedding after switching back to training: BatchNorm needs more than one value per channel."""
import torch
import torch.nn as nn

projector = nn.Sequential(
    nn.Linear(128, 64),
    nn.BatchNorm1d(64),
    nn.ReLU(),
    nn.Linear(64, 8),
)
projector.eval()
warmup = projector(torch.randn(1, 128))
projector.train()
embedding = torch.randn(1, 128)
scores = projector(embedding)
