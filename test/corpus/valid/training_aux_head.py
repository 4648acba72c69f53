"""A GoogLeNet-style auxiliary head: `if self.training:` in forward changes what the model returns."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AuxHead(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, 32, kernel_size=1)
        self.fc = nn.Linear(32 * 4 * 4, num_classes)

    def forward(self, x):
        x = F.adaptive_avg_pool2d(x, (4, 4))
        x = F.relu(self.conv(x))
        x = torch.flatten(x, 1)
        return self.fc(x)


class Pool(nn.Module):
    """Keeps the full map while training, averages it away in evaluation."""

    def forward(self, x):
        if self.training:
            pooled = F.max_pool2d(x, 2)
        else:
            pooled = x.mean(dim=(2, 3), keepdim=True)
        return pooled


class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU())
        self.pool = Pool()
        self.aux = AuxHead(16, num_classes)
        self.head = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.pool(x)
        features = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        out = self.head(features)
        if self.training:
            aux = self.aux(x)
            return out, aux
        return out


images = torch.randn(8, 3, 32, 32)

model = Net()
logits, aux_logits = model(images)
pooled_training = model.pool(images)

model.eval()
eval_logits = model(images)
pooled_eval = model.pool(images)

model.train()
again_logits, again_aux = model(images)

frozen = Net().eval()
frozen_logits = frozen(images)
frozen.train(True)
frozen_logits, frozen_aux = frozen(images)

mixed = Net()
mixed.pool.training = False
mixed_logits, mixed_aux = mixed(images)
pooled_mixed = mixed.pool(images)
