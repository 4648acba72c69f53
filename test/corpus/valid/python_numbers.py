# Sizes computed with Python's integer rules: round() to even, int() truncating, floor division and
# modulo with negative operands, and and/or returning operands.
import torch

cfg = {"bn": True}
w = cfg.get("width") or 16
a = torch.zeros(w)
b = torch.zeros(round(2.5), round(0.5) + 1, round(3.5))
c = torch.zeros(int(-2.7) + 5, int(2.7))
d = torch.zeros(-7 // 2 + 6, -7 % 3, 7 % -3 + 4)
e = torch.zeros(len(range(0, 10, 3)), 2 ** 3)
f = torch.zeros(abs(-3), pow(2, 2))
q, r = divmod(17, 5)
g = torch.zeros(q, r)
h = torch.zeros(8 if 0 < q < 4 else 1)
i = torch.zeros(5 if "bn" in cfg else 1, 3 if "conv1".startswith("conv") else 1)
j = torch.zeros(int(7 / 2), int(round(7 / 2)))
k = torch.zeros(max(3, 5, key=lambda v: -v))
