"""Golden fixtures for ConvLens's tensor ops, recorded from PyTorch itself.

Run with Debian's torch: /usr/bin/python3 scripts/gen_ops_fixtures.py
Writes test/fixtures/ops.json: for each call, the op's qualified name as the analysis keys it
(`torch.cat`, `Tensor.view`, `operator.matmul`), its arguments, and what torch did: the output
shape (or nested tuple of shapes, or plain value) or the exact str() of the error it raised.
Calls that raise TypeError are argument-binding errors, not shape errors, and are left out.
"""
import json
import operator
import os
import random

import torch

random.seed(1313)


class T:
    """A tensor argument, recorded by its shape (and dtype when it is not float32, strides when
    it is a view that is not contiguous)."""

    def __init__(self, *shape, dtype=torch.float32, strides=None):
        self.shape = list(shape)
        self.dtype = dtype
        self.strides = strides

    def make(self):
        if self.strides is not None:
            storage = 1 + sum((n - 1) * st for n, st in zip(self.shape, self.strides))
            return torch.zeros(storage, dtype=self.dtype).as_strided(self.shape, self.strides)
        if self.dtype == torch.bool:
            return torch.zeros(self.shape) > 0
        return torch.zeros(self.shape, dtype=self.dtype)


class F:
    """A Python float argument (JSON cannot tell 2.0 from 2)."""

    def __init__(self, value):
        self.value = value


PROPERTIES = {"T", "mT", "shape", "ndim"}
# Ops whose successful result is a data value the analysis does not know: only their errors count.
VALUE_OPS = {"Tensor.item"}
CASES = []


def encode_arg(v):
    if isinstance(v, T):
        out = {"tensor": v.shape}
        if v.dtype != torch.float32:
            out["dtype"] = str(v.dtype).replace("torch.", "")
        if v.strides is not None:
            out["strides"] = v.strides
        return out
    if isinstance(v, F):
        return {"float": v.value}
    if isinstance(v, torch.dtype):
        return str(v)
    if isinstance(v, slice):
        return {"slice": [encode_arg(v.start), encode_arg(v.stop), encode_arg(v.step)]}
    if v is Ellipsis:
        return {"ellipsis": True}
    if isinstance(v, (list, tuple)):
        return [encode_arg(x) for x in v]
    return v


def build(v):
    if isinstance(v, T):
        return v.make()
    if isinstance(v, F):
        return v.value
    if isinstance(v, tuple):
        return tuple(build(x) for x in v)
    if isinstance(v, list):
        return [build(x) for x in v]
    return v


def encode_result(r):
    if isinstance(r, torch.Tensor):
        return {"shape": list(r.shape), "dtype": str(r.dtype).replace("torch.", ""), "strides": list(r.stride())}
    if isinstance(r, (tuple, list)):
        return {"tuple": [encode_result(x) for x in r]}
    if isinstance(r, bool):
        return r
    if isinstance(r, float):
        return {"float": r}
    return r


def call(op, args, kwargs):
    if op.startswith("torch.nn.functional."):
        op = "F." + op[len("torch.nn.functional."):]
    family, name = op.split(".", 1)
    a = [build(x) for x in args]
    kw = {k: build(v) for k, v in kwargs.items()}
    if family == "torch":
        return getattr(torch, name)(*a, **kw)
    if family == "operator":
        return getattr(operator, name)(*a, **kw)
    if family == "F":
        return getattr(torch.nn.functional, name)(*a, **kw)
    if name in PROPERTIES:
        return getattr(a[0], name)
    return getattr(a[0], name)(*a[1:], **kw)


def case(op, *args, **kwargs):
    try:
        expect = encode_result(call(op, args, kwargs))
        if op in VALUE_OPS:
            return
    except TypeError:
        return
    except (RuntimeError, IndexError, ValueError) as e:
        expect = {"error": str(e)}
    CASES.append({"op": op, "args": [encode_arg(x) for x in args], "kwargs": {k: encode_arg(v) for k, v in kwargs.items()}, "expect": expect})


def rshape(lo=0, hi=4, dims=(1, 2, 3, 4, 5)):
    return [random.choice(dims) for _ in range(random.randint(lo, hi))]


def rdim(rank, slack=1):
    """A dim index, in range for `rank` (0-d tensors accept -1 and 0) or up to `slack` outside it."""
    rank = max(rank, 1)
    return random.randint(-rank - slack, rank - 1 + slack)


