import torch
import torch.nn as nn
import torch.nn.functional as F


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(512, 512, 3, stride=2, padding=1)

    def forward(self, x):
        x = self.conv(x)
        x = F.avg_pool2d(x, 7)
        return x.flatten(1)


head = Head()
out = head(torch.randn(1, 512, 7, 7))
