import torch
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(32, 64 * 7 * 7)
        self.up1 = nn.Upsample(scale_factor=2)
        self.conv1 = nn.Conv2d(64, 32, 3, padding=1)
        self.up2 = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.conv2 = nn.Conv2d(32, 1, 3, padding=1)

    def forward(self, z):
        h = self.fc(z).view(-1, 64, 7, 7)  # [N, 64, 7, 7]
        h = self.up1(h)  # [N, 64, 14, 14]
        h = torch.relu(self.conv1(h))  # [N, 32, 14, 14]
        h = self.up2(h)  # [N, 32, 28, 28]
        out = torch.sigmoid(self.conv2(h))  # [N, 3, 28, 28]
        return out


dec = Decoder()
imgs = dec(torch.randn(10, 32))
print(imgs.shape)
# torch.Size([10, 1, 28, 28])
