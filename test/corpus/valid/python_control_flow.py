# Layers and sizes built with Python control flow: while loops, enumerate(start=...), continue and
# break, reversed/sorted, dict iteration, try/except/else/finally, including a view torch refuses
# inside a try whose handler falls back to flatten (caught, so no error).
import torch
import torch.nn as nn

size, ch = 32, 3
layers = []
while size > 4:
    layers += [nn.Conv2d(ch, ch * 2, 3, stride=2, padding=1), nn.ReLU()]
    ch *= 2
    size //= 2
net = nn.Sequential(*layers)
a = net(torch.randn(1, 3, 32, 32))
widths = [8, 16, 32, 64]
blocks = []
prev = 3
for i, w in enumerate(widths, start=1):
    if i == 3:
        continue
    blocks.append(nn.Conv2d(prev, w, 1))
    prev = w
    if w >= 64:
        break
b = nn.Sequential(*blocks)(torch.randn(1, 3, 4, 4))
rev = [nn.Linear(o, i) for i, o in reversed(list(zip(widths[:-1], widths[1:])))]
c = nn.Sequential(*rev)(torch.randn(2, 64))
sel = [w for w in sorted(widths, reverse=True) if w % 16 == 0]
d = torch.zeros(sel)
cfg = {"stem": 4, "body": 6}
total = 0
for name, n in cfg.items():
    total += n
e = torch.zeros(total)
try:
    f = torch.zeros(2, 3).view(3, 2)
except RuntimeError:
    f = torch.zeros(1)
else:
    f = f.t()
finally:
    g = torch.zeros(5)
x = torch.randn(1, 8)
for _ in range(cfg["stem"]):
    x = torch.cat([x, x[:, :1]], dim=1)
h = x
nested = [[j * k for k in range(1, 3)] for j in range(1, 4) if j != 2]
i2 = torch.zeros(len(nested), sum(nested[-1]))

xs = torch.zeros(2, 3)
try:
    y = xs.view(4, 2)
except RuntimeError:
    y = xs.flatten()
zz = y