# --- creation ---------------------------------------------------------------------------------
for name in ["zeros", "ones", "empty", "rand", "randn"]:
    for _ in range(6):
        s = rshape(0, 4)
        case(f"torch.{name}", *s)
        case(f"torch.{name}", tuple(s))
    case(f"torch.{name}", 2, -1)
    case(f"torch.{name}", [3, 0])
case("torch.ones", size=(2, 3))
case("torch.randn", size=[4])
case("torch.zeros", 2, 3, dtype=torch.int64)
case("torch.full", (2, 3), F(1.5))
case("torch.full", [4], 2)
case("torch.full", (2, -3), True)
case("torch.randint", 10, (2, 3))
case("torch.randint", 2, 10, (5,))
case("torch.randint", 2, 10, (5, -1))
for args in [(10,), (1, 10, 2), (F(0.0), F(1.0), F(0.1)), (0, 10, 0), (10, 0), (10, 0, -3), (F(0.5), 3), (-5,), (0, 7, 3), (2, 2)]:
    case("torch.arange", *args)
case("torch.arange", start=2, end=5)
for steps in [5, 0, 1, -1]:
    case("torch.linspace", 0, 1, steps)
    case("torch.logspace", 0, 1, steps)
for args in [(3,), (3, 4), (-1,), (3, -1), (0, 2)]:
    case("torch.eye", *args)
for data in [[[1, 2], [3, 4]], [[1, 2], [3]], 3, [], [[], []], [1, F(2.5)], [True, False], [[[1], [2]], [[3], [4, 5]]], [[1, 2], 3], (1, 2), [[[1, 2, 3]]]]:
    case("torch.tensor", data)
    case("torch.as_tensor", data)
for name in ["zeros_like", "ones_like", "empty_like", "rand_like", "randn_like"]:
    case(f"torch.{name}", T(*rshape()))
case("torch.full_like", T(2, 3), F(0.5))
case("torch.randint_like", T(2, 3), 10)
for name in ["new_zeros", "new_ones", "new_empty"]:
    case(f"Tensor.{name}", T(2, 3), 4, 5)
    case(f"Tensor.{name}", T(2, 3), (4, 5))
    case(f"Tensor.{name}", T(2, 3), (4, -5))
case("Tensor.new_full", T(2, 3), (4, 5), F(2.0))
case("Tensor.new_tensor", T(2, 3), [[1, 2]])

# --- view and reshape -------------------------------------------------------------------------
for _ in range(60):
    s = rshape(0, 4, (0, 1, 2, 3, 4, 6))
    numel = 1
    for d in s:
        numel *= d
    k = random.randint(1, 3)
    target = [random.choice([1, 2, 3, 4, 6, 12, numel or 1]) for _ in range(k)]
    if random.random() < 0.6:
        target[random.randrange(k)] = -1
    if random.random() < 0.1:
        target[0] = random.choice([-1, -2, 0])
    op = random.choice(["Tensor.view", "Tensor.reshape"])
    if random.random() < 0.5:
        case(op, T(*s), *target)
    else:
        case(op, T(*s), tuple(target))
    case("torch.reshape", T(*s), tuple(target))
for s, target in [([2, 16, 5, 4], (-1, 400)), ([2, 16, 5, 5], (-1, 400)), ([2, 16, 5, 4], (-1, -1)), ([0, 3], (-1, 0)), ([0, 3], (-1,)), ([], ()), ([], (1, 1)), ([], (-1,)), ([1, 16, 4, 4], (1, 400))]:
    case("Tensor.view", T(*s), *target)
case("Tensor.view_as", T(2, 3, 4), T(6, 4))
case("Tensor.view_as", T(2, 3, 4), T(5, 4))
case("Tensor.reshape_as", T(2, 3, 4), T(4, 6))
for _ in range(40):
    s = rshape(0, 5)
    r = len(s)
    case("torch.flatten", T(*s), rdim(r), rdim(r))
    case("Tensor.flatten", T(*s), rdim(r))
    case("Tensor.flatten", T(*s))
