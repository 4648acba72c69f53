/**
 * The shape engine's behaviour as a user meets it: shapes of tensors through Python's control
 * flow, where input shapes come from, hovers, quick fixes, and the incremental session.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisSession, analyze } from '../../src/core/analyze';
import type { AnalysisResult, Shape } from '../../src/core/api';
import { dimToJson } from '../../src/core/dims';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

function run(body: string, files: Record<string, string> = {}, file = 'main.py'): AnalysisResult {
  return analyze(HEADER + body, { file, readFile: (p) => files[p], timeBudgetMs: 5000 });
}

const json = (s: Shape) => (s === null ? null : s.map(dimToJson));

/** Shape of `name` at the statement on `line` of the body (1-based, after the header). */
function shapeAt(r: AnalysisResult, line: number, name: string): unknown {
  const e = r.shapes.find((s) => s.line === line + 3 && s.name === name);
  return e ? json(e.shape) : 'no entry';
}

function applyFix(source: string, r: AnalysisResult, code: string): string {
  const d = r.diagnostics.find((x) => x.code === code);
  if (!d || d.fixes.length === 0) throw new Error(`no fix for ${code}`);
  const lines = source.split('\n');
  const edits = [...d.fixes[0].edits].sort((a, b) => b.range.line - a.range.line || b.range.column - a.range.column);
  for (const e of edits) {
    const offset = (line: number, col: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
    const text = lines.join('\n');
    const next = text.slice(0, offset(e.range.line, e.range.column)) + e.newText + text.slice(offset(e.range.endLine, e.range.endColumn));
    lines.splice(0, lines.length, ...next.split('\n'));
  }
  return lines.join('\n');
}

describe('control flow', () => {
  it('takes the branch a known condition decides and joins undecided ones', () => {
    const r = run(
      [
        'x = torch.randn(2, 3, 8, 8)',
        'down = True',
        'if down:',
        '    y = nn.MaxPool2d(2)(x)',
        'else:',
        '    y = x',
        'def f(x, flag):',
        '    if flag:',
        '        z = x * 2',
        '    else:',
        '        z = nn.MaxPool2d(2)(x)',
        '    return z',
        'w = f(x, torch.randn(1).item())',
      ].join('\n'),
    );
    expect(shapeAt(r, 4, 'y')).toEqual([2, 3, 4, 4]);
    expect(shapeAt(r, 13, 'w')).toEqual([2, 3, null, null]);
  });

  it('unrolls loops with history and widens a loop too long to unroll', () => {
    const r = run(['x = torch.randn(1, 4, 32, 32)', 'for i in range(3):', '    x = F.max_pool2d(x, 2)', 'for i in range(10**9):', '    x = F.max_pool2d(x, 2)', 'y = x'].join('\n'));
    const entry = r.shapes.find((s) => s.line === 6 && s.name === 'x');
    expect(json(entry!.shape)).toEqual([1, 4, 4, 4]);
    expect(entry!.history!.map(json)).toEqual([
      [1, 4, 16, 16],
      [1, 4, 8, 8],
      [1, 4, 4, 4],
    ]);
    expect(r.shapes.find((s) => s.line === 9 && s.name === 'y')?.shape ?? null).toBeNull();
  });

  it('follows helpers, *args, **kwargs, comprehensions, zip and enumerate', () => {
    const r = run(
      [
        'def conv3x3(cin, cout, stride=1, **kw):',
        '    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, **kw)',
        'def stack(*layers):',
        '    return nn.Sequential(*layers)',
        'widths = [8, 16, 32]',
        'net = stack(*[conv3x3(a, b, stride=2, bias=False) for a, b in zip([3] + widths[:-1], widths)])',
        'x = torch.randn(1, 3, 64, 64)',
        'for i, layer in enumerate(net):',
        '    x = layer(x)',
      ].join('\n'),
    );
    expect(shapeAt(r, 9, 'x')).toEqual([1, 32, 8, 8]);
    expect(r.modules.find((m) => m.name === 'net')?.params).toBe(3 * 8 * 9 + 8 * 16 * 9 + 16 * 32 * 9);
  });

  it('evaluates forward once per call site, with the history of each statement', () => {
    const r = run(
      [
        'class Net(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)',
        '    def forward(self, x):',
        '        y = self.conv(x)',
        '        return y',
        'net = Net()',
        'a = net(torch.randn(1, 3, 32, 32))',
        'b = net(torch.randn(4, 3, 64, 64))',
      ].join('\n'),
    );
    const y = r.shapes.find((s) => s.scope === 'Net.forward' && s.name === 'y');
    expect(y!.history!.map(json)).toEqual([
      [1, 8, 16, 16],
      [4, 8, 32, 32],
    ]);
    expect(r.modules[0]).toMatchObject({ name: 'Net', params: 3 * 8 * 9 + 8, inputShape: [1, 3, 32, 32] });
  });
});

describe('input shapes', () => {
  it('uses a convlens: input declaration with symbolic dims kept through the formulas', () => {
    const r = run(
      [
        'class Net(nn.Module):  # convlens: input (B, 3, H, W)',
        '    def __init__(self):',
        '        super().__init__()',
        '        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)',
        '    def forward(self, x):',
        '        y = self.conv(x)',
        '        return y',
      ].join('\n'),
    );
    expect(shapeAt(r, 6, 'y')).toEqual(['B', 8, '((H - 1) // 2) + 1', '((W - 1) // 2) + 1']);
    expect(r.diagnostics).toEqual([]);
  });

  it('reads jaxtyping annotations', () => {
    const r = run(['def stem(x: Float[Tensor, "batch 3 224 224"]):  # convlens: input (batch, 3, 224, 224)', '    y = nn.Conv2d(3, 64, 7, stride=2, padding=3)(x)', '    return y'].join('\n'));
    expect(shapeAt(r, 2, 'y')).toEqual(['batch', 64, 112, 112]);
  });

  it('uses assert x.shape == (...) as a fact', () => {
    const r = run(['def f(x):', '    assert x.shape == (2, 3, 16, 16)', '    y = F.avg_pool2d(x, 2)', '    return y', 'f(load())'].join('\n'));
    expect(shapeAt(r, 3, 'y')).toEqual([2, 3, 8, 8]);
  });

  it('says why a model has no known input, with a fix that declares one', () => {
    const source = HEADER + 'class Net(nn.Module):\n    def forward(self, x):\n        return x\n';
    const r = analyze(source, { file: 'main.py' });
    const d = r.diagnostics.find((x) => x.code === 'unknown-input');
    expect(d).toMatchObject({ severity: 'information', range: { line: 4 } });
    expect(applyFix(source, r, 'unknown-input').split('\n')[3]).toBe('class Net(nn.Module):  # convlens: input (B, C, H, W)');
    expect(analyze(source, { file: 'main.py', defaultInputShape: [1, 3, 8, 8] }).diagnostics).toEqual([]);
  });

  it('suggests a declaration from the channels the model’s first layer takes', () => {
    const source = HEADER + 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.body = nn.Sequential(nn.Conv1d(2, 4, 3))\n    def forward(self, x):\n        return self.body(x)\nnet = Net()\n';
    const r = analyze(source, { file: 'main.py' });
    expect(applyFix(source, r, 'unknown-input').split('\n')[3]).toBe('class Net(nn.Module):  # convlens: input (B, 2, L)');
    const declared = analyze(applyFix(source, r, 'unknown-input'), { file: 'main.py' });
    expect(declared.diagnostics).toEqual([]);
    expect(json(declared.modules[0].outputShape!)).toEqual(['B', 4, 'L - 2']);
  });

  it('resolves workspace imports, relative and absolute, and survives import cycles', () => {
    const files = {
      'pkg/blocks.py': 'import torch.nn as nn\nfrom .util import width\n\ndef block(cin):\n    return nn.Conv2d(cin, width, 1)\n',
      'pkg/util.py': 'from pkg import blocks\nwidth = 12\n',
      'pkg/__init__.py': '',
    };
    const r = run(['from pkg.blocks import block', 'y = block(3)(torch.randn(1, 3, 5, 5))'].join('\n'), files);
    expect(shapeAt(r, 2, 'y')).toEqual([1, 12, 5, 5]);
  });
});

describe('diagnostics and fixes', () => {
  const lenet = [
    'class LeNet(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.conv1 = nn.Conv2d(3, 6, 5)',
    '        self.fc = nn.Linear(6 * 14 * 14, 10)',
    '    def forward(self, x):',
    '        x = F.max_pool2d(F.relu(self.conv1(x)), 2)',
    '        return self.fc(x)',
    'out = LeNet()(torch.randn(1, 1, 32, 32))',
  ].join('\n');

  it('reports torch’s conv message inside forward, related to the call site and the layer, and fixes in_channels', () => {
    const source = HEADER + lenet;
    const r = analyze(source, { file: 'main.py' });
    const d = r.diagnostics.find((x) => x.code === 'conv-channels')!;
    expect(d.message).toBe('Given groups=1, weight of size [6, 3, 5, 5], expected input[1, 1, 32, 32] to have 3 channels, but got 1 channels instead');
    expect(d.range.line).toBe(10);
    expect(d.related.map((x) => x.location.range.line).sort()).toEqual([12, 7]);
    const fixed = applyFix(source, r, 'conv-channels');
    expect(fixed).toContain('nn.Conv2d(1, 6, 5)');
    const again = analyze(fixed, { file: 'main.py' });
    expect(again.diagnostics.map((x) => x.message)).toEqual(['mat1 and mat2 shapes cannot be multiplied (84x14 and 1176x10)']);
    // No cascade: the failed tensor is unknown downstream, not a second error.
    expect(r.diagnostics.filter((x) => x.severity === 'error')).toHaveLength(1);
  });

  it('inserts the missing flatten where a 4-D tensor meets a Linear of the flattened size', () => {
    const source = HEADER + lenet.replace('nn.Conv2d(3, 6, 5)', 'nn.Conv2d(1, 6, 5)');
    const r = analyze(source, { file: 'main.py' });
    const fixed = applyFix(source, r, r.diagnostics[0].code);
    expect(fixed).toContain('        x = torch.flatten(x, 1)\n        return self.fc(x)');
    expect(analyze(fixed, { file: 'main.py' }).diagnostics).toEqual([]);
  });

  it('sets a Linear’s in_features to what it receives', () => {
    const source = HEADER + 'x = torch.randn(8, 120)\nfc = nn.Linear(100, 10)\ny = fc(x)\n';
    const r = analyze(source, { file: 'main.py' });
    const fixed = applyFix(source, r, r.diagnostics[0].code);
    expect(fixed).toContain('nn.Linear(120, 10)');
    expect(analyze(fixed, { file: 'main.py' }).diagnostics).toEqual([]);
  });

  it('reports constructor errors at the constructor', () => {
    const r = run('conv = nn.Conv2d(6, 9, 3, groups=4)\n');
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: 'in_channels must be divisible by groups', range: expect.objectContaining({ line: 4, column: 8 }) })]);
  });

  it('flags a wrong shape comment in every form and fixes it; names match any size', () => {
    const source =
      HEADER +
      [
        'x = torch.randn(2, 3, 8, 8)  # (2, 3, 8, 8)',
        'y = F.max_pool2d(x, 2)  # -> [B, 3, 8, 8]',
        'print(y.shape)',
        '# torch.Size([2, 3, 4, 4])',
        'print(y.size())',
        '# torch.Size([2, 3, 2, 2])',
        'z = y.flatten(1)  # shape: [B, 48]',
      ].join('\n');
    const r = analyze(source, { file: 'main.py' });
    expect(r.diagnostics.map((d) => [d.range.line, d.code])).toEqual([
      [5, 'shape-comment'],
      [9, 'shape-comment'],
    ]);
    expect(r.diagnostics[0].message).toBe('Shape comment says [B, 3, 8, 8], but the shape here is torch.Size([2, 3, 4, 4])');
    const fixed = applyFix(source, r, 'shape-comment');
    expect(fixed).toContain('y = F.max_pool2d(x, 2)  # -> [B, 3, 4, 4]');
  });

  it('does not read prose in parentheses as a shape comment', () => {
    const r = run(['point = torch.zeros(2)  # (x, y) coordinates', 'grid = torch.zeros(4, 4)  # (rows, cols) of the board', 'img = torch.zeros(1, 3, 8, 8)  # [b, c, h, w]', 'bad = torch.zeros(1, 3)  # [batch, 3, 1]'].join('\n'));
    expect(r.diagnostics.map((d) => d.range.line)).toEqual([7]);
  });

  it('never reports an error from unknown or symbolic values', () => {
    const r = run(['x = load_image()', 'y = nn.Conv2d(3, 8, 3)(x)', 'z = nn.Linear(7, 2)(y)', 'def f(t):  # convlens: input (B, C, H, W)', '    return nn.Conv2d(3, 8, 3)(t)'].join('\n'));
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
  });
});

