import torch
import torch.nn as nn

latent = torch.randn(8, 100)
decoder = nn.Sequential(
    nn.Linear(100, 8 * 3 * 3),
    nn.ReLU(),
    nn.Unflatten(1, (8, 4, 4)),
    nn.ConvTranspose2d(8, 1, 4, stride=2, padding=1),
)
images = decoder(latent)
