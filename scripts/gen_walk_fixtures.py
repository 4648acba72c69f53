"""Golden values for the model walk (webview/walk/compute.ts), computed by Debian's torch.

The walk draws weights the way nn.Conv2d initialises them (kaiming_uniform_(a=sqrt(5)): U(-1/sqrt(fan_in),
1/sqrt(fan_in)) for weight and bias) from a seeded mulberry32 generator, one stream per layer seeded
with layer_seed(seed, node id). This script implements the same generator, builds the same weights,
runs the models with torch in eval mode (batch norm with a fresh layer's running statistics) and
records what the walk must show.

    /usr/bin/python3 scripts/gen_walk_fixtures.py   # writes test/fixtures/walk/*.json
"""
import json
import math
import os

import torch
import torch.nn.functional as F

SEED = 42
INPUT_SEED = 7
MASK = 0xFFFFFFFF
BIAS_STREAM = 0xB1A5  # webview/walk/compute.ts: a transposed conv's biases come from their own stream


def imul(a, b):
    return (a * b) & MASK


def mulberry32(seed):
    state = seed & MASK

    def next_uniform():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return next_uniform


def layer_seed(seed, node_id):
    return (seed ^ imul(node_id + 1, 0x9E3779B1)) & MASK


def conv_weights(shape, bias, node_id):
    out_channels, group_in, kh, kw = shape
    fan_in = group_in * kh * kw
    bound = 1 / math.sqrt(fan_in)
    rand = mulberry32(layer_seed(SEED, node_id))
    w = torch.tensor([(rand() * 2 - 1) * bound for _ in range(out_channels * fan_in)], dtype=torch.float32).reshape(shape)
    b = torch.tensor([(rand() * 2 - 1) * bound for _ in range(out_channels)], dtype=torch.float32) if bias else None
    return w, b


def conv_transpose_weights(shape, node_id):
    in_channels, group_out, kh, kw = shape
    fan_in = group_out * kh * kw
    bound = 1 / math.sqrt(fan_in)
    rand = mulberry32(layer_seed(SEED, node_id))
    w = torch.tensor([(rand() * 2 - 1) * bound for _ in range(in_channels * fan_in)], dtype=torch.float32).reshape(shape)
    bias_rand = mulberry32(layer_seed(SEED, node_id) ^ BIAS_STREAM)
    return w, bias_rand, bound


def sample_input(c, h, w):
    rand = mulberry32(INPUT_SEED)
    return torch.tensor([rand() for _ in range(c * h * w)], dtype=torch.float32).reshape(1, c, h, w)


def values(t):
    return [float("%.7g" % v) for v in t.flatten().tolist()]


