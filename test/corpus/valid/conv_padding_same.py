import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 3, 15, 15)
odd = nn.Conv2d(3, 8, kernel_size=3, padding="same")(x)
even = nn.Conv2d(3, 8, kernel_size=4, padding="same")(x)
even_rect = nn.Conv2d(3, 8, kernel_size=(2, 5), padding="same")(x)
dilated = nn.Conv2d(3, 8, kernel_size=3, padding="same", dilation=2)(x)
dilated_even = nn.Conv2d(3, 8, kernel_size=4, padding="same", dilation=3)(x)
valid = nn.Conv2d(3, 8, kernel_size=4, padding="valid")(x)
seq = torch.randn(2, 5, 20)
same1d = nn.Conv1d(5, 6, kernel_size=6, padding="same")(seq)
same3d = nn.Conv3d(1, 2, kernel_size=(2, 3, 4), padding="same")(torch.randn(1, 1, 5, 6, 7))
functional = F.conv2d(x, torch.randn(4, 3, 2, 2), padding="same")
reflect = nn.Conv2d(3, 4, kernel_size=5, padding="same", padding_mode="reflect")(x)
circular = nn.Conv2d(3, 4, kernel_size=3, padding=2, padding_mode="circular")(x)
replicate = nn.Conv2d(3, 4, kernel_size=(3, 1), padding=(1, 0), padding_mode="replicate")(x)