case("Tensor.unflatten", T(2, 16, 5, 4), 1, (4, 4))
case("Tensor.unflatten", T(2, 16, 5, 4), 1, (4, 5))
case("Tensor.unflatten", T(2, 16, 5, 4), 1, (-1, 4))
case("Tensor.unflatten", T(2, 16, 5, 4), 1, (-1, -1))
case("Tensor.unflatten", T(2, 16, 5, 4), -3, (2, -1))
case("Tensor.unflatten", T(2, 12), -1, (5, -1))
case("Tensor.unflatten", T(2, 12), 1, ())
case("Tensor.unflatten", T(2, 0), 1, (-1, 0))
case("Tensor.unflatten", T(2, 12), 1, (-2, -6))
case("Tensor.unflatten", T(2, 12), 2, (3, 4))
case("torch.unflatten", T(2, 12), 1, (3, 4))
for _ in range(40):
    s = rshape(0, 4)
    r = len(s)
    perm = list(range(r))
    random.shuffle(perm)
    roll = random.random()
    if roll < 0.15 and r:
        perm[0] = perm[-1]
    elif roll < 0.3:
        perm = perm[:-1] if r else [0]
    elif roll < 0.4 and r:
        perm[0] = r + 1
    elif roll < 0.55 and r:
        perm[0] -= r
    case("Tensor.permute", T(*s), *perm)
    case("torch.permute", T(*s), tuple(perm))
    if r:
        case("Tensor.transpose", T(*s), rdim(r), rdim(r))
        case("torch.swapaxes", T(*s), rdim(r), rdim(r))
    case("Tensor.t", T(*s))
    case("torch.t", T(*s))
    if r != 2:
        case("Tensor.T", T(*s))
    case("Tensor.mT", T(*s))
    case("Tensor.unsqueeze", T(*s), rdim(r + 1))
    case("torch.unsqueeze", T(*s), rdim(r + 1))
for _ in range(40):
    s = rshape(0, 4, (1, 1, 2, 3))
    r = len(s)
    case("Tensor.squeeze", T(*s))
    case("Tensor.squeeze", T(*s), rdim(r))
    case("torch.squeeze", T(*s), rdim(r))
for _ in range(30):
    s = rshape(1, 4)
    r = len(s)
    k = random.randint(1, r)
    src = random.sample(range(-r, r), k)
    dst = random.sample(range(-r, r), k)
    if random.random() < 0.2:
        dst = dst[:-1] or [0, 1]
    if random.random() < 0.15:
        src[0] = r + 2
    if random.random() < 0.15 and k > 1:
        dst[1] = dst[0]
    case("torch.movedim", T(*s), src if k > 1 else src[0], dst if len(dst) > 1 else dst[0])
    case("Tensor.moveaxis", T(*s), tuple(src), tuple(dst))
for _ in range(50):
    s = rshape(0, 4, (1, 1, 2, 3))
    k = max(0, len(s) + random.randint(-1, 2))
    target = [random.choice([1, 2, 3, 4, -1]) for _ in range(k)]
    for i in range(len(s)):
        j = k - len(s) + i
        if 0 <= j < k and random.random() < 0.6:
            target[j] = s[i]
    case("Tensor.expand", T(*s), *target)
    case("Tensor.expand", T(*s), tuple(target))
    reps = [random.choice([0, 1, 2, 3]) for _ in range(k)]
    if random.random() < 0.1 and reps:
        reps[0] = -1
    case("Tensor.repeat", T(*s), *reps)
    case("Tensor.tile", T(*s), *reps)
    case("torch.tile", T(*s), tuple(reps))
case("Tensor.expand", T(2, 16, 5, 4), 2, 16, 5)
case("Tensor.expand", T(2, 16, 5, 4, dtype=torch.int64), 16, 5)
case("Tensor.expand", T(2, 16, 5, 4, dtype=torch.bool), 16, 5)
case("Tensor.expand", T(2, 1), 2, -2)
case("Tensor.expand", T(), 3, 2)
case("Tensor.expand_as", T(3, 1), T(2, 3, 4))
case("Tensor.expand_as", T(3, 2), T(2, 3, 4))
for m in ["contiguous", "clone", "detach", "float", "double", "half", "long", "int", "bool", "cpu", "requires_grad_"]:
    case(f"Tensor.{m}", T(*rshape()))
case("Tensor.to", T(2, 3), torch.float16)
case("Tensor.to", T(2, 3), "cpu", torch.float64)
case("Tensor.to", T(2, 3), dtype=torch.long)
case("torch.zeros", 2, dtype=torch.float)
case("torch.ones", 2, dtype=torch.half)
case("Tensor.type_as", T(2, 3), T(1, dtype=torch.int64))

# --- combine ----------------------------------------------------------------------------------
for _ in range(80):
    base = rshape(1, 4)
    r = len(base)
    dim = rdim(r)
    n = random.randint(1, 4)
    ts = []
    for _ in range(n):
        s = list(base)
        if 0 <= dim + (r if dim < 0 else 0) < r:
            s[dim] = random.randint(0, 4)
        roll = random.random()
        if roll < 0.1:
            s[random.randrange(r)] += 1
        elif roll < 0.15:
            s = s[:-1]
        elif roll < 0.2:
            s = [0]
        ts.append(T(*s))
    case("torch.cat", ts, dim)
    case("torch.concat", tuple(ts), dim=dim)
    same = [T(*base) for _ in range(n)]
    if random.random() < 0.4:
        same[-1] = ts[-1]
    case("torch.stack", same, rdim(r + 1))
    case("torch.hstack", ts)
    case("torch.vstack", ts)
    case("torch.dstack", ts)
