#!/usr/bin/python3
"""Golden fixtures for the nn layer families (src/core/layers/), recorded from torch itself.

Run with Debian's torch 1.13:  /usr/bin/python3 scripts/gen_layer_fixtures.py
Writes test/fixtures/layers.json. Each case builds a module (or calls a function) with the given
arguments, runs it on zero tensors of the given shapes, and records what torch says: the
constructor's error, or repr / parameter count / parameter shapes, then the forward's output
shape(s) or its exact `str(exception)`.

Values are encoded as JSON: ints, bools, strings, None, lists for tuples, {"float": x} for Python
floats and {"tensor": shape} for tensor arguments. The sweep is seeded, so reruns are identical.
"""
import json
import os
import random
import sys
import warnings

# Set-valued error texts (padding_mode) print in hash order; fix it so reruns agree.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

warnings.filterwarnings("ignore")
torch.manual_seed(0)
rng = random.Random(1234)
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "layers.json")


def encode(v):
    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return {"float": v}
    # Tuples are plain arrays; lists and torch.Size say what they are, as messages print them apart.
    if isinstance(v, torch.Size):
        return {"size": [encode(x) for x in v]}
    if isinstance(v, list):
        return {"list": [encode(x) for x in v]}
    if isinstance(v, tuple):
        return [encode(x) for x in v]
    if isinstance(v, T):
        encoded = {"tensor": list(v.shape), "dtype": str(v.dtype).replace("torch.", "")}
        if v.grad:
            encoded["requires_grad"] = True
        return encoded
    if isinstance(v, M):
        return {"module": v.name, "args": [encode(a) for a in v.args], "kwargs": {k: encode(x) for k, x in v.kwargs.items()}}
    raise TypeError(type(v))


class M:
    """A module argument (TransformerEncoder's encoder_layer, its norm): nn.<name>(*args, **kwargs)."""

    def __init__(self, name, *args, **kwargs):
        self.name = name
        self.args = args
        self.kwargs = kwargs

    def make(self):
        return getattr(nn, self.name)(*self.args, **self.kwargs)


class T:
    """A tensor argument: zeros of this shape (int64 where the op wants indices), optionally tracked by autograd."""

    def __init__(self, *shape, dtype=torch.float32, grad=False):
        self.shape = shape
        self.dtype = dtype
        self.grad = grad

    def make(self):
        return torch.zeros(self.shape, dtype=self.dtype, requires_grad=self.grad)


def materialise(v):
    if isinstance(v, (T, M)):
        return v.make()
    if isinstance(v, (list, tuple)):
        return type(v)(materialise(x) for x in v)
    return v


def shape_of(out):
    if out is None:
        return None
    if isinstance(out, torch.Tensor):
        return list(out.shape)
    if isinstance(out, (tuple, list)):
        return [shape_of(x) for x in out]
    raise TypeError(type(out))


cases = []
seen = set()


def add(record):
    key = json.dumps(record, sort_keys=True)
    if key not in seen:
        seen.add(key)
        cases.append(record)


def module_case(name, args=(), kwargs=None, inputs=(), forward_kwargs=None):
    kwargs = kwargs or {}
    forward_kwargs = forward_kwargs or {}
    rec = {
        "kind": "module",
        "name": name,
        "args": [encode(a) for a in args],
        "kwargs": {k: encode(v) for k, v in kwargs.items()},
        "inputs": [encode(i) for i in inputs],
        "forward_kwargs": {k: encode(v) for k, v in forward_kwargs.items()},
    }
    try:
        m = getattr(nn, name)(*materialise(tuple(args)), **{k: materialise(v) for k, v in kwargs.items()})
    except Exception as e:  # noqa: BLE001 - every torch error is a fixture
        rec["build_error"] = str(e)
        add(rec)
        return
    lazy = name.startswith("Lazy")
    if not lazy:
        rec["repr"] = repr(m)
        rec["params"] = sum(p.numel() for p in m.parameters())
        rec["weights"] = {n: list(p.shape) for n, p in m.named_parameters()}
        rec["buffers"] = {n: list(b.shape) for n, b in m.named_buffers() if b.dim() > 0}
    if inputs:
        try:
            tracked = any(isinstance(i, T) and i.grad for i in inputs)
            with torch.set_grad_enabled(tracked):
                out = m(*[materialise(i) for i in inputs], **{k: materialise(v) for k, v in forward_kwargs.items()})
            rec["output"] = shape_of(out)
        except Exception as e:  # noqa: BLE001
            rec["error"] = str(e)
        if lazy:
            rec["repr"] = repr(m)
            try:
                rec["params"] = sum(p.numel() for p in m.parameters())
                rec["weights"] = {n: list(p.shape) for n, p in m.named_parameters()}
                rec["buffers"] = {n: list(b.shape) for n, b in m.named_buffers() if b.dim() > 0}
            except ValueError:
                pass  # still uninitialized after a failed forward
    add(rec)


def function_case(name, args=(), kwargs=None):
    kwargs = kwargs or {}
    rec = {"kind": "function", "name": name, "args": [encode(a) for a in args], "kwargs": {k: encode(v) for k, v in kwargs.items()}}
    target = torch
    path = name.split(".")
    if path[0] == "Tensor":
        fn = lambda *a, **k: getattr(a[0], path[1])(*a[1:], **k)  # noqa: E731
    else:
        for part in path[1:]:
            target = getattr(target, part)
        fn = target
    try:
        with torch.no_grad():
            rec["output"] = shape_of(fn(*[materialise(a) for a in args], **{k: materialise(v) for k, v in kwargs.items()}))
    except Exception as e:  # noqa: BLE001
        rec["error"] = str(e)
    add(rec)


def spatial(n, lo, hi):
    return tuple(rng.randint(lo, hi) for _ in range(n))


def maybe_tuple(n, lo, hi):
    """An int, or a per-dim tuple, as users write hyperparameters."""
    if n > 1 and rng.random() < 0.3:
        return spatial(n, lo, hi)
    return rng.randint(lo, hi)


