import torch
import torch.nn as nn

image_features = torch.randn(4, 64, 1, 1)
metadata = torch.randn(4, 10)
combined = torch.cat([image_features, metadata], dim=1)
head = nn.Linear(74, 2)
