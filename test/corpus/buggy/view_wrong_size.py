import torch
import torch.nn as nn

features = nn.Sequential(
    nn.Conv2d(1, 20, 5),
    nn.MaxPool2d(2),
    nn.Conv2d(20, 20, 5),
    nn.MaxPool2d(2),
)
images = torch.randn(1, 1, 24, 24)
maps = features(images)
flat = maps.view(-1, 400)
