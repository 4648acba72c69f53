from collections import OrderedDict

import torch
import torch.nn as nn


class MultiHead(nn.Module):
    def __init__(self, channels=(3, 8, 16, 32)):
        super().__init__()
        self.stages = nn.ModuleList(
            [nn.Conv2d(cin, cout, 3, padding=1) for cin, cout in zip(channels[:-1], channels[1:])]
        )
        self.heads = nn.ModuleDict({
            "cls": nn.Linear(channels[-1], 10),
            "box": nn.Linear(channels[-1], 4),
        })
        self.stem = nn.Sequential(OrderedDict([
            ("conv", nn.Conv2d(channels[-1], channels[-1], 1)),
            ("norm", nn.BatchNorm2d(channels[-1])),
            ("act", nn.ReLU()),
        ]))

    def forward(self, x):
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i < len(self.stages) - 1:
                x = nn.functional.max_pool2d(x, 2)
        x = self.stem(x)
        pooled = x.mean(dim=[2, 3])
        outputs = {name: head(pooled) for name, head in self.heads.items()}
        return outputs


model = MultiHead()
x = torch.randn(2, 3, 32, 32)
outs = model(x)
cls_logits = outs["cls"]
boxes = outs["box"]
first_conv = model.stages[0]
feature = first_conv(x)
normed = model.stem.norm(torch.randn(2, 32, 4, 4))
seq = nn.Sequential()
seq.add_module("conv", nn.Conv2d(3, 4, 5))
seq.append(nn.ReLU())
seq_out = seq(x)
head_part = model.stem[:2]
partial = head_part(torch.randn(1, 32, 6, 6))
