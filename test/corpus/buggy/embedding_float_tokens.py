import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, vocab=500, dim=32, tags=9):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.conv = nn.Conv1d(dim, dim, 3, padding=1)
        self.out = nn.Linear(dim, tags)

    def forward(self, tokens):
        e = self.embed(tokens)
        h = torch.relu(self.conv(e.transpose(1, 2))).transpose(1, 2)
        return self.out(h)


tagger = Tagger()
batch = torch.rand(4, 20) * 500
tags = tagger(batch)
