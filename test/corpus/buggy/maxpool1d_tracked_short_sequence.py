"""A fixed 5-step max pool after a convolution: a 3-token sentence leaves no window, and autograd's kernel raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class PhraseDetector(nn.Module):
    def __init__(self, embed=16, filters=8):
        super().__init__()
        self.conv = nn.Conv1d(embed, filters, kernel_size=3, padding=1)

    def forward(self, tokens):
        h = F.relu(self.conv(tokens))
        return F.max_pool1d(h, 5)


detector = PhraseDetector()
sentence = torch.randn(1, 16, 3)
phrases = detector(sentence)
