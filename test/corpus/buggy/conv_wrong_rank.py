"""Flattened MNIST vectors passed straight to a convolutional model."""
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(1, 8, 3),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(8, 10),
)
batch = torch.randn(16, 784)
logits = model(batch)
