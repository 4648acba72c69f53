import torch
import torch.nn.functional as F

feature_map = torch.randn(1, 8, 7, 7)
upsampled = F.interpolate(feature_map, size=(14, 14, 14), mode="nearest")