for ts, dim in [([], 0), ([T(), T()], 0), ([T(2, 3), T(), T(2, 3)], 0), ([T(0), T(0)], 1), ([T(0), T(2, 3)], 5), ([T(0), T(2, 3)], 1), ([T(1, 16, 25, 25), T(1, 16, 24, 25)], 1)]:
    case("torch.cat", ts, dim)
for ts, dim in [([], 0), ([T(), T()], 0), ([T(2, 3), T(2, 4)], 2), ([T(2, 3), T(2)], 2), ([T(2, 3), T(2)], 0), ([T(2, 3), T(2, 3), T(2, 4)], 1)]:
    case("torch.stack", ts, dim)
case("torch.hstack", [])
case("torch.hstack", [T(), T(3)])
case("torch.vstack", [])
case("torch.dstack", [T(), T(1)])
for _ in range(50):
    s = rshape(0, 3, (0, 1, 3, 5, 10))
    r = len(s)
    dim = rdim(r)
    case("torch.split", T(*s), random.choice([-1, 0, 1, 2, 3, 4]), dim)
    case("Tensor.split", T(*s), random.choice([1, 2, 3]), dim=dim)
    size = s[dim] if r and -r <= dim < r else 4
    parts = [random.randint(0, size) for _ in range(random.randint(1, 3))]
    if random.random() < 0.5:
        parts.append(size - sum(parts))
    case("torch.split", T(*s), parts, dim)
    case("Tensor.chunk", T(*s), random.choice([-1, 0, 1, 2, 3, 4, 20]), dim)
    case("torch.unbind", T(*s), dim)
case("Tensor.unbind", T(), 0)

case("Tensor.unbind", T(), 1)
case("Tensor.expand", T(), -1, 2)
case("Tensor.expand", T(3), -3, 3)
case("Tensor.expand", T(3), -1, 3)
case("torch.stack", [T(2, 3), T(2, 4)], 5)
case("torch.stack", [T(2, 3), T(2, 3, 1)], 3)
for dt in [torch.float64, torch.float16, torch.bfloat16, torch.int32, torch.uint8, torch.int8, torch.int16]:
    case("Tensor.expand", T(2, 3, dtype=dt), 3)

# --- reductions -------------------------------------------------------------------------------
for _ in range(60):
    s = rshape(0, 4, (0, 1, 2, 3, 4, 5)) if random.random() < 0.3 else rshape(0, 4)
    r = len(s)
    one = rdim(r)
    many = tuple(rdim(r, 0) for _ in range(random.randint(0, min(3, r + 1))))
    kd = random.random() < 0.4
    for op in ["sum", "mean", "nansum", "amax", "amin", "logsumexp", "std", "var"]:
        case(f"Tensor.{op}", T(*s), many, keepdim=kd)
    for op in ["sum", "mean", "prod", "max", "min", "argmax", "argmin", "all", "any", "std", "var", "norm", "median", "logsumexp", "cumsum", "cumprod", "sort", "argsort"]:
        case(f"Tensor.{op}", T(*s), one, keepdim=kd) if op not in ("cumsum", "cumprod", "sort", "argsort") else case(f"torch.{op}", T(*s), one)
    for op in ["sum", "mean", "prod", "max", "min", "argmax", "argmin", "all", "any", "std", "var", "norm", "median", "amax", "nansum", "count_nonzero"]:
        case(f"torch.{op}", T(*s))
    case("torch.norm", T(*s), 2, one, kd)
    case("Tensor.std", T(*s), one, False, kd)
    case("Tensor.std", T(*s), False)
    case("torch.argmax", T(*s), keepdim=kd)
    case("torch.count_nonzero", T(*s), one)
    case("torch.max", T(*s), dim=one)
    case("torch.topk", T(*s), random.randint(-1, 4), one)
