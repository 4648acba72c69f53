"""A per-pixel classifier that applies Linear to (N, C, H, W) instead of moving channels last."""
import torch
import torch.nn as nn

features = torch.randn(2, 64, 12, 12)
classifier = nn.Linear(64, 10)
per_pixel = classifier(features)
