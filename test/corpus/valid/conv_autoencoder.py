import torch
import torch.nn as nn


class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1),   # 28 -> 14
            nn.ReLU(True),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),  # 14 -> 7
            nn.ReLU(True),
            nn.Conv2d(32, 64, 7),                       # 7 -> 1
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 7),
            nn.ReLU(True),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        code = self.encoder(x)
        recon = self.decoder(code)
        return recon, code


model = ConvAutoencoder()
batch = torch.rand(8, 1, 28, 28)
reconstruction, latent = model(batch)
loss = ((reconstruction - batch) ** 2).mean()
per_image = ((reconstruction - batch) ** 2).mean(dim=(1, 2, 3))
