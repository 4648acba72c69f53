"""Inference on one sample: after .eval(), BatchNorm normalises by its running statistics."""
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU())
        self.head = nn.Linear(32, 4)

    def forward(self, x):
        return self.head(self.features(x))


model = Classifier().eval()
sample = torch.randn(1, 16)
logits = model(sample)
model.train(False)
again = model(sample)
