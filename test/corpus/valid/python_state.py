# Sizes that flow through Python state rather than through layers: a global rebound by `global`,
# a closure's `nonlocal`, attributes set through `__dict__` and `setattr`, dict and list methods
# that change their container, a default argument evaluated once where the function is defined,
# and changes in a branch whose condition only the run decides.
import random

import torch

W = 4


def widen():
    global W
    W = 8


widen()
a = torch.zeros(1, W)


class Cfg:
    def __init__(self, **kw):
        self.width = 4
        self.__dict__.update(kw)


c = Cfg(width=6)
b = torch.zeros(1, c.width)


def make():
    n = 2

    def bump():
        nonlocal n
        n += 3

    bump()
    return torch.zeros(n)


d = make()


class Holder:
    width = 4


h = Holder()
for key, value in {"width": 9}.items():
    setattr(h, key, value)
f = torch.zeros(h.width)

sizes = {"a": 1}
sizes.update(a=5)
t = torch.zeros(sizes["a"])
sizes.setdefault("b", 2)
g = torch.zeros(len(sizes))
sizes.pop("a")
g2 = torch.zeros(len(sizes), sizes["b"])

items = [3, 1, 2]
items.remove(1)
e = torch.zeros(len(items))
items.sort()
e2 = torch.zeros(items[0])
alias = items
alias.append(7)
u = torch.zeros(len(items))

DEFAULT = 3


def channels(extra, acc=[], base=DEFAULT):
    acc.append(extra)
    return base + len(acc)


DEFAULT = 100
v = torch.zeros(channels(1))
v2 = torch.zeros(channels(1))

flag = random.random() > 2
cfg = {"w": 4}
if flag:
    cfg["w"] = 8
x = torch.zeros(cfg["w"])
obj = Holder()
obj.width = 4
if flag:
    obj.width = 8
y = torch.zeros(obj.width)


class Counter:
    count = 0

    def __init__(self):
        type(self).count += 1


Counter()
Counter()
Counter.count += 1
z = torch.zeros(Counter.count)


class Options:
    def __init__(self, flag):
        if flag:
            self.width = 8


opts = Options(flag)
w = torch.zeros(getattr(opts, "width", 4))
plain = Options(False)
w2 = torch.zeros(getattr(plain, "width", 4))