describe('hovers and layer sites', () => {
  it('shows the call’s shape, derivation, layer facts, receptive field and where the input came from', () => {
    const r = run(['x = torch.rand(1, 1, 28, 28)', 'layer = nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=1)', 'out = layer.forward(x)', 'pooled = nn.MaxPool2d(2)(out)'].join('\n'));
    const call = r.hovers.find((h) => h.range.line === 6 && h.layer)!;
    expect(json(call.shape!)).toEqual([1, 3, 28, 28]);
    expect(call.derivation.join('\n')).toMatch(/28/);
    expect(call.layer).toMatchObject({ type: 'Conv2d', params: 30, receptiveField: [3, 3], jump: [1, 1], activationBytes: 1 * 3 * 28 * 28 * 4 });
    const pool = r.hovers.find((h) => h.range.line === 7 && h.layer)!;
    expect(pool.layer).toMatchObject({ receptiveField: [4, 4], jump: [2, 2] });
    const target = r.hovers.find((h) => h.range.line === 6 && h.range.column === 1)!;
    expect(json(target.shape!)).toEqual([1, 3, 28, 28]);
    expect(target.origin).toBe('line 4: torch.rand(1, 1, 28, 28)');
    expect(r.layerSites.some((s) => s.range.line === 5 && s.preview.op === 'Conv2d')).toBe(true);
  });

  it('offers functional convolutions to the Kernel Lab with the weights the code spells out', () => {
    const r = run(['img = torch.rand(1, 1, 8, 8)', 'w = torch.tensor([[[[0., -1., 0.], [-1., 4., -1.], [0., -1., 0.]]]])', 'edges = F.conv2d(img, w, padding=1)'].join('\n'));
    const site = r.layerSites.find((s) => s.range.line === 6)!;
    expect(site.preview).toMatchObject({ op: 'F.conv2d', config: { padding: [1, 1] }, weight: [0, -1, 0, -1, 4, -1, 0, -1, 0], weightShape: [1, 1, 3, 3] });
    expect(json(site.preview.outputShape!)).toEqual([1, 1, 8, 8]);
  });

  it('shows a lazy layer inside nn.Sequential as torch shows it after its first call', () => {
    const r = run(['seq = nn.Sequential(nn.LazyConv1d(4, 3), nn.ReLU())', 'out = seq(torch.randn(5, 6, 12))', 'idle = nn.LazyLinear(2)'].join('\n'));
    const conv = r.hovers.find((h) => h.range.line === 4 && h.range.column === 21)!;
    expect(conv.layer).toMatchObject({ repr: 'Conv1d(6, 4, kernel_size=(3,), stride=(1,))', params: 76 });
    expect(json(conv.shape!)).toEqual([5, 4, 10]);
    // Never called: still the lazy module with no parameters yet.
    expect(r.hovers.find((h) => h.range.line === 6 && h.layer)!.layer).toMatchObject({ repr: 'LazyLinear(in_features=0, out_features=2, bias=True)', params: null });
  });

  it('hovers x.shape with the tensor’s shape', () => {
    const r = run('x = torch.zeros(4, 5)\nprint(x.shape)\n');
    expect(json(r.hovers.find((h) => h.range.line === 5 && h.range.column === 7)!.shape!)).toEqual([4, 5]);
  });
});