case("Tensor.sum", T(2, 3), (1, 1))
case("Tensor.sum", T(2, 3), (1, -1))
case("Tensor.sum", T(2, 3), (1, 5))
case("Tensor.sum", T(), (0, 0))
case("Tensor.mean", T(), 0, keepdim=True)
case("Tensor.max", T(), 0)
case("torch.max", T(2, 3), T(3))
case("torch.max", T(2, 3), T(4))
case("torch.min", T(2, 3), other=T(2, 1))
# kthvalue/mode: (values, indices) along dim (default the last); fixed cases only, so the random
# draws of the sections after this one stay as they were.
for s in ([2, 3, 4], [5], [], [0, 3], [3, 0]):
    for d in (None, 0, 1, -1, 3):
        dim = {} if d is None else {"dim": d}
        for kd in (False, True):
            case("torch.mode", T(*s), keepdim=kd, **dim)
            for k in (0, 1, 2, 4, 5):
                case("torch.kthvalue", T(*s), k, keepdim=kd, **dim)
case("Tensor.kthvalue", T(2, 3), 2, 0)
case("Tensor.kthvalue", T(2, 3), k=3)
case("Tensor.mode", T(2, 3), 0, True)
case("Tensor.mode", T(2, 3, dtype=torch.int64))
# transpose of a 0-d tensor: dims 0 and -1 leave it as it is (fixed cases, no random draws).
for op in ("Tensor.transpose", "torch.swapdims", "Tensor.swapaxes"):
    for d0, d1 in ((0, 0), (0, -1), (-1, -1), (0, 1)):
        case(op, T(), d0, d1)
for d0, d1 in ((0, 0), (0, -1), ((0,), (0,)), (0, 1)):
    case("Tensor.movedim", T(), d0, d1)
for d, sizes in ((0, (1,)), (-1, (1, 1)), (0, ())):
    case("Tensor.unflatten", T(), d, sizes)

# --- linear algebra ---------------------------------------------------------------------------
for _ in range(120):
    r1, r2 = random.randint(0, 4), random.randint(0, 4)
    n, m, p = random.choice([1, 2, 3]), random.choice([2, 3, 4]), random.choice([1, 2, 5])
    a = rshape(r1 - 2, r1 - 2, (1, 2, 3)) + [n, m][-r1:] if r1 else []
    k = m if random.random() < 0.7 else m + 1
    b = (rshape(r2 - 2, r2 - 2, (1, 2, 3)) + [k, p][-r2:] if r2 > 1 else [k]) if r2 else []
    if r1 > 2 and r2 > 2 and random.random() < 0.6:
        b[: min(r1, r2) - 2] = a[: min(r1, r2) - 2]
    case("torch.matmul", T(*a), T(*b))
    case("operator.matmul", T(*a), T(*b))
    case("torch.mm", T(*a), T(*b))
    case("torch.bmm", T(*a), T(*b))
    case("torch.mv", T(*a), T(*b))
    case("torch.dot", T(*a), T(*b))
    case("torch.outer", T(*a), T(*b))
case("Tensor.matmul", T(1, 400), T(256, 120))
case("Tensor.mm", T(1, 400), T(400, 120))
case("Tensor.bmm", T(4, 2, 3), T(4, 5, 6))
case("torch.bmm", T(4, 2, 3), T(5, 3, 6))
for eq, shapes in [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk->ik", [(2, 3), (4, 4)]), ("bij,bjk", [(5, 2, 3), (5, 3, 4)]),
    ("...ij,...jk->...ik", [(5, 2, 3), (3, 4)]), ("ii", [(3, 3)]), ("ij->", [(3, 3)]), ("ij", [(3, 3, 3)]),
    ("ij,jk", [(3, 3)]), ("ij", [(3, 3), (3, 3)]), ("ij,jk->il", [(3, 3), (3, 3)]), ("ij->ii", [(3, 3)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]), ("ii->i", [(3, 4)]), ("...,...", [(3, 4), (5, 4)]),
    ("...i,...i", [(3, 4), (1, 4)]), ("bi,bj->bij", [(3, 1), (3, 4)]), ("ij,jk->ik", [(2, 1), (3, 4)]),
    ("Ab", [(2, 1)]), ("a1", [(2, 1)]), ("ba", [(2, 3)]), ("bA,Ac", [(2, 3), (3, 4)]), ("ijk->kji", [(2, 3, 4)]),
    ("...ii->...i", [(5, 3, 3)]), ("b...c,c...d->b...d", [(2, 7, 3), (3, 7, 4)]), ("...ab,...bc->...ac", [(2, 1, 3, 4), (5, 4, 6)]),
    ("...j,...j", [(2, 3, 4), (5, 3, 4)]), ("ijk", [(2, 3)]), ("...ijk", [(2, 3)]), ("bchw,bkhw->bck", [(2, 3, 4, 5), (2, 6, 4, 5)]),
    ("i,i", [(3,), (4,)]), ("i,j->ij", [(3,), (4,)]), ("ab,ab->", [(2, 3), (2, 1)]), ("ab,ab", [(2, 3), (2, 1)]),
    ("..., ...", [(2, 3), (3,)]), ("i...->...", [(2, 3, 4)]), ("ij,jk->ik", [(2, 3), (3, 1)]), ("aab->ab", [(2, 3, 4)]),
]:
    case("torch.einsum", eq, *[T(*sh) for sh in shapes])