# --- convolutions ------------------------------------------------------------------------------
for n in (1, 2, 3):
    conv = f"Conv{n}d"
    for _ in range({1: 60, 2: 140, 3: 40}[n]):
        groups = rng.choice([1, 1, 1, 2, 3, 4])
        cin = groups * rng.randint(1, 4) + (1 if rng.random() < 0.1 else 0)
        cout = groups * rng.randint(1, 4) + (1 if rng.random() < 0.1 else 0)
        k = maybe_tuple(n, 1, 5)
        stride = maybe_tuple(n, 1, 3)
        padding = rng.choice([0, 0, 1, 2, maybe_tuple(n, 0, 3), "same", "valid"])
        dilation = rng.choice([1, 1, 1, 2, maybe_tuple(n, 1, 3)])
        kwargs = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
        if rng.random() < 0.2:
            kwargs["bias"] = False
        if rng.random() < 0.15:
            kwargs["padding_mode"] = rng.choice(["reflect", "replicate", "circular"])
        size = spatial(n, 1, 12 if n < 3 else 7)
        cin_in = cin if rng.random() < 0.85 else cin + 1
        batched = rng.random() < 0.8
        shape = ((rng.randint(1, 3),) if batched else ()) + (cin_in,) + size
        module_case(conv, (cin, cout, k), kwargs, [T(*shape)])
    # Wrong ranks, and the errors torch raises at construction.
    module_case(conv, (3, 6, 3), {}, [T(*(8,) * n)])
    module_case(conv, (3, 6, 3), {}, [T(1, 1, 3, *(8,) * n)])
    module_case(conv, (3, 6, 3), {"padding": "foo"})
    module_case(conv, (3, 6, 3), {"padding_mode": "foo"})
    module_case(conv, (3, 6, 3), {"groups": 0})
    module_case(conv, (3, 6, 3), {"stride": 2, "padding": "same"}, [T(1, 3, *(8,) * n)])
    module_case(conv, (3, 6, 4), {"padding": "same", "dilation": 1}, [T(1, 3, *(7,) * n)])
    module_case(conv, (3, 6, 4), {"padding": "same", "padding_mode": "reflect"}, [T(1, 3, *(3,) * n)])
    module_case(conv, (3, 6, 3), {"stride": 0}, [T(1, 3, *(8,) * n)])
    module_case(conv, (3, 6, 3), {"padding": -1}, [T(1, 3, *(8,) * n)])
    # Per-dim lists of the wrong length; a one-element list serves every dim.
    module_case(conv, (3, 6, 3), {"stride": (2,)}, [T(1, 3, *(8,) * n)])
    module_case(conv, (3, 6, 3), {"stride": (1,) * (n + 1)}, [T(1, 3, *(8,) * n)])
    module_case(conv, (3, 6, 3), {"dilation": (1,) * (n + 1)}, [T(1, 3, *(8,) * n)])
    function_case(f"torch.nn.functional.conv{n}d", (T(1, 3, *(8,) * n), T(6, 3, *(3,) * n)), {"padding": (1,) * (n + 1)})

    convt = f"ConvTranspose{n}d"
    for _ in range({1: 40, 2: 90, 3: 30}[n]):
        groups = rng.choice([1, 1, 1, 2])
        cin = groups * rng.randint(1, 4)
        cout = groups * rng.randint(1, 4)
        k = maybe_tuple(n, 1, 5)
        stride = maybe_tuple(n, 1, 3)
        padding = rng.choice([0, 1, maybe_tuple(n, 0, 3)])
        output_padding = rng.choice([0, 0, 1, maybe_tuple(n, 0, 2)])
        dilation = rng.choice([1, 1, 2])
        kwargs = {"stride": stride, "padding": padding, "output_padding": output_padding, "groups": groups, "dilation": dilation}
        size = spatial(n, 1, 8)
        cin_in = cin if rng.random() < 0.85 else cin + 1
        batched = rng.random() < 0.8
        shape = ((rng.randint(1, 3),) if batched else ()) + (cin_in,) + size
        module_case(convt, (cin, cout, k), kwargs, [T(*shape)])
    module_case(convt, (3, 6, 3), {"padding_mode": "reflect"})
    module_case(convt, (3, 6, 3), {}, [T(*(8,) * n)])
    for out_size in ([13] * n, [14] * n, [16] * n, (16,) * n, torch.Size([16] * n), [1, 6] + [14] * n, [1, 6] + [17] * n, [14] * (n + 3)):
        module_case(convt, (3, 6, 3), {"stride": 2, "padding": 1}, [T(1, 3, *(7,) * n)], {"output_size": out_size})
    module_case(convt, (3, 6, 3), {"stride": 2, "padding": 1}, [T(3, *(7,) * n)], {"output_size": [14] * n})
    module_case(f"LazyConv{n}d", (6, 3), {"padding": 1}, [T(2, 5, *(9,) * n)])
    module_case(f"LazyConvTranspose{n}d", (6, 3), {"stride": 2}, [T(2, 5, *(4,) * n)])

    for _ in range(25):
        groups = rng.choice([1, 2])
        cin = groups * rng.randint(1, 3)
        cout = groups * rng.randint(1, 3)
        k = spatial(n, 1, 4)
        size = spatial(n, 1, 9)
        w_in = cin // groups if rng.random() < 0.8 else cin // groups + 1
        bias = rng.choice([None, T(cout), T(cout + 1)])
        function_case(f"torch.nn.functional.conv{n}d", (T(2, cin, *size), T(cout, w_in, *k), bias), {"stride": rng.randint(1, 2), "padding": rng.randint(0, 2), "groups": groups})
        function_case(f"torch.nn.functional.conv_transpose{n}d", (T(2, cin, *size), T(cin, cout // groups, *k)), {"stride": rng.randint(1, 2), "padding": rng.randint(0, 1), "groups": groups})
    function_case(f"torch.nn.functional.conv{n}d", (T(2, 4, *(8,) * n), T(7, 2, *(3,) * n)), {"groups": 2})

# --- pooling -----------------------------------------------------------------------------------
for n in (1, 2, 3):
    for name in (f"MaxPool{n}d", f"AvgPool{n}d"):
        for _ in range({1: 60, 2: 120, 3: 40}[n]):
            k = maybe_tuple(n, 1, 4)
            kwargs = {}
            if rng.random() < 0.6:
                kwargs["stride"] = maybe_tuple(n, 1, 3)
            kwargs["padding"] = rng.choice([0, 0, 1, 2, maybe_tuple(n, 0, 2)])
            kwargs["ceil_mode"] = rng.random() < 0.4
            if name.startswith("Max"):
                kwargs["dilation"] = rng.choice([1, 1, 2])
                if rng.random() < 0.2:
                    kwargs["return_indices"] = True
            else:
                kwargs["count_include_pad"] = rng.random() < 0.5
                if n > 1 and rng.random() < 0.2:
                    kwargs["divisor_override"] = rng.randint(1, 3)
            size = spatial(n, 1, 9)
            batched = rng.random() < 0.8
            shape = ((rng.randint(1, 3),) if batched else ()) + (rng.randint(1, 4),) + size
            module_case(name, (k,), kwargs, [T(*shape)])
        module_case(name, (2,), {}, [T(*(8,) * n)])
        module_case(name, (2,), {}, [T(1, 1, 1, *(8,) * n)])
        module_case(name, (3,), {"padding": 2}, [T(1, 3, *(8,) * n)])
        module_case(name, (2,), {}, [T(1, 3, *(1,) * n)])
        module_case(name, (2,), {"stride": 0}, [T(1, 3, *(4,) * n)])
        module_case(name, (2,), {"padding": -1}, [T(1, 3, *(4,) * n)])
        module_case(name, (2,), {"stride": 2, "padding": 1, "ceil_mode": True}, [T(1, 3, *(6,) * n)])
    if n > 1:
        module_case(f"MaxPool{n}d", ((2,) * (n + 1),), {}, [T(1, 3, *(7,) * n)])
        module_case(f"AvgPool{n}d", ((2,) * (n + 1),), {}, [T(1, 3, *(7,) * n)])
        module_case(f"MaxPool{n}d", (2,), {"dilation": 0}, [T(1, 3, *(7,) * n)])
    module_case(f"MaxPool{n}d", (5,), {"stride": 1}, [T(1, 3, *(1,) * n)])
    # Inputs autograd tracks, as every activation inside a model is: max_pool1d checks differently.
    for k, kwargs, size in ((2, {}, 1), (5, {"stride": 1}, 1), (3, {"padding": 2}, 8), (2, {"ceil_mode": True}, 5), (2, {"dilation": 0}, 4), (2, {"padding": -1}, 4)):
        module_case(f"MaxPool{n}d", (k,), kwargs, [T(1, 3, *(size,) * n, grad=True)])
    module_case(f"MaxPool{n}d", (2,), {"return_indices": True}, [T(*(8,) * n)])
    module_case(f"MaxUnpool{n}d", (2,), {}, [T(1, 3, *(7,) * n), T(1, 3, *(7,) * n, dtype=torch.long)])
    module_case(f"MaxUnpool{n}d", (2,), {}, [T(1, 3, *(7,) * n), T(1, 3, *(6,) * n, dtype=torch.long)])
    module_case(f"MaxUnpool{n}d", (3,), {"stride": 2, "padding": 1}, [T(3, *(5,) * n), T(3, *(5,) * n, dtype=torch.long)])
    for out in ([15] * n, [17] * n, (17,) * n, [1, 3] + [17] * n, [1, 3] + [14] * n, [14] * (n + 1)):
        module_case(f"MaxUnpool{n}d", (2,), {}, [T(1, 3, *(7,) * n), T(1, 3, *(7,) * n, dtype=torch.long)], {"output_size": out})
    module_case(f"MaxUnpool{n}d", (2,), {}, [T(*(7,) * n), T(*(7,) * n, dtype=torch.long)])
for n in (1, 2):
    for _ in range(20):
        module_case(f"LPPool{n}d", (rng.choice([1, 2, 3.0]), maybe_tuple(n, 1, 4)), {"stride": rng.choice([None, 1, 2]), "ceil_mode": rng.random() < 0.3}, [T(1, 2, *spatial(n, 1, 8))])
for n in (1, 2, 3):
    for _ in range(8):
        function_case(f"torch.nn.functional.max_pool{n}d", (T(2, 3, *spatial(n, 2, 9)), maybe_tuple(n, 1, 3)), {"stride": rng.choice([None, 1, 2]), "padding": rng.choice([0, 1]), "ceil_mode": rng.random() < 0.5, "return_indices": rng.random() < 0.3})
        function_case(f"torch.nn.functional.avg_pool{n}d", (T(2, 3, *spatial(n, 2, 9)), maybe_tuple(n, 1, 3)), {"stride": rng.choice([None, 1, 2]), "padding": rng.choice([0, 1]), "ceil_mode": rng.random() < 0.5})

# --- activations ---------------------------------------------------------------------------------
ACTIVATIONS = [
    ("ReLU", (), {}), ("ReLU", (), {"inplace": True}), ("ReLU6", (), {"inplace": True}), ("LeakyReLU", (0.2,), {}),
    ("LeakyReLU", (), {"negative_slope": 1e-5, "inplace": True}), ("LeakyReLU", (1,), {}), ("ELU", (), {}), ("ELU", (0.5, True), {}),
    ("CELU", (), {}), ("SELU", (), {}), ("GELU", (), {}), ("GELU", ("tanh",), {}), ("SiLU", (), {}), ("SiLU", (True,), {}),
    ("Mish", (), {}), ("Hardswish", (), {}), ("Hardswish", (True,), {}), ("Hardsigmoid", (), {}), ("Hardtanh", (), {}),
    ("Hardtanh", (0.0, 6.0), {}), ("Hardtanh", (0, 6, True), {}), ("Sigmoid", (), {}), ("Tanh", (), {}), ("LogSigmoid", (), {}),
    ("Softsign", (), {}), ("Tanhshrink", (), {}), ("Softplus", (), {}), ("Softplus", (2, 10.0), {}), ("Hardshrink", (), {}),
    ("Softshrink", (0.25,), {}), ("Threshold", (0.1, 20), {}), ("Threshold", (0.1, 20.0, True), {}), ("RReLU", (), {}),
    ("Softmax", (), {"dim": 1}), ("Softmax", (), {}), ("Softmax", (-1,), {}), ("LogSoftmax", (), {"dim": 1}), ("Softmin", (0,), {}),
    ("Softmax2d", (), {}), ("GLU", (), {}), ("GLU", (1,), {}), ("PReLU", (), {}), ("PReLU", (3,), {}), ("PReLU", (4, 0.1), {}),
]
for name, args, kwargs in ACTIVATIONS:
    for shape in ((2, 3, 4, 6), (3, 4), (3,), (2, 3, 5), (1, 3, 2, 2, 2)):
        module_case(name, args, kwargs, [T(*shape)])
for name in ("softmax", "log_softmax"):
    for dim in (0, 1, -1, 2, -3):
        function_case(f"torch.nn.functional.{name}", (T(3, 4), dim))
        function_case(f"Tensor.{name}", (T(3, 4), dim))
for name in ("relu", "sigmoid", "tanh"):
    function_case(f"torch.{name}", (T(2, 3, 4),))
    function_case(f"Tensor.{name}", (T(2, 3, 4),))
    function_case(f"torch.nn.functional.{name}", (T(2, 3, 4),))
function_case("torch.nn.functional.glu", (T(3, 4),), {"dim": 0})
function_case("torch.nn.functional.glu", (T(3, 4),), {"dim": 3})
function_case("torch.nn.functional.prelu", (T(2, 3, 4), T(4)))
function_case("torch.nn.functional.prelu", (T(2, 3, 4), T(3)))
function_case("torch.nn.functional.leaky_relu", (T(2, 3), 0.2))
function_case("torch.nn.functional.gelu", (T(2, 3),), {"approximate": "tanh"})

# --- linear ----------------------------------------------------------------------------------
for _ in range(60):
    fin = rng.randint(1, 20)
    fout = rng.randint(1, 20)
    lead = tuple(rng.randint(1, 4) for _ in range(rng.randint(0, 3)))
    last = fin if rng.random() < 0.75 else rng.randint(1, 20)
    module_case("Linear", (fin, fout), {"bias": rng.random() < 0.8}, [T(*lead, last)])
module_case("Linear", (256, 120), {}, [T(1, 400)])
module_case("Linear", (256, 120), {}, [T(400)])
module_case("Linear", (3, 4), {}, [T()])
module_case("LazyLinear", (7,), {}, [T(2, 5)])
module_case("LazyLinear", (7,), {"bias": False}, [T(3, 2, 9)])
module_case("Identity", (3,), {"foo": 2}, [T(2, 3)])
for a, b in (((2, 3), (2, 4)), ((2, 3), (2, 5)), ((2, 2), (2, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (5, 2, 4)), ((2, 3), (1, 2, 4))):
    module_case("Bilinear", (3, 4, 5), {}, [T(*a), T(*b)])
module_case("Bilinear", (3, 4, 5), {"bias": False}, [T(2, 3), T(2, 4)])
function_case("torch.nn.functional.linear", (T(2, 400), T(120, 256)))
function_case("torch.nn.functional.linear", (T(2, 256), T(120, 256), T(7)))
function_case("torch.nn.functional.linear", (T(2, 256), T(120, 256), T(120)))
function_case("torch.nn.functional.linear", (T(2, 256), T(256)))
function_case("torch.nn.functional.linear", (T(4, 2, 256), T(10, 256), T(1)))

# --- padding ---------------------------------------------------------------------------------
for n in (1, 2, 3):
    for family in ("Constant", "Reflection", "Replication") + (("Zero",) if n == 2 else ()):
        for _ in range(20):
            pad = rng.randint(0, 4) if rng.random() < 0.5 else tuple(rng.randint(0, 4) for _ in range(2 * n))
            args = (pad, 1.5) if family == "Constant" else (pad,)
            rank = rng.choice([n, n + 1, n + 2, n + 2])
            shape = tuple(rng.randint(1, 6) for _ in range(rank))
            module_case(f"{family}Pad{n}d", args, {}, [T(*shape)])
for mode in ("constant", "reflect", "replicate", "circular", "foo"):
    for pads in ((1, 1), (4, 4), (1, 2, 3, 4), (5, 5, 5, 5), (1, 1, 1, 1, 4, 4), (1, 2, 3)):
        for shape in ((1, 3, 4, 4), (3, 4, 8), (1, 3, 4, 4, 4), (4, 4)):
            function_case("torch.nn.functional.pad", (T(*shape), pads), {"mode": mode})
function_case("torch.nn.functional.pad", (T(1, 3, 4, 4), (1, 1)), {"mode": "reflect", "value": 1.0})

# --- adaptive pooling ---------------------------------------------------------------------------
for n in (1, 2, 3):
    for kind in ("Avg", "Max"):
        name = f"Adaptive{kind}Pool{n}d"
        for _ in range(25):
            if n > 1 and rng.random() < 0.3:
                out = tuple(rng.choice([None, rng.randint(1, 9)]) for _ in range(n))
            else:
                out = rng.randint(1, 9)
            kwargs = {"return_indices": True} if kind == "Max" and rng.random() < 0.2 else {}
            rank = rng.choice([n + 1, n + 2, n + 2])
            shape = tuple(rng.randint(1, 4) for _ in range(rank - n)) + spatial(n, 1, 10)
            module_case(name, (out,), kwargs, [T(*shape)])
        for out, shape in ((1, (5,) * n), (1, (2, 3) + (5,) * n), (7, (5,) * n), ((7,) * (n + 1), (1, 5) + (5,) * n), ((2,) * n, (5,) * n),
                           (-1, (1, 3) + (5,) * n), (2, (1, 3, 0) + (5,) * (n - 1)), (2, (1, 0) + (5,) * n), (2, (0,) + (5,) * n), (0, (1, 3) + (5,) * n)):
            module_case(name, (out,), {}, [T(*shape)])
        function_case(f"torch.nn.functional.adaptive_{kind.lower()}_pool{n}d", (T(2, 3, *spatial(n, 2, 9)), rng.randint(1, 5)))

# --- resampling --------------------------------------------------------------------------------
MODES = ("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact", "foo")
FITTING = {3: ("nearest", "linear", "area", "nearest-exact"), 4: ("nearest", "bilinear", "bicubic", "area", "nearest-exact"), 5: ("nearest", "trilinear", "area", "nearest-exact")}
for _ in range(250):
    rank = rng.choice([3, 4, 4, 4, 5, 2, 6])
    shape = (rng.randint(1, 2), rng.randint(1, 3)) + tuple(rng.randint(1, 12) for _ in range(max(rank - 2, 0)))
    shape = shape[:rank]
    n = rank - 2
    # Mostly a mode that fits the rank and a size or scale per spatial dim; sometimes not.
    kwargs = {"mode": rng.choice(FITTING[rank]) if rank in FITTING and rng.random() < 0.8 else rng.choice(MODES)}
    choice = rng.random()
    if choice < 0.45:
        per_dim = tuple(rng.choice([1, 2, 0.5, 1.5, 2.5, 0.29, 3.0]) for _ in range(max(n, 1)))
        kwargs["scale_factor"] = rng.choice([2, 3, 0.5, 1.5, 0.29, 2.5, 0.1, 1.7, per_dim, per_dim, (2, 3)])
    elif choice < 0.9:
        per_dim = tuple(rng.randint(1, 16) for _ in range(max(n, 1)))
        kwargs["size"] = rng.choice([4, 10, 0, per_dim, per_dim, list(per_dim), (6,), (2, 3, 4)])
    if rng.random() < 0.2:
        kwargs["align_corners"] = rng.choice([True, False])
    if rng.random() < 0.1:
        kwargs["recompute_scale_factor"] = True
    function_case("torch.nn.functional.interpolate", (T(*shape),), kwargs)
function_case("torch.nn.functional.interpolate", (T(1, 3, 7, 7),), {"size": 10, "scale_factor": 2})
function_case("torch.nn.functional.interpolate", (T(1, 3, 10, 10),), {"scale_factor": 1.3, "antialias": True})
function_case("torch.nn.functional.interpolate", (T(1, 3, 10, 10),), {"scale_factor": 1.3, "mode": "bilinear", "antialias": True})
for args, kwargs, shape in (((), {"scale_factor": 2}, (1, 3, 7, 7)), ((), {"size": (3, 4), "mode": "bilinear"}, (1, 3, 7, 7)),
                            ((), {"scale_factor": 2, "mode": "bilinear", "align_corners": True}, (2, 3, 5, 5)), ((), {"scale_factor": (2, 1.5)}, (1, 1, 7, 7)),
                            ((), {}, (1, 3, 7, 7)), ((None, 1.5), {}, (1, 2, 8)), ((5,), {"mode": "trilinear"}, (1, 1, 3, 3, 3)),
                            ((), {"scale_factor": 2, "mode": "linear"}, (1, 3, 7, 7))):
    module_case("Upsample", args, kwargs, [T(*shape)])
for name in ("UpsamplingNearest2d", "UpsamplingBilinear2d"):
    module_case(name, (), {"scale_factor": 2}, [T(1, 3, 7, 7)])
    module_case(name, (4,), {}, [T(1, 3, 7, 7)])
    module_case(name, (), {"size": (5, 9)}, [T(2, 7, 7)])
for r in (1, 2, 3):
    for shape in ((1, 8, 4, 4), (1, 9, 3, 3), (2, 4, 2, 5), (12, 3, 3), (6, 4), (2, 1, 18, 2, 2)):
        module_case("PixelShuffle", (r,), {}, [T(*shape)])
        module_case("PixelUnshuffle", (r,), {}, [T(*shape)])
module_case("PixelShuffle", (0,), {}, [T(1, 4, 2, 2)])
function_case("torch.nn.functional.pixel_shuffle", (T(1, 8, 3, 3), 2))
function_case("torch.nn.functional.pixel_unshuffle", (T(1, 2, 6, 5), 2))

# --- normalisation -------------------------------------------------------------------------------
for n in (1, 2, 3):
    for family in ("BatchNorm", "InstanceNorm"):
        name = f"{family}{n}d"
        for _ in range(30):
            c = rng.randint(1, 6)
            kwargs = {}
            if rng.random() < 0.3:
                kwargs["affine"] = not (family == "BatchNorm")
            if rng.random() < 0.3:
                kwargs["track_running_stats"] = not (family == "BatchNorm")
            if rng.random() < 0.2:
                kwargs["eps"] = 1e-3
                kwargs["momentum"] = rng.choice([None, 0.01])
            rank = rng.choice([n + 1, n + 2, n + 2, n + 2, n + 3, n])
            cin = c if rng.random() < 0.8 else c + 1
            shape = ((rng.choice([1, 2, 4]),) if rank == n + 2 else ()) + (cin,) + tuple(rng.choice([1, 1, 3, 5]) for _ in range(max(rank - 2, 0) if rank == n + 2 else max(rank - 1, 0)))
            module_case(name, (c,), kwargs, [T(*shape)])
for _ in range(30):
    g = rng.choice([1, 2, 3, 4])
    c = g * rng.randint(1, 3) + (1 if rng.random() < 0.1 else 0)
    cin = c if rng.random() < 0.8 else rng.randint(1, 8)
    shape = (rng.choice([1, 2]), cin) + tuple(rng.choice([1, 3]) for _ in range(rng.randint(0, 2)))
    module_case("GroupNorm", (g, c), {"affine": rng.random() < 0.8}, [T(*shape)])
module_case("GroupNorm", (2, 6), {}, [T(6)])
for norm, shape in ((4, (2, 3, 4)), ((4, 4), (2, 3, 4, 5)), ([4, 5], (2, 3, 4, 5)), (5, (4,)), (5, (5,)), ((3, 4, 5), (4, 5)), (6, (2, 6))):
    module_case("LayerNorm", (norm,), {}, [T(*shape)])
    module_case("LayerNorm", (norm,), {"elementwise_affine": False, "eps": 1e-6}, [T(*shape)])
for shape in ((2, 6), (2, 6, 4), (2, 6, 4, 4), (2, 6, 4, 4, 4, 4), (6,)):
    module_case("LocalResponseNorm", (2,), {}, [T(*shape)])
    module_case("LocalResponseNorm", (3, 1e-3, 0.5, 2.0), {}, [T(*shape)])
function_case("torch.nn.functional.batch_norm", (T(2, 3, 4, 4), T(3), T(3)))
function_case("torch.nn.functional.batch_norm", (T(2, 3, 4, 4), T(4), T(4)))
function_case("torch.nn.functional.batch_norm", (T(1, 3), T(3), T(3)), {"training": True})
function_case("torch.nn.functional.layer_norm", (T(2, 3, 4), (4,)))
function_case("torch.nn.functional.layer_norm", (T(2, 3, 4), (3,)))
function_case("torch.nn.functional.group_norm", (T(2, 6, 4), 3))
function_case("torch.nn.functional.group_norm", (T(2, 6, 4), 4))
function_case("torch.nn.functional.instance_norm", (T(2, 3, 4, 4), T(3), T(3)))
function_case("torch.nn.functional.instance_norm", (T(2, 3, 4, 4), T(4), T(4)))
function_case("torch.nn.functional.instance_norm", (T(2, 3, 1, 1),))
function_case("torch.nn.functional.instance_norm", (T(2, 3, 5),), {"weight": T(3), "bias": T(3)})
for op in ("conv1d", "conv_transpose1d"):
    function_case(f"torch.{op}", (T(2, 4, 9), T(4, 4, 3)), {"stride": 2})
function_case("torch.conv2d", (T(1, 1, 32, 32), T(6, 3, 5, 5)))
function_case("torch.avg_pool1d", (T(2, 3, 9), 2))
function_case("torch.adaptive_avg_pool1d", (T(2, 3, 9), 4))
function_case("torch.layer_norm", (T(2, 3, 4), (4,)))
function_case("torch.group_norm", (T(2, 6, 4), 4))
function_case("torch.prelu", (T(2, 3, 4), T(4)))
function_case("Tensor.prelu", (T(2, 3, 4), T(3)))
function_case("torch.bilinear", (T(2, 3), T(2, 4), T(5, 3, 4)))

# --- embedding, dropout, flatten ---------------------------------------------------------------------
for args, kwargs in (((10, 3), {}), ((10, 3), {"padding_idx": 0, "max_norm": 1.0}), ((10, 3), {"padding_idx": -1}), ((10, 3), {"padding_idx": 10}),
                     ((10, 3), {"padding_idx": -11}), ((10, 3), {"norm_type": 1.0, "scale_grad_by_freq": True, "sparse": True})):
    for shape in ((2, 4), (5,), (2, 3, 4)):
        module_case("Embedding", args, kwargs, [T(*shape, dtype=torch.long)])
module_case("Embedding", (10, 3), {}, [T(2, 4)])
for kwargs in ({}, {"mode": "sum", "padding_idx": 2}, {"mode": "max"}):
    module_case("EmbeddingBag", (10, 3), kwargs, [T(2, 4, dtype=torch.long)])
    module_case("EmbeddingBag", (10, 3), kwargs, [T(8, dtype=torch.long)])
    module_case("EmbeddingBag", (10, 3), kwargs, [T(2, 4, 2, dtype=torch.long)])
function_case("torch.nn.functional.embedding", (T(2, 4, dtype=torch.long), T(10, 3)))
for cls in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
    for args in ((), (0.1,), (1,), (1.5,), (-0.1,), (0.2, True)):
        for shape in ((2, 3), (2, 3, 4), (3,), (1, 3, 4, 4), (1, 3, 4, 4, 4)):
            module_case(cls, args, {}, [T(*shape)])
function_case("torch.nn.functional.dropout", (T(2),), {"p": 2.0})
function_case("torch.nn.functional.dropout", (T(2, 3),), {"p": 0.3})
for args in ((), (0,), (2,), (2, 1), (-2, -1), (0, 1), (3,)):
    for shape in ((2, 3, 4), (2, 3, 4, 5), (3,), ()):
        module_case("Flatten", args, {}, [T(*shape)])
for args in ((1, (2, 3)), (1, (2, -1)), (1, (4, 2)), (-1, [2, 3]), (0, (2, 2)), (3, (1, 3)), (1, torch.Size([3, 2]))):
    for shape in ((2, 6, 4), (4, 6)):
        module_case("Unflatten", args, {}, [T(*shape)])

# --- unfold, fold, channel shuffle --------------------------------------------------------------
for _ in range(40):
    k = maybe_tuple(2, 1, 4)
    kwargs = {"dilation": rng.choice([1, 1, 2]), "padding": rng.choice([0, 1, 2]), "stride": maybe_tuple(2, 1, 3)}
    rank = rng.choice([3, 4, 4, 2, 5])
    shape = tuple(rng.randint(1, 3) for _ in range(rank - 2)) + spatial(2, 1, 9)
    module_case("Unfold", (k,), kwargs, [T(*shape)])
for args, kwargs in (((0,), {}), ((3,), {"padding": -1}), ((3,), {"stride": 0}), ((3,), {"dilation": 0})):
    module_case("Unfold", args, kwargs, [T(1, 3, 8, 8)])
for out, k, kwargs, shape in (((4, 5), (2, 2), {}, (1, 12, 12)), ((4, 5), (2, 2), {}, (1, 12, 11)), ((4, 5), (2, 2), {}, (1, 13, 12)), ((4, 5), (2, 2), {}, (12, 12)),
                              ((4, 5), (2, 2), {}, (1, 1, 12, 12)), (6, 3, {"stride": 3}, (2, 18, 4)), (6, 3, {"stride": 3, "padding": 1}, (2, 18, 4)), (8, 2, {"dilation": 2}, (1, 8, 36)),
                              ((2, 2), 3, {}, (1, 9, 1)), (5, 2, {"stride": 0}, (1, 4, 16))):
    module_case("Fold", (out, k), kwargs, [T(*shape)])
function_case("torch.nn.functional.unfold", (T(2, 3, 8, 8), 3), {"padding": 1, "stride": 2})
function_case("torch.nn.functional.fold", (T(2, 27, 16), (8, 8), 3), {"padding": 1, "stride": 2})
for g, shape in ((2, (1, 4, 2, 2)), (3, (1, 4, 2, 2)), (2, (4, 6)), (2, (2, 6, 3)), (0, (1, 4, 2, 2))):
    module_case("ChannelShuffle", (g,), {}, [T(*shape)])

# --- layers as real models use them, at real sizes --------------------------------------------------
# Lazy BatchNorm: num_features from the first input's dim 1, then BatchNorm's checks.
for n in (1, 2, 3):
    module_case(f"LazyBatchNorm{n}d", (), {}, [T(2, 5, *(4,) * n)])
    module_case(f"LazyBatchNorm{n}d", (), {"affine": False, "momentum": 0.2}, [T(3, 6, *(3,) * n)])
    module_case(f"LazyBatchNorm{n}d", (), {}, [T(2, 5, *(4,) * (n + 1))])
    module_case(f"LazyBatchNorm{n}d", (), {"track_running_stats": False}, [T(1, 4, *(1,) * n)])
    module_case(f"LazyBatchNorm{n}d", (), {"affine": False, "track_running_stats": False}, [T(3, 6, *(3,) * n)])
module_case("LazyBatchNorm1d", (), {}, [T(4, 7)])
module_case("LazyBatchNorm1d", (), {}, [T(1, 7)])
# MaxUnpool: torch's kernel refuses an empty non-batch dim; padding beyond the kernel overflows.
module_case("MaxUnpool2d", (2,), {}, [T(3, 0, 2), T(3, 0, 2, dtype=torch.int64)])
module_case("MaxUnpool2d", (2,), {}, [T(0, 3, 2, 2), T(0, 3, 2, 2, dtype=torch.int64)])
module_case("MaxUnpool3d", (2,), {}, [T(2, 0, 3, 2), T(2, 0, 3, 2, dtype=torch.int64)])
module_case("MaxUnpool1d", (2,), {}, [T(2, 0, 3), T(2, 0, 3, dtype=torch.int64)])
# Lazy InstanceNorm: affine and running stats on by default (unlike InstanceNorm), num_features from
# dim 1 even of an unbatched input, then InstanceNorm's checks.
for n in (1, 2, 3):
    module_case(f"LazyInstanceNorm{n}d", (), {}, [T(2, 5, *(4,) * n)])
    module_case(f"LazyInstanceNorm{n}d", (), {"affine": False, "track_running_stats": False}, [T(3, 6, *(3,) * n)])
    module_case(f"LazyInstanceNorm{n}d", (), {"affine": False}, [T(5, *(4,) * n)])
    module_case(f"LazyInstanceNorm{n}d", (), {"track_running_stats": False}, [T(5, *(4,) * n)])
    module_case(f"LazyInstanceNorm{n}d", (), {}, [T(2, 5, *(4,) * (n + 1))])
    module_case(f"LazyInstanceNorm{n}d", (), {"eps": 1e-3, "momentum": None}, [T(2, 3, *(1,) * n)])
module_case("LazyInstanceNorm1d", (), {}, [T(4, 7)])
module_case("LazyInstanceNorm1d", (), {"track_running_stats": False}, [T(4, 7)])

# Recurrent layers: sizes, stacking, directions, projections, hidden states and their checks.
for mode in ("RNN", "LSTM", "GRU"):
    for kwargs in ({}, {"num_layers": 2}, {"bidirectional": True}, {"batch_first": True}, {"bias": False, "num_layers": 3, "dropout": 0.5}, {"batch_first": True, "bidirectional": True, "num_layers": 2}):
        module_case(mode, (10, 16), kwargs, [T(7, 3, 10)])
        module_case(mode, (10, 16), kwargs, [T(5, 10)])
    module_case(mode, (64, 32), {"batch_first": True}, [T(2, 197, 32)])
    module_case(mode, (8, 4), {}, [T(2, 3, 5, 8)])
    module_case(mode, (8, 4), {}, [T(8)])
    hidden = (T(2, 3, 4), T(2, 3, 4)) if mode == "LSTM" else T(2, 3, 4)
    module_case(mode, (8, 4, 2), {}, [T(5, 3, 8), hidden])
    module_case(mode, (8, 4, 2), {"batch_first": True}, [T(3, 5, 8), hidden])
    wrong = [(T(1, 3, 4), T(2, 3, 4)), (T(2, 3, 4), T(2, 2, 4)), (T(2, 3, 4), T(2, 4))] if mode == "LSTM" else [T(1, 3, 4), T(2, 3, 5), T(2, 4)]
    for hx in wrong:
        module_case(mode, (8, 4, 2), {}, [T(5, 3, 8), hx])
    unbatched = (T(2, 4), T(2, 4)) if mode == "LSTM" else T(2, 4)
    module_case(mode, (8, 4, 2), {}, [T(5, 8), unbatched])
    module_case(mode, (8, 4, 2), {}, [T(5, 8), (T(2, 3, 4), T(2, 3, 4)) if mode == "LSTM" else T(2, 3, 4)])
    module_case(mode, (8, 4, 2), {}, [T(5, 8), (T(1, 4), T(2, 4)) if mode == "LSTM" else T(1, 4)])
    cell = f"{mode}Cell"
    module_case(cell, (10, 16), {}, [T(3, 10)])
    module_case(cell, (10, 16), {"bias": False}, [T(10)])
    module_case(cell, (64, 32), {}, [T(3, 60)])
    module_case(cell, (64, 32), {}, [T(3, 4, 64)])
    state = lambda *shape: (T(*shape), T(*shape)) if mode == "LSTM" else T(*shape)  # noqa: E731
    module_case(cell, (64, 32), {}, [T(3, 64), state(3, 32)])
    module_case(cell, (64, 32), {}, [T(3, 64), state(2, 32)])
    module_case(cell, (64, 32), {}, [T(3, 64), state(3, 30)])
    module_case(cell, (64, 32), {}, [T(64), state(32)])
module_case("RNN", (10, 16), {"nonlinearity": "relu"}, [T(7, 3, 10)])
module_case("RNNCell", (10, 16), {"nonlinearity": "relu"}, [T(3, 10)])
for kwargs in ({"proj_size": 8}, {"proj_size": 8, "bidirectional": True, "num_layers": 2}):
    module_case("LSTM", (64, 32), kwargs, [T(7, 3, 64)])
    module_case("LSTM", (64, 32), kwargs, [T(7, 64)])

# Fractional max pooling: output size given or as a ratio of the input, and whether the windows fit.
for kwargs in ({"output_size": (5, 5)}, {"output_size": 5}, {"output_ratio": 0.5}, {"output_ratio": (0.5, 0.7)}, {"output_size": 5, "return_indices": True}):
    for shape in ((1, 3, 12, 12), (3, 12, 12), (1, 3, 13, 11), (1, 3, 5, 5), (1, 3, 6, 6), (1, 3, 7, 7), (1, 1, 3, 12, 12), (12, 12), (12,)):
        module_case("FractionalMaxPool2d", (2,), kwargs, [T(*shape)])
        function_case("torch.nn.functional.fractional_max_pool2d", (T(*shape), 2), kwargs)
    module_case("FractionalMaxPool2d", (3,), kwargs, [T(1, 3, 7, 7)])
for kwargs in ({"output_size": 4}, {"output_size": (3, 4, 5)}, {"output_ratio": 0.5}, {"output_ratio": (0.5, 0.6, 0.7)}):
    for shape in ((1, 3, 13, 11, 9), (3, 5, 5, 5), (3, 6, 7, 8), (5, 5, 5), (1, 1, 2, 8, 8, 8)):
        module_case("FractionalMaxPool3d", (2,), kwargs, [T(*shape)])
        function_case("torch.nn.functional.fractional_max_pool3d", (T(*shape), 2), kwargs)
for n in (2, 3):
    module_case(f"FractionalMaxPool{n}d", (2,), {})
    module_case(f"FractionalMaxPool{n}d", (2,), {"output_size": 3, "output_ratio": 0.5})
    module_case(f"FractionalMaxPool{n}d", (2,), {"output_ratio": 1.5})
    module_case(f"FractionalMaxPool{n}d", (2,), {"output_ratio": (0.5,) * (n - 1) + (1.0,)})
    function_case(f"torch.nn.functional.fractional_max_pool{n}d", (T(1, 2, *(8,) * n), 2), {})

# Losses: class indices and probabilities, reductions, and how targets must line up with inputs.
LONG = torch.long
for name, functional in (("CrossEntropyLoss", "cross_entropy"), ("NLLLoss", "nll_loss")):
    pairs = [
        (T(8, 4), T(8, dtype=LONG)),
        (T(8, 64), T(128, dtype=LONG)),
        (T(8, 4), T(8, 4)),
        (T(8, 4), T(7, 4)),
        (T(8, 4), T(8, 3, dtype=LONG)),
        (T(8, 4, 5), T(8, 5, dtype=LONG)),
        (T(8, 4, 5), T(8, 6, dtype=LONG)),
        (T(8, 4, 5), T(7, 5, dtype=LONG)),
        (T(2, 4, 5, 6), T(2, 5, 6, dtype=LONG)),
        (T(4), T(dtype=LONG)),
        (T(), T(dtype=LONG)),
    ]
    for x, y in pairs:
        for reduction in ("mean", "none", "sum"):
            module_case(name, (), {"reduction": reduction}, [x, y])
            function_case(f"torch.nn.functional.{functional}", (x, y), {"reduction": reduction})
for name, functional in (("BCELoss", "binary_cross_entropy"), ("BCEWithLogitsLoss", "binary_cross_entropy_with_logits"), ("MSELoss", "mse_loss"), ("L1Loss", "l1_loss"), ("SmoothL1Loss", "smooth_l1_loss"), ("HuberLoss", "huber_loss")):
    for x, y in ((T(4, 1), T(4, 1)), (T(4, 1), T(4)), (T(4, 3), T(5)), (T(2, 3, 8, 8), T(2, 3, 8, 8)), (T(4, 3), T(3))):
        for reduction in ("mean", "none", "sum"):
            module_case(name, (), {"reduction": reduction}, [x, y])
            function_case(f"torch.nn.functional.{functional}", (x, y), {"reduction": reduction})

REAL = [
    ("Conv2d", (3, 64, 11), {"stride": 4, "padding": 2}, (1, 3, 224, 224)),  # AlexNet
    ("MaxPool2d", (3,), {"stride": 2}, (1, 64, 55, 55)),
    ("Conv2d", (3, 64, 3), {"padding": 1}, (2, 3, 224, 224)),  # VGG
    ("MaxPool2d", (2, 2), {}, (2, 512, 14, 14)),
    ("Conv2d", (3, 64, 7), {"stride": 2, "padding": 3, "bias": False}, (1, 3, 224, 224)),  # ResNet stem
    ("MaxPool2d", (3,), {"stride": 2, "padding": 1}, (1, 64, 112, 112)),
    ("Conv2d", (64, 128, 1), {"stride": 2, "bias": False}, (1, 64, 56, 56)),  # downsample
    ("BatchNorm2d", (128,), {}, (1, 128, 28, 28)),
    ("AdaptiveAvgPool2d", ((1, 1),), {}, (1, 512, 7, 7)),
    ("AdaptiveAvgPool2d", ((7, 7),), {}, (1, 512, 13, 13)),
    ("Linear", (512 * 7 * 7, 4096), {}, (1, 25088)),
    ("Conv2d", (32, 32, 3), {"padding": 1, "groups": 32, "bias": False}, (1, 32, 112, 112)),  # MobileNet depthwise
    ("Conv2d", (32, 192, 1), {"bias": False}, (1, 32, 56, 56)),
    ("ReLU6", (True,), {}, (1, 192, 56, 56)),
    ("ConvTranspose2d", (100, 512, 4), {"stride": 1, "padding": 0, "bias": False}, (8, 100, 1, 1)),  # DCGAN
    ("ConvTranspose2d", (512, 256, 4), {"stride": 2, "padding": 1, "bias": False}, (8, 512, 4, 4)),
    ("ConvTranspose2d", (128, 64, 2), {"stride": 2}, (1, 128, 28, 28)),  # U-Net up
    ("ConvTranspose2d", (128, 64, 2), {"stride": 2}, (1, 128, 25, 25)),
    ("MaxPool2d", (3,), {"stride": 2, "ceil_mode": True}, (1, 64, 112, 112)),  # GoogLeNet
    ("MaxPool2d", (3,), {"stride": 1, "padding": 1, "ceil_mode": True}, (1, 192, 28, 28)),
    ("Conv2d", (192, 32, 5), {"padding": 2}, (1, 192, 28, 28)),
    ("AvgPool2d", (5,), {"stride": 3}, (1, 512, 14, 14)),
    ("Conv1d", (80, 256, 5), {"padding": 2}, (4, 80, 1000)),  # audio
    ("MaxPool1d", (4,), {}, (4, 256, 1000)),
    ("Conv3d", (3, 64, (3, 7, 7)), {"stride": (1, 2, 2), "padding": (1, 3, 3), "bias": False}, (1, 3, 16, 112, 112)),  # video
    ("MaxPool3d", ((1, 3, 3),), {"stride": (1, 2, 2), "padding": (0, 1, 1)}, (1, 64, 16, 56, 56)),
    ("Upsample", (), {"scale_factor": 2, "mode": "bilinear", "align_corners": True}, (1, 256, 32, 32)),
    ("PixelShuffle", (3,), {}, (1, 576, 64, 64)),
    ("Conv2d", (1, 6, 5), {}, (1, 1, 28, 28)),  # LeNet on MNIST without padding
    ("Linear", (16 * 5 * 5, 120), {}, (1, 256)),
]
for name, args, kwargs, shape in REAL:
    module_case(name, args, kwargs, [T(*shape)])

# Attention and transformers: projections (packed or kdim/vdim), batch_first, unbatched inputs,
# attention weights averaged, per head or not asked for, and the errors torch raises.
for kwargs in ({}, {"batch_first": True}, {"kdim": 8, "vdim": 6}, {"bias": False, "add_bias_kv": True}, {"add_zero_attn": True, "dropout": 0.1}, {"add_bias_kv": True, "add_zero_attn": True, "batch_first": True}):
    kd, vd = kwargs.get("kdim", 32), kwargs.get("vdim", 32)
    bf = kwargs.get("batch_first", False)
    q, k, v = (T(2, 5, 32), T(2, 7, kd), T(2, 7, vd)) if bf else (T(5, 2, 32), T(7, 2, kd), T(7, 2, vd))
    module_case("MultiheadAttention", (32, 4), kwargs, [q, k, v])
    module_case("MultiheadAttention", (32, 4), kwargs, [q, k, v], {"need_weights": False})
    module_case("MultiheadAttention", (32, 4), kwargs, [q, k, v], {"average_attn_weights": False})
    module_case("MultiheadAttention", (32, 4), kwargs, [T(5, 32), T(7, kd), T(7, vd)])
    module_case("MultiheadAttention", (32, 4), kwargs, [T(5, 32), T(7, kd), T(7, vd)], {"average_attn_weights": False})
module_case("MultiheadAttention", (32, 5))
module_case("MultiheadAttention", (30, 4), {"kdim": 8})
module_case("MultiheadAttention", (32, 4), {}, [T(5, 2, 16), T(7, 2, 16), T(7, 2, 16)])
module_case("MultiheadAttention", (32, 4), {}, [T(5, 16), T(7, 16), T(7, 16)])
module_case("MultiheadAttention", (32, 4), {}, [T(5, 32), T(7, 2, 32), T(7, 2, 32)])
module_case("MultiheadAttention", (32, 4), {}, [T(5, 2, 32), T(7, 32), T(7, 32)])
module_case("MultiheadAttention", (32, 4), {}, [T(1, 5, 2, 32), T(7, 2, 32), T(7, 2, 32)])
module_case("MultiheadAttention", (32, 4), {}, [T(32), T(32), T(32)])
module_case("MultiheadAttention", (32, 4), {}, [T(5, 2, 32), T(7, 2, 32), T(7, 2, 32)], {"attn_mask": T(5, 7), "key_padding_mask": T(2, 7, dtype=torch.bool)})
module_case("MultiheadAttention", (512, 8), {"batch_first": True}, [T(4, 10, 512), T(4, 10, 512), T(4, 10, 512)])
for kwargs in ({}, {"dim_feedforward": 64, "dropout": 0.0}, {"batch_first": True, "norm_first": True}, {"activation": "gelu", "layer_norm_eps": 1e-6}, {"activation": M("GELU")}):
    for name in ("TransformerEncoderLayer", "TransformerDecoderLayer"):
        bf = kwargs.get("batch_first", False)
        for src, mem in (((2, 10, 32), (2, 12, 32)) if bf else ((10, 2, 32), (12, 2, 32)), ((10, 32), (12, 32)), ((10, 2, 16), (12, 2, 16)), ((10, 16), (12, 16))):
            module_case(name, (32, 4), kwargs, [T(*src)] + ([T(*mem)] if name == "TransformerDecoderLayer" else []))
module_case("TransformerEncoderLayer", (32, 5))
module_case("TransformerDecoderLayer", (32, 3), {"dim_feedforward": 64})
module_case("TransformerEncoderLayer", (512, 8), {}, [T(10, 32, 512)])
module_case("TransformerDecoderLayer", (512, 8), {}, [T(20, 32, 512), T(10, 32, 512)])
module_case("TransformerDecoderLayer", (32, 4), {}, [T(10, 2, 32), T(12, 32)])
for layer_kwargs in ({"dim_feedforward": 64}, {"dim_feedforward": 64, "batch_first": True}, {"dim_feedforward": 64, "norm_first": True}):
    bf = layer_kwargs.get("batch_first", False)
    for n, norm in ((1, None), (3, None), (2, M("LayerNorm", 32))):
        extra = {"norm": norm} if norm is not None else {}
        src, tgt = ((2, 10, 32), (2, 7, 32)) if bf else ((10, 2, 32), (7, 2, 32))
        module_case("TransformerEncoder", (M("TransformerEncoderLayer", 32, 4, **layer_kwargs), n), extra, [T(*src)])
        module_case("TransformerEncoder", (M("TransformerEncoderLayer", 32, 4, **layer_kwargs), n), extra, [T(10, 32)])
        module_case("TransformerEncoder", (M("TransformerEncoderLayer", 32, 4, **layer_kwargs), n), extra, [T(10, 2, 16)])
        module_case("TransformerDecoder", (M("TransformerDecoderLayer", 32, 4, **layer_kwargs), n), extra, [T(*tgt), T(*src)])
        module_case("TransformerDecoder", (M("TransformerDecoderLayer", 32, 4, **layer_kwargs), n), extra, [T(7, 32), T(10, 32)])
        module_case("TransformerDecoder", (M("TransformerDecoderLayer", 32, 4, **layer_kwargs), n), extra, [T(7, 2, 16), T(10, 2, 32)])
module_case("TransformerEncoder", (M("TransformerEncoderLayer", 512, 8, batch_first=True), 6), {}, [T(2, 10, 512)])

with open(OUT, "w") as f:
    # One case a line, so a regenerated file diffs readably.
    f.write('{"torch": %s, "generator": "scripts/gen_layer_fixtures.py", "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
    f.write("\n]}\n")
print(f"{len(cases)} cases -> {os.path.normpath(OUT)}")