describe('configuration objects', () => {
  it('reads a dataclass built with arguments as its generated __init__ stores them', () => {
    const r = run(['from dataclasses import dataclass', '@dataclass', 'class Cfg:', '    width: int = 16', '    size: int = 32', 'cfg = Cfg(8, size=10)', 'y = nn.Conv2d(3, cfg.width, 3)(torch.randn(1, 3, cfg.size, cfg.size))'].join('\n'));
    expect(shapeAt(r, 7, 'y')).toEqual([1, 8, 8, 8]);
  });

  it('does not trust class-level defaults of an object an unseen constructor built with arguments', () => {
    const r = run(['from settings import Base', 'class Cfg(Base):', '    width = 16', 'cfg = Cfg(width=8)', 'x = torch.randn(1, cfg.width, 9, 9)', 'y = nn.Conv2d(8, 4, 3)(x)'].join('\n'));
    // Read as 16, the width would make a false channel error here.
    expect(r.diagnostics).toEqual([]);
    expect(shapeAt(r, 5, 'x')).toEqual([1, null, 9, 9]);
  });
});

describe('names bound in outer scopes', () => {
  it('follows `global` and `nonlocal` assignments to the scope Python binds them in', () => {
    const r = run(['W = 4', 'def widen():', '    global W', '    W = 8', 'widen()', 'a = torch.zeros(1, W)', 'def make():', '    n = 2', '    def bump():', '        nonlocal n', '        n += 3', '    bump()', '    return torch.zeros(n)', 'd = make()'].join('\n'));
    expect(shapeAt(r, 6, 'a')).toEqual([1, 8]);
    expect(shapeAt(r, 14, 'd')).toEqual([5]);
  });

  it('leaves a global unknown when a branch it cannot decide sets it', () => {
    const r = run(['import random', 'W = 4', 'def maybe():', '    global W', '    if random.random() > 0.5:', '        W = 8', 'maybe()', 'a = torch.zeros(W)'].join('\n'));
    expect(shapeAt(r, 8, 'a')).toEqual([null]);
  });
});