case("torch.einsum", "ij,jk->ik", [T(2, 3), T(3, 4)])

for _ in range(40):
    b, n, m, p = (random.choice([1, 2, 3]) for _ in range(4))
    k = m if random.random() < 0.7 else m + 1
    b2 = b if random.random() < 0.8 else b + 1
    case("torch.mm", T(n, m), T(k, p))
    case("torch.bmm", T(b, n, m), T(b2, k, p))
    case("torch.mv", T(n, m), T(k))
    case("torch.dot", T(m), T(k))
    case("torch.outer", T(n), T(p))

# --- broadcasting -----------------------------------------------------------------------------
for _ in range(120):
    a = rshape(0, 4, (1, 2, 3, 4))
    b = list(a[random.randint(0, len(a)):]) if random.random() < 0.6 else rshape(0, 4, (1, 2, 3, 4))
    for i in range(len(b)):
        if random.random() < 0.3:
            b[i] = 1
    if random.random() < 0.5:
        a, b = b, a
    op = random.choice(["add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "eq", "lt", "ge"])
    case(f"operator.{op}", T(*a), T(*b))
    fn = random.choice(["add", "sub", "mul", "div", "maximum", "minimum", "eq", "remainder", "atan2", "logical_and"])
    case(f"torch.{fn}", T(*a), T(*b))
    case(f"Tensor.{fn}", T(*a), T(*b))
    case("Tensor.add_", T(*a), T(*b))
    c = rshape(0, 3, (1, 2, 3, 4))
    case("torch.where", T(*c, dtype=torch.bool), T(*a), T(*b))
    case("torch.clamp", T(*a), min=T(*b), max=T(*c))
case("operator.add", T(2, 3), 1)
case("operator.mul", 2, T(2, 3))
case("operator.truediv", T(2, 3, dtype=torch.int64), 2)
case("operator.add", T(2, 3, dtype=torch.int64), F(0.5))
case("operator.add", T(2, 3, dtype=torch.int64), T(3))
case("operator.lt", T(2, 3), 0)
for dt in [torch.bool, torch.int64, torch.int32, torch.float16, torch.float64, torch.uint8]:
    for other in [1, F(0.5), True, T(3), T(3, dtype=torch.int64), T(3, dtype=torch.bool), T(3, dtype=dt)]:
        # Dtype promotion; the dtype errors some other operators raise are not shape errors.
        for op in ["add", "mul", "truediv"]:
            case(f"operator.{op}", T(2, 3, dtype=dt), other)
case("torch.where", T(2, 3, dtype=torch.bool), F(1.0), T(4, 1, 1))
case("torch.clamp", T(2, 3), min=0)
case("Tensor.clamp", T(2, 3), 0, 1)
case("torch.pow", T(2, 3), 2)
case("torch.pow", 2, T(2, 3))
case("Tensor.pow", T(2, 3), T(4, 1, 3))
for fn in ["abs", "exp", "log", "sqrt", "floor", "round", "sign", "isnan", "logical_not", "neg"]:
    case(f"torch.{fn}", T(*rshape()))
    case(f"Tensor.{fn}", T(*rshape()))

# --- shape queries ----------------------------------------------------------------------------
for _ in range(30):
    s = rshape(0, 4)
    case("Tensor.size", T(*s))
    case("Tensor.size", T(*s), rdim(len(s)))
    case("Tensor.shape", T(*s))
    case("Tensor.dim", T(*s))
    case("Tensor.ndim", T(*s))
    case("Tensor.numel", T(*s))
    case("torch.numel", T(*s))
case("Tensor.size", T(), -1)
case("Tensor.size", T(), 0)

# --- indexing ---------------------------------------------------------------------------------
def rindex_item(size):
    roll = random.random()
    if roll < 0.3:
        return random.randint(-size - 1, size)
    if roll < 0.6:
        return slice(random.choice([None, -5, -1, 0, 1, 2]), random.choice([None, -1, 1, 2, 3, 100]), random.choice([None, None, 1, 2, 3, -1]))
    if roll < 0.7:
        return None
    if roll < 0.78:
        return Ellipsis
    if roll < 0.9:
        return T(*rshape(1, 2, (1, 2, 3)), dtype=torch.int64)
    return slice(None)


for _ in range(400):
    s = rshape(0, 4, (1, 2, 3, 4, 5))
    items = tuple(rindex_item(random.choice(s or [1])) for _ in range(random.randint(1, len(s) + 1)))
    if items.count(Ellipsis) > 1:
        continue
    case("operator.getitem", T(*s), items if len(items) > 1 or random.random() < 0.5 else items[0])
case("operator.getitem", T(2, 3, 4), (slice(None), T(2, 3, dtype=torch.bool)))
case("operator.getitem", T(2, 3, 4), (0, slice(None), T(5, dtype=torch.int64)))
case("operator.getitem", T(2, 3, 4), (T(5, dtype=torch.int64), slice(None), T(5, dtype=torch.int64)))
case("operator.getitem", T(2, 3, 4), (T(5, dtype=torch.int64), T(5, dtype=torch.int64)))
case("operator.getitem", T(2, 3, 4), (slice(None), [0, 1]))
case("operator.getitem", T(2, 3, 4), (slice(None), [[0, 1], [1, 2]]))
case("operator.getitem", T(), 0)
case("operator.getitem", T(), None)
case("operator.getitem", T(), Ellipsis)
case("operator.getitem", T(0), 0)
case("operator.getitem", T(2, 3), (0, 5))

# --- selection and other same-shape ops ------------------------------------------------------
L = torch.int64
for _ in range(40):
    s = rshape(0, 4)
    r = len(s)
    dim = rdim(r)
    size = s[dim] if r and -r <= dim < r else 3
    case("Tensor.narrow", T(*s), dim, random.randint(-size - 1, size), random.randint(-1, size))
    case("torch.index_select", T(*s), dim, T(*rshape(0, 2), dtype=L))
    idx = [max(1, d + random.choice([-1, 0, 0, 1])) for d in s]
    if random.random() < 0.2:
        idx = idx[:-1]
    case("torch.gather", T(*s), dim, T(*idx, dtype=L))
    case("Tensor.unfold", T(*s), dim, random.randint(0, size + 1), random.randint(0, 2))
    mask = list(s[random.randint(0, r):]) if random.random() < 0.7 else rshape(0, 3)
    case("Tensor.masked_fill", T(*s), T(*mask, dtype=torch.bool), F(0.0))
    case("Tensor.item", T(*rshape(0, 2, (0, 1, 1, 2))))
    case("torch.tril", T(*s))
    case("Tensor.triu", T(*s), 1)
    case("Tensor.repeat_interleave", T(*s), random.randint(-1, 3), dim=dim)
    case("torch.repeat_interleave", T(*s), 2)
    case("Tensor.flip", T(*s), *[rdim(r) for _ in range(random.randint(1, 2))])
    case("torch.flip", T(*s), (rdim(r),))
    case("torch.roll", T(*s), 1, rdim(r))
    case("torch.roll", T(*s), (1, 2), (0,))
    target = [d if random.random() < 0.7 else random.choice([1, 2, 4]) for d in s]
    case("torch.broadcast_to", T(*s), tuple([2] + target))
    n, m, p = random.choice([1, 2, 3]), random.choice([2, 3]), random.choice([2, 4])
    case("torch.addmm", T(*random.choice([[p], [1, p], [n, p], [p + 1], [n, 1]])), T(n, m), T(random.choice([m, m, m + 1]), p))
case("Tensor.masked_fill", T(2, 3), T(4, 2, 3, dtype=torch.bool), 0)
case("Tensor.type", T(2, 3), torch.float16)
for s in [[2, 3], [0], [4, 1, 2], []]:
    case("torch.nn.functional.one_hot", T(*s, dtype=L), 5)
    case("torch.Size", s)
    case("torch.Size", tuple(s))
case("torch.meshgrid", T(3), T(4), indexing="ij")
case("torch.meshgrid", T(3), T(4), indexing="xy")
case("torch.meshgrid", T(3), T(), T(5), indexing="xy")
case("torch.meshgrid", [T(3), T(4)], indexing="ij")
for s, dim, index in [([2, 3], 1, 0), ([2, 3], 1, 5), ([2, 3], 1, -4), ([2, 3], 1, -3), ([2, 3, 4], -1, 2), ([2, 3], 2, 0), ([], 0, 0), ([5], 0, 4)]:
    case("Tensor.select", T(*s), dim, index)
    case("torch.select", T(*s), dim, index)
for bias in [[10, 3, 5], [3, 5], [5], [2, 3, 5], [10, 1, 1]]:
    case("torch.baddbmm", T(*bias), T(10, 3, 4), T(10, 4, 5))
case("torch.baddbmm", T(10, 3, 5), T(10, 3, 4), T(10, 5, 5))
case("Tensor.baddbmm", T(10, 3, 5), T(10, 3, 4), T(10, 4, 5))
# Zeros are no distribution, so only the checks torch makes before reading the values are recorded here
# (the corpus has multinomial on real probabilities).
for s, n, replacement in [([10], 20, False), ([2, 3, 10], 2, False), ([], 1, False)]:
    case("torch.multinomial", T(*s), n, replacement)
    case("Tensor.multinomial", T(*s), n, replacement=replacement)
for n in [0, 1, 6]:
    case("torch.randperm", n)
case("torch.randperm", 4, dtype=torch.int32)
for s, dim in [([2, 3], 1), ([2, 3], 3), ([4, 3, 8, 8], 1), ([5], 0), ([2, 3], -1)]:
    case("torch.nn.functional.normalize", T(*s), dim=dim)
for a, b, dim in [([5, 8], [5, 8], 1), ([5, 8], [1, 8], 1), ([5, 8], [4, 8], 1), ([5, 8], [5, 8], 2), ([2, 3, 4], [3, 4], 0), ([8], [8], 0), ([2, 3, 4], [2, 3, 4], -1)]:
    case("torch.nn.functional.cosine_similarity", T(*a), T(*b), dim=dim)
    case("torch.cosine_similarity", T(*a), T(*b), dim)

# --- views of non-contiguous layouts ---------------------------------------------------------
def strided_input():
    """A view that is not contiguous, as permute, transpose, a stepped slice, expand or narrow make one."""
    s = rshape(2, 4, (1, 2, 3, 4))
    base = torch.zeros(s)
    roll = random.random()
    if roll < 0.35:
        perm = list(range(len(s)))
        random.shuffle(perm)
        v = base.permute(*perm)
    elif roll < 0.55:
        v = base.transpose(0, -1)
    elif roll < 0.7:
        index = [slice(None)] * len(s)
        index[random.randrange(len(s))] = slice(None, None, 2)
        v = base[tuple(index)]
    elif roll < 0.85:
        v = base.unsqueeze(0).expand(2, *s)
    else:
        d = random.randrange(len(s))
        v = base.narrow(d, 0, max(1, s[d] - 1))
    return T(*v.shape, strides=list(v.stride()))


def regroupings(shape):
    """Target shapes with the same number of elements: dims merged, split or moved to -1."""
    numel = 1
    for d in shape:
        numel *= d
    out = [[-1], [numel], list(shape)]
    for i in range(len(shape) - 1):
        out.append(shape[:i] + [shape[i] * shape[i + 1]] + shape[i + 2:])
        out.append(shape[:i] + [-1] + shape[i + 2:])
    out.append(list(reversed(shape)))
    out.append([1] + list(shape) + [1])
    return out


for _ in range(120):
    x = strided_input()
    r = len(x.shape)
    for target in random.sample(regroupings(x.shape), 3):
        case("Tensor.view", x, *target)
        case("Tensor.reshape", x, tuple(target))
    case("Tensor.flatten", x, random.randint(0, r - 1))
    case("Tensor.flatten", x)
    case("torch.unflatten", x, 0, (1, x.shape[0]))
    perm = list(range(r))
    random.shuffle(perm)
    case("Tensor.permute", x, *perm)
    case("Tensor.transpose", x, rdim(r, 0), rdim(r, 0))
    case("Tensor.unsqueeze", x, rdim(r + 1, 0))
    case("Tensor.squeeze", x)
    case("Tensor.mT", x)
    case("Tensor.expand", x, 2, *x.shape)
    case("Tensor.contiguous", x)
    y = T(*x.shape, strides=x.strides)
    case("Tensor.view_as", y, T(*reversed(x.shape)))

os.makedirs("test/fixtures", exist_ok=True)
with open("test/fixtures/ops.json", "w") as f:
    # One case a line: diffs of the fixture stay readable.
    header = json.dumps({"generator": "scripts/gen_ops_fixtures.py", "torch": torch.__version__})[:-1]
    f.write(header + ', "cases": [\n' + ",\n".join(json.dumps(c) for c in CASES) + "\n]}\n")
print(f"{len(CASES)} cases")
