import torch
import torch.nn as nn

logits = nn.Linear(32, 10)(torch.randn(4, 32))
probs = torch.softmax(logits, dim=2)