describe('errors inside try', () => {
  it('reports no error a handler catches, and runs the handler', () => {
    const r = run(['x = torch.zeros(2, 3)', 'try:', '    y = x.view(4, 2)', 'except Exception:', '    y = x.flatten()', 'z = y'].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(shapeAt(r, 6, 'z')).toEqual([6]);
  });

  it('still reports an error no handler catches', () => {
    const r = run(['x = torch.zeros(2, 3)', 'try:', '    y = x.view(4, 2)', 'except KeyError:', '    y = x.flatten()'].join('\n'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['view-size']);
  });
});

describe('results as hosts receive them', () => {
  it('hands over plain data: what is built on first read survives JSON and structured cloning', () => {
    const r = run(['class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.conv = nn.Conv2d(1, 4, 3)', '    def forward(self, x):', '        return self.conv(x)', 'out = Net()(torch.randn(1, 1, 8, 8))'].join('\n'));
    for (const copy of [JSON.parse(JSON.stringify(r)) as AnalysisResult, structuredClone(r)]) {
      expect(copy.hovers.length).toBeGreaterThan(0);
      expect(copy.layerSites.map((s) => s.preview.op)).toEqual(['Conv2d', 'Conv2d']); // its constructor and its call
      expect(copy.modules[0]).toMatchObject({ name: 'Net', params: 40, macs: 1 * 4 * 6 * 6 * 9 });
      expect(copy.modules[0].summary.map((row) => row.path)).toEqual(['conv']);
      expect(copy.modules[0].graph?.nodes.map((n) => n.op)).toEqual(['input', 'Conv2d']);
    }
  });
});

describe('AnalysisSession', () => {
  it('gives after an incremental edit the same results as a fresh analysis', () => {
    const source = HEADER + 'x = torch.randn(1, 3, 32, 32)\ny = nn.Conv2d(3, 8, 3)(x)\n';
    const session = new AnalysisSession();
    session.analyze(source, { file: 'a.py' });
    const at = source.indexOf('32, 32');
    const text = session.edit('a.py', [{ from: at, to: at + 2, insert: '64' }])!;
    const incremental = session.analyze(text, { file: 'a.py' });
    const fresh = analyze(text, { file: 'a.py' });
    expect(incremental.shapes.map((s) => json(s.shape))).toEqual(fresh.shapes.map((s) => json(s.shape)));
    expect(json(incremental.shapes[1].shape)).toEqual([1, 8, 62, 30]);
  });
});

describe('no false alarms', () => {
  it('reports no error in a branch the analysis cannot decide, and leaves its result unknown', () => {
    const r = run(['def f(x, flag):', '    if flag:', '        y = nn.Conv2d(5, 8, 3)(x)', '    else:', '        y = nn.Conv2d(3, 8, 3)(x)', '    return y', 'out = f(torch.randn(1, 3, 8, 8), torch.rand(1).item() > 0.5)'].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(shapeAt(r, 7, 'out')).toBeNull();
  });

  it('reports no error where only the default input shape setting made the model run', () => {
    const source = HEADER + 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.Conv1d(3, 4, 3)\n    def forward(self, x):\n        y = self.c(x)\n        return y\nnet = Net()\n';
    const r = analyze(source, { file: 'main.py', defaultInputShape: [1, 3, 32, 32, 32] });
    expect(r.diagnostics).toEqual([]);
    expect(analyze(source, { file: 'main.py', defaultInputShape: ['B', 3, 'L'] }).shapes.map((s) => json(s.shape))).toEqual([['B', 4, 'L - 2']]);
  });

  it('does not bind a call whose **kwargs it cannot see (they could change stride or padding)', () => {
    const r = run(['cfg = load_config()', 'y = nn.Conv2d(3, 8, 3, **cfg)(torch.randn(1, 3, 16, 16))'].join('\n'));
    expect(shapeAt(r, 2, 'y')).toBeNull();
    expect(r.diagnostics).toEqual([]);
  });

  it('does not guess which layers a branch it cannot decide added', () => {
    const r = run(
      [
        'class Block(nn.Module):',
        '    def __init__(self, c, use_bn):',
        '        super().__init__()',
        '        layers = [nn.Conv2d(c, c, 3, padding=1)]',
        '        if use_bn:',
        '            layers.append(nn.BatchNorm2d(c))',
        '        self.body = nn.Sequential(*layers)',
        '        if use_bn:',
        '            self.extra = nn.Conv2d(c, c, 1)',
        '    def forward(self, x):',
        '        return self.body(x)',
        'b = Block(4, flags())',
        'y = b(torch.randn(1, 4, 8, 8))',
        'c = Block(4, True)',
      ].join('\n'),
    );
    expect(r.modules.find((m) => m.name === 'Block')?.params).toBe(4 * 4 * 9 + 4 + 8 + 4 * 4 + 4);
    const first = analyze(HEADER + ['class Block(nn.Module):', '    def __init__(self, c, use_bn):', '        super().__init__()', '        layers = [nn.Conv2d(c, c, 3, padding=1)]', '        if use_bn:', '            layers.append(nn.BatchNorm2d(c))', '        self.body = nn.Sequential(*layers)', '    def forward(self, x):', '        return self.body(x)', 'b = Block(4, flags())', 'y = b(torch.randn(1, 4, 8, 8))'].join('\n'), { file: 'main.py' });
    expect(first.modules[0].params).toBeNull();
    expect(first.shapes.find((s) => s.name === 'y')?.shape ?? null).toBeNull();
  });

  it('follows what a branch it cannot decide builds for itself', () => {
    const r = run(['def head(c):', '    layers = [nn.Conv2d(c, 8, 1)]', '    layers.append(nn.ReLU())', '    return nn.Sequential(*layers)', 'if flags():', '    y = head(3)(torch.randn(1, 3, 4, 4))'].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(shapeAt(r, 6, 'y')).toEqual([1, 8, 4, 4]);
  });

  it('does not count parameters of layers spread from a list it cannot follow', () => {
    const r = run(['layers = make_layers()', 'net = nn.Sequential(*layers, nn.Linear(4, 2))', 'y = net(torch.randn(3, 4))'].join('\n'));
    expect(r.modules.find((m) => m.name === 'net')?.params).toBeNull();
    expect(r.diagnostics).toEqual([]);
  });
});
