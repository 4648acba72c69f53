import torch
import torch.nn as nn

bilinear = nn.Bilinear(20, 30, 40)
x1 = torch.randn(128, 20)
x2 = torch.randn(128, 30)
fused = bilinear(x1, x2)
batched = bilinear(torch.randn(4, 6, 20), torch.randn(4, 6, 30))

decoder_input = torch.randn(16, 128)
unflatten = nn.Unflatten(1, (8, 4, 4))
volume = unflatten(decoder_input)
named = nn.Unflatten(-1, (2, 64))(decoder_input)
flatten = nn.Flatten()
flat = flatten(volume)
flat_mid = nn.Flatten(0, 1)(volume)
ident = nn.Identity()(flat)
project = nn.Linear(128, 32, bias=False)
projected = project(torch.randn(2, 3, 128))
weight_shape = project.weight
