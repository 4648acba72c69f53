import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(4, 8, 6, 6)
d = nn.Dropout(0.2)(x)
d2 = nn.Dropout2d(0.3)(x)
d3 = nn.Dropout3d()(torch.randn(2, 3, 4, 5, 6))
d1 = nn.Dropout1d(0.1)(torch.randn(2, 3, 7))
alpha = nn.AlphaDropout(0.1)(x)
feature_alpha = nn.FeatureAlphaDropout(0.1)(x)
functional = F.dropout(x, p=0.5, training=True)
functional2d = F.dropout2d(x, 0.5)
model = nn.Sequential(nn.Linear(10, 20), nn.Dropout(0.5), nn.ReLU(), nn.Linear(20, 3))
model.eval()
out = model(torch.randn(5, 10))
