"""One embedding network applied to two inputs of different sizes: its forward runs twice."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class EmbeddingNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.convnet = nn.Sequential(
            nn.Conv2d(1, 32, 5), nn.PReLU(), nn.MaxPool2d(2, stride=2),
            nn.Conv2d(32, 64, 5), nn.PReLU(), nn.AdaptiveMaxPool2d(4),
        )
        self.fc = nn.Sequential(nn.Linear(64 * 4 * 4, 256), nn.PReLU(), nn.Linear(256, 2))

    def forward(self, x):
        output = self.convnet(x)
        output = output.view(output.size()[0], -1)
        output = self.fc(output)
        return output


class SiameseNet(nn.Module):
    def __init__(self, embedding_net):
        super().__init__()
        self.embedding_net = embedding_net

    def forward(self, x1, x2):
        output1 = self.embedding_net(x1)
        output2 = self.embedding_net(x2)
        return output1, output2


def contrastive_loss(a, b, target, margin=1.0):
    def squared_distance(u, v):
        diff = u - v
        return (diff ** 2).sum(1)

    distances = squared_distance(a, b)
    losses = 0.5 * (target * distances + (1 - target) * F.relu(margin - (distances + 1e-9).sqrt()).pow(2))
    return losses.mean()


model = SiameseNet(EmbeddingNet())
left = torch.randn(3, 1, 28, 28)
right = torch.randn(3, 1, 36, 36)
emb_left, emb_right = model(left, right)
loss = contrastive_loss(emb_left, emb_right, torch.tensor([1.0, 0.0, 1.0]))
