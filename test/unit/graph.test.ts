import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { LayerGraph } from '../../src/core/api';

function graphOf(file: string, model: string): LayerGraph {
  const result = analyze(readFileSync(file, 'utf8'), { file });
  const graph = result.modules.find((m) => m.name === model)?.graph;
  if (!graph) throw new Error(`no graph for ${model}`);
  return graph;
}

/** `op path shape <- inputs` per node: what the diagram and the walk read. */
function lines(g: LayerGraph): string[] {
  return g.nodes.map((n) => `${n.op}${n.path ? ` ${n.path}` : ''} ${JSON.stringify(n.shape)}${n.inputs.length ? ` <- ${n.inputs.join(',')}` : ''}`);
}

describe('layer graph', () => {
  it('records LeNet-5 as a chain of its layers and functional ops with torch shapes', () => {
    const g = graphOf('examples/lenet.py', 'LeNet5');
    expect(lines(g)).toEqual([
      'input [1,1,32,32]',
      'Conv2d conv1 [1,6,28,28] <- 0',
      'relu [1,6,28,28] <- 1',
      'MaxPool2d pool [1,6,14,14] <- 2',
      'Conv2d conv2 [1,16,10,10] <- 3',
      'relu [1,16,10,10] <- 4',
      'MaxPool2d pool [1,16,5,5] <- 5',
      'flatten [1,400] <- 6',
      'Linear fc1 [1,120] <- 7',
      'relu [1,120] <- 8',
      'Linear fc2 [1,84] <- 9',
      'relu [1,84] <- 10',
      'Linear fc3 [1,10] <- 11',
    ]);
    expect(g.outputs).toEqual([12]);
    expect(g.nodes[1].config).toMatchObject({ in_channels: 1, out_channels: 6, kernel_size: [5, 5], stride: [1, 1], padding: [0, 0] });
    expect(g.nodes[3].config).toMatchObject({ kernel_size: 2, stride: 2 });
  });

  it('records a residual block with its downsample shortcut as a branch merged by +', () => {
    const g = graphOf('test/corpus/valid/resnet_basicblock.py', 'BasicBlock');
    const add = g.nodes.find((n) => n.op === '+');
    expect(add?.inputs.map((i) => g.nodes[i].path)).toEqual(['bn2', 'downsample.1']);
    const shortcut = g.nodes.find((n) => n.path === 'downsample.0');
    expect(shortcut?.inputs).toEqual([0]);
    expect(g.nodes[g.outputs[0]]).toMatchObject({ op: 'ReLU', shape: [2, 128, 28, 28] });
  });

  it('records U-Net skips as concatenations of encoder outputs with upsampled decoder maps', () => {
    const g = graphOf('test/corpus/valid/unet.py', 'UNet');
    const cats = g.nodes.filter((n) => n.op === 'cat');
    expect(cats.map((c) => c.inputs.map((i) => g.nodes[i].shape))).toEqual([
      [[1, 64, 15, 15], [1, 64, 15, 15]],
      [[1, 32, 30, 30], [1, 32, 30, 30]],
      [[1, 16, 60, 60], [1, 16, 60, 60]],
    ]);
    expect(g.nodes.every((n, i) => n.id === i && n.inputs.every((j) => j < i))).toBe(true);
  });

  it('keeps a module the engine does not model as an unknown node in the chain', () => {
    const src = 'import torch\nimport torch.nn as nn\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Conv2d(3, 8, 3)\n        self.b = nn.FancyThing(8)\n    def forward(self, x):\n        return self.b(self.a(x))\nm = M()\ny = m(torch.randn(1, 3, 16, 16))\n';
    const g = analyze(src, { file: 'm.py' }).modules.find((m) => m.name === 'M')?.graph;
    expect(g?.nodes.map((n) => [n.op, n.shape])).toEqual([
      ['input', [1, 3, 16, 16]],
      ['Conv2d', [1, 8, 14, 14]],
      ['unknown', null],
    ]);
    expect(g?.nodes[2].unknownReason).toContain('FancyThing');
  });
});

describe('layer graph robustness', () => {
  it('survives a list that contains itself passed to torch.cat', () => {
    const src = 'import torch\nimport torch.nn as nn\nclass M(nn.Module):\n    def forward(self, x):\n        a = [x]\n        a.append(a)\n        return torch.cat([x, x], 1)\nm = M()\ny = m(torch.randn(1, 2, 4, 4))\n';
    const result = analyze(src, { file: 'm.py' });
    expect(result.modules.find((m) => m.name === 'M')?.graph?.nodes.map((n) => n.op)).toEqual(['input', 'cat']);
  });
});