def stats(t, samples=64):
    flat = t.flatten()
    step = max(1, flat.numel() // samples)
    picked = list(range(0, flat.numel(), step))[:samples]
    return {
        "shape": list(t.shape),
        "mean": float(flat.double().mean()),
        "min": float(flat.min()),
        "max": float(flat.max()),
        "samples": [[i, float(flat[i])] for i in picked],
    }


def walk_rows(batch, rows):
    """What the walk lists for each op, in graph order: its name and torch's shape with the program's batch."""
    return [[op, [batch] + list(t.shape[1:])] for op, t in rows]


def fixture(source, model, layers, steps, batch, rows):
    """One model's golden record: the graph nodes whose weights were drawn (id and path), per-step
    statistics of the sample's maps, and the rows (op, shape) the walk must list."""
    return {
        "source": source,
        "model": model,
        "seed": SEED,
        "inputSeed": INPUT_SEED,
        "nodes": [{"id": i, "path": path} for i, path in layers],
        "steps": {str(i): stats(t[0]) for i, t in steps},
        "walk": walk_rows(batch, rows),
    }


def bn(x, eps=1e-5):
    c = x.shape[1]
    return F.batch_norm(x, torch.zeros(c), torch.ones(c), torch.ones(c), torch.zeros(c), training=False, eps=eps)


def lenet():
    x = sample_input(1, 32, 32)
    w1, b1 = conv_weights((6, 1, 5, 5), True, 1)
    conv1 = F.conv2d(x, w1, b1)
    relu1 = F.relu(conv1)
    pool1 = F.max_pool2d(relu1, 2, 2)
    w2, b2 = conv_weights((16, 6, 5, 5), True, 4)
    conv2 = F.conv2d(pool1, w2, b2)
    relu2 = F.relu(conv2)
    pool2 = F.max_pool2d(relu2, 2, 2)
    # The classifier's shapes (its values are not the walk's business: Linear is shape-only).
    flat = torch.flatten(pool2, 1)
    fc1 = torch.nn.Linear(400, 120)(flat)
    fc2 = torch.nn.Linear(120, 84)(fc1)
    fc3 = torch.nn.Linear(84, 10)(fc2)
    record = fixture("examples/lenet.py", "LeNet5", [(1, "conv1"), (4, "conv2")], [(1, conv1), (2, relu1), (3, pool1), (4, conv2), (5, relu2), (6, pool2)], 1, [("input", x), ("Conv2d", conv1), ("relu", relu1), ("MaxPool2d", pool1), ("Conv2d", conv2), ("relu", relu2), ("MaxPool2d", pool2), ("flatten", flat), ("Linear", fc1), ("relu", fc1), ("Linear", fc2), ("relu", fc2), ("Linear", fc3)])
    record["conv1"] = {"weight": values(w1), "bias": values(b1), "output": values(conv1[0])}
    return record


def basic_block():
    # test/corpus/valid/resnet_basicblock.py: BasicBlock(64, 128, stride=2, downsample=conv1x1 + BN) on [2, 64, 56, 56].
    x = sample_input(64, 56, 56)
    w1, _ = conv_weights((128, 64, 3, 3), False, 1)
    w2, _ = conv_weights((128, 128, 3, 3), False, 4)
    wd, _ = conv_weights((128, 64, 1, 1), False, 6)
    c1 = F.conv2d(x, w1, stride=2, padding=1)
    b1 = bn(c1)
    r1 = F.relu(b1)
    c2 = F.conv2d(r1, w2, padding=1)
    b2 = bn(c2)
    d0 = F.conv2d(x, wd, stride=2)
    d1 = bn(d0)
    s = b2 + d1
    out = F.relu(s)
    layers = [(1, "conv1"), (4, "conv2"), (6, "downsample.0")]
    return fixture("test/corpus/valid/resnet_basicblock.py", "BasicBlock", layers, [(1, c1), (2, b1), (3, r1), (4, c2), (5, b2), (6, d0), (7, d1), (8, s), (9, out)], 2, [("input", x), ("Conv2d", c1), ("BatchNorm2d", b1), ("ReLU", r1), ("Conv2d", c2), ("BatchNorm2d", b2), ("Conv2d", d0), ("BatchNorm2d", d1), ("+", s), ("ReLU", out)])


def upsample_block():
    # test/fixtures/walk/upsample_block.py, run by torch itself with the walk's weights.
    source = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "walk", "upsample_block.py")
    scope = {}
    exec(compile(open(source).read(), source, "exec"), scope)
    block = scope["UpBlock"]().eval()
    with torch.no_grad():
        w, bias_rand, bound = conv_transpose_weights((4, 2, 2, 2), 1)
        block.up.weight.copy_(w)
        block.up.bias.copy_(torch.tensor([(bias_rand() * 2 - 1) * bound for _ in range(2)], dtype=torch.float32))
        for layer, shape, node_id in [(block.conv, (2, 6, 3, 3), 5), (block.expand, (8, 2, 1, 1), 6)]:
            w, b = conv_weights(shape, True, node_id)
            layer.weight.copy_(w)
            layer.bias.copy_(b)
        x = sample_input(4, 4, 4)
        seen = {}
        for name in ["up", "conv", "expand"]:
            getattr(block, name).register_forward_hook(lambda m, i, o, name=name: seen.__setitem__(name, o))
        out = block(x)
    layers = [(1, "up"), (5, "conv"), (6, "expand")]
    return fixture("test/fixtures/walk/upsample_block.py", "UpBlock", layers, [(1, seen["up"]), (5, seen["conv"]), (6, seen["expand"]), (7, out)], 1, [("input", x), ("ConvTranspose2d", seen["up"]), ("pad", F.pad(seen["up"], [0, 1, 0, 1])), ("interpolate", F.interpolate(x, size=(9, 9))), ("cat", torch.zeros(1, 6, 9, 9)), ("Conv2d", seen["conv"]), ("Conv2d", seen["expand"]), ("pixel_shuffle", out)])


def main():
    torch.set_num_threads(1)
    out_dir = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "walk")
    os.makedirs(out_dir, exist_ok=True)
    for name, make in [("lenet", lenet), ("basicblock", basic_block), ("upsample", upsample_block)]:
        with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
            json.dump({"generator": "scripts/gen_walk_fixtures.py", "torch": torch.__version__, **make()}, f)
            f.write("\n")
        print(f"test/fixtures/walk/{name}.json")


if __name__ == "__main__":
    main()
