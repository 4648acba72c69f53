/**
 * Module modes and autograd tracking as the user meets them through `analyze()`: BatchNorm's batch
 * of one raises in training mode only, `.eval()`/`.train()` reach every submodule, an undecided mode
 * reports nothing mode-dependent.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { AnalysisResult } from '../../src/core/api';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

function run(body: string): AnalysisResult {
  return analyze(HEADER + body, { file: 'main.py', timeBudgetMs: 5000 });
}

const codes = (r: AnalysisResult) => r.diagnostics.map((d) => d.code);

const NET = `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 10), nn.BatchNorm1d(10))

    def forward(self, x):
        return self.body(x)

`;

describe('training mode', () => {
  it('reports a batch of one through BatchNorm in training mode, as torch raises', () => {
    const r = run(`${NET}net = Net()\ny = net(torch.randn(1, 4))\n`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['Expected more than 1 value per channel when training, got input size torch.Size([1, 10])']);
  });

  it.each([
    ['net = Net()\nnet.eval()'],
    ['net = Net().eval()'],
    ['net = Net()\nnet.train(False)'],
    ['net = Net()\nnet.train(mode=False)'],
    ['net = Net().eval()\nnet.requires_grad_()'],
  ])('reaches every submodule after %j', (setup) => {
    const r = run(`${NET}${setup}\ny = net(torch.randn(1, 4))\n`);
    expect(codes(r)).toEqual([]);
  });

  it.each([['net.train()'], ['net.train(True)'], ['net.body.train()']])('turns training back on with %j', (again) => {
    const r = run(`${NET}net = Net().eval()\n${again}\ny = net(torch.randn(1, 4))\n`);
    expect(codes(r)).toEqual(['norm-batch-size']);
  });

  it('sets the mode of a bare layer and of a Sequential', () => {
    const r = run('bn = nn.BatchNorm1d(10).eval()\na = bn(torch.randn(1, 10))\nseq = nn.Sequential(nn.BatchNorm1d(10))\nseq.eval()\nb = seq(torch.randn(1, 10))\n');
    expect(codes(r)).toEqual([]);
  });

  it.each([
    ['an unknown mode', 'def setup(net, flag):\n    net.train(flag)\n    return net(torch.randn(1, 4))\n\ny = setup(Net(), unknown_flag)\n'],
    ['an undecided branch', 'import sys\nnet = Net()\nif len(sys.argv) > 1:\n    net.eval()\ny = net(torch.randn(1, 4))\n'],
  ])('reports nothing mode-dependent after %s', (_, body) => {
    const r = run(`${NET}${body}`);
    expect(codes(r)).toEqual([]);
  });

  it('still reports what fails in either mode when the mode is undecided', () => {
    const r = run('import sys\nbn = nn.BatchNorm1d(10)\nif len(sys.argv) > 1:\n    bn.eval()\ny = bn(torch.randn(1, 12))\n');
    expect(codes(r)).toEqual(['norm-features']);
  });
});

describe('autograd tracking', () => {
  // torch 1.13: max_pool1d on an untracked input returns an empty window count; a tracked input
  // takes the with-indices kernel, which raises.
  const TOO_SMALL = 'Given input size: (2x1x3). Calculated output size: (2x1x0). Output size is too small';
  const CONV = 'conv = nn.Conv1d(2, 2, 1)\n';

  it.each([
    ['the output of a layer with parameters', `${CONV}y = F.max_pool1d(conv(torch.randn(1, 2, 3)), 5)\n`],
    ['an op on a tracked tensor', `${CONV}h = conv(torch.randn(1, 2, 3)) * 2\ny = F.max_pool1d(h, 5)\n`],
    ['a tensor made with requires_grad=True', 'x = torch.randn(1, 2, 3, requires_grad=True)\ny = nn.MaxPool1d(5)(x)\n'],
    ['an nn.Parameter', 'w = nn.Parameter(torch.randn(1, 2, 3))\ny = F.max_pool1d(w, 5)\n'],
  ])('takes the tracked kernel for %s', (_, body) => {
    const r = run(body);
    expect(r.diagnostics.map((d) => d.message)).toEqual([TOO_SMALL]);
  });

  it.each([
    ['a plain torch.randn', 'x = torch.randn(1, 2, 3)\ny = F.max_pool1d(x, 5)\n'],
    ['with torch.no_grad()', `${CONV}with torch.no_grad():\n    y = F.max_pool1d(conv(torch.randn(1, 2, 3)), 5)\n`],
    ['a @torch.no_grad() function', `${CONV}@torch.no_grad()\ndef pool(x):\n    return F.max_pool1d(conv(x), 5)\n\ny = pool(torch.randn(1, 2, 3))\n`],
    ['.detach()', `${CONV}y = F.max_pool1d(conv(torch.randn(1, 2, 3)).detach(), 5)\n`],
    ['a grad mode the analysis cannot tell', `${CONV}with torch.set_grad_enabled(flag):\n    y = F.max_pool1d(conv(torch.randn(1, 2, 3)), 5)\n`],
  ])('takes the untracked kernel, which returns no windows, for %s', (_, body) => {
    const r = run(body);
    expect(r.diagnostics).toEqual([]);
    expect(r.shapes.find((s) => s.name === 'y')?.shape).toEqual([1, 2, 0]);
  });
});

describe('functional previews', () => {
  const site = (r: AnalysisResult, line: number) => r.layerSites.find((s) => s.range.line === line + 3)?.preview;

  it('gives the Kernel Lab a functional convolution with its kernel size and the kernel the code writes', () => {
    const r = run('img = torch.rand(1, 1, 8, 8)\nw = torch.tensor([[[[0., -1., 0.], [-1., 4., -1.], [0., -1., 0.]]]])\nedges = F.conv2d(img, w, stride=2)\n');
    expect(site(r, 3)).toMatchObject({ op: 'F.conv2d', config: { kernel_size: [3, 3], stride: [2, 2] }, weight: [0, -1, 0, -1, 4, -1, 0, -1, 0], weightShape: [1, 1, 3, 3], outputShape: [1, 1, 3, 3] });
  });

  it('names a functional activation’s kind, as the lab draws it', () => {
    const r = run('x = torch.rand(1, 1, 8, 8)\ny = F.leaky_relu(x, 0.2)\n');
    expect(site(r, 2)).toMatchObject({ op: 'F.leaky_relu', config: { kind: 'leaky_relu', alpha: 0.2 } });
  });
});

describe('frozen parameters', () => {
  const SHORT = 'conv = nn.Conv1d(2, 2, 1)\n';
  const POOL = 'y = F.max_pool1d(conv(torch.randn(1, 2, 3)), 5)\n';

  it.each([
    ['requires_grad_(False) on the layer', `${SHORT}conv.requires_grad_(False)\n${POOL}`],
    ['requires_grad_(False) on a Sequential holding it', `${SHORT}nn.Sequential(conv).requires_grad_(False)\n${POOL}`],
    ['a loop setting p.requires_grad = False', `${SHORT}for p in conv.parameters():\n    p.requires_grad = False\n${POOL}`],
  ])('does not take the tracked kernel after %s', (_, body) => {
    const r = run(body);
    expect(r.diagnostics).toEqual([]);
  });

  it('takes it again after requires_grad_() turns tracking back on', () => {
    const r = run(`${SHORT}conv.requires_grad_(False)\nconv.requires_grad_()\n${POOL}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['pool-output-too-small']);
  });
});

describe('tensors asked to track', () => {
  const TOO_SMALL = 'pool-output-too-small';
  it.each([
    ['x.requires_grad_() in place', 'x = torch.randn(1, 2, 3)\nx.requires_grad_()\ny = F.max_pool1d(x, 5)\n'],
    ['requires_grad=True under no_grad', 'with torch.no_grad():\n    x = torch.randn(1, 2, 3, requires_grad=True)\ny = F.max_pool1d(x, 5)\n'],
  ])('takes the tracked kernel after %s', (_, body) => {
    expect(run(body).diagnostics.map((d) => d.code)).toEqual([TOO_SMALL]);
  });

  it('leaves x untracked after x.requires_grad_(False)', () => {
    expect(run('x = torch.randn(1, 2, 3)\nx.requires_grad_(False)\ny = F.max_pool1d(x, 5)\n').diagnostics).toEqual([]);
  });
});

describe('self.training', () => {
  // Flattens while training, keeps the map in evaluation: the branch taken shows in y's shape.
  const FLAT = `class Flat(nn.Module):
    def forward(self, x):
        if self.training:
            return x.flatten(1)
        return x

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.flat = Flat()

    def forward(self, x):
        return self.flat(x)

`;
  const TRAINING = [2, 12];
  const EVALUATING = [2, 3, 4];
  const shapeOf = (body: string, name = 'y') => {
    const r = run(`${FLAT}${body}`);
    // No error nor warning; where Net.forward is only reached through another path, an information says it had no input.
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
    return r.shapes.filter((s) => s.name === name).at(-1)?.shape ?? null;
  };
  const CALL = 'y = net(torch.randn(2, 3, 4))\n';

  it.each([
    ['as torch builds it', 'net = Net()\n', TRAINING],
    ['after .eval()', 'net = Net()\nnet.eval()\n', EVALUATING],
    ['after .eval() then .train()', 'net = Net().eval()\nnet.train()\n', TRAINING],
    ['after .train(False)', 'net = Net()\nnet.train(False)\n', EVALUATING],
    ['after .train(mode=True) on a model in evaluation', 'net = Net().eval()\nnet.train(mode=True)\n', TRAINING],
    ['after .eval() on a Sequential holding it', 'net = Net()\nnn.Sequential(net).eval()\n', EVALUATING],
  ])('takes the branch of the mode %s', (_, setup, shape) => {
    expect(shapeOf(`${setup}${CALL}`)).toEqual(shape);
  });

  it("gives a submodule its parent's .eval()", () => {
    expect(shapeOf(`net = Net()\nnet.eval()\ny = net.flat(torch.randn(2, 3, 4))\n`)).toEqual(EVALUATING);
  });

  it('sets only the module whose training is assigned, as a plain attribute', () => {
    const body = 'net = Net()\nnet.flat.training = False\ny = net(torch.randn(2, 3, 4))\nz = torch.randn(2, 3, 4)\nif net.training:\n    z = z.flatten(1)\n';
    expect(shapeOf(body)).toEqual(EVALUATING);
    expect(shapeOf(body, 'z')).toEqual(TRAINING);
  });

  it('reads the mode of a layer and a Sequential', () => {
    const r = run('seq = nn.Sequential(nn.BatchNorm1d(4)).eval()\nx = torch.randn(2, 4)\nif seq.training or seq[0].training:\n    x = x.flatten()\n');
    expect(r.shapes.filter((s) => s.name === 'x').map((s) => s.shape)).toEqual([[2, 4]]);
  });

  it('follows super().train(mode) in a class overriding train', () => {
    const override = 'class Frozen(Net):\n    def train(self, mode=True):\n        super().train(mode)\n        return self\n\nnet = Frozen()\n';
    expect(shapeOf(`${override}net.train(False)\n${CALL}`)).toEqual(EVALUATING);
    expect(shapeOf(`${override}net.eval()\nnet.train()\n${CALL}`)).toEqual(TRAINING);
  });

  it.each([
    ['.eval() in an undecided branch', 'import sys\nnet = Net()\nif len(sys.argv) > 1:\n    net.eval()\n'],
    ['.train(flag) with a flag it does not know', 'net = Net()\nnet.train(unknown_flag)\n'],
    ['training assigned in an undecided branch', 'import sys\nnet = Net()\nif len(sys.argv) > 1:\n    net.flat.training = False\n'],
  ])('leaves the mode unknown after %s, reporting nothing', (_, setup) => {
    expect(shapeOf(`${setup}${CALL}`)).toBeNull();
  });

  it('stays decided when the undecided branch sets the mode it already has', () => {
    expect(shapeOf(`import sys\nnet = Net()\nif len(sys.argv) > 1:\n    net.train()\n${CALL}`)).toEqual(TRAINING);
  });
});
