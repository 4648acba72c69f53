import torch
import torch.nn as nn

x = torch.randn(1, 4, 9, 9)
same_odd = nn.Conv2d(4, 4, 3, padding="same")(x)  # [1, 4, 9, 9]
same_even = nn.Conv2d(4, 4, 4, padding="same")(x)  # [1, 4, 10, 10]
manual_even = nn.Conv2d(4, 4, 4, padding=2)(x)  # [1, 4, 10, 10]
manual_odd = nn.Conv2d(4, 4, 5, padding=2)(x)  # [1, 4, 9, 9]
dilated = nn.Conv2d(4, 4, 3, padding="same", dilation=3)(x)  # [1, 4, 9, 9]
