import torch

detections = torch.randn(2, 6, 100)
boxes, scores = detections.split([4, 1], dim=1)
