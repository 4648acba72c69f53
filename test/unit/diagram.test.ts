import { readFileSync } from 'node:fs';
import sax from 'sax';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { LayerGraph } from '../../src/core/api';
import { formatShapeList } from '../../src/core/dims';
import { architectureSvg, diagramBlocks } from '../../src/core/diagram';

function graphOf(file: string, model: string, source = readFileSync(file, 'utf8')): LayerGraph {
  const graph = analyze(source, { file }).modules.find((m) => m.name === model)?.graph;
  if (!graph) throw new Error(`no graph for ${model}`);
  return graph;
}

/** Parses the SVG with a strict XML parser; returns the text of every element and the root's name. */
function parseSvg(svg: string): { root: string; texts: string[]; shapes: string[]; kernels: number; paths: number } {
  const parser = sax.parser(true, {});
  const out = { root: '', texts: [] as string[], shapes: [] as string[], kernels: 0, paths: 0 };
  const open: string[] = [];
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (tag) => {
    if (!out.root) out.root = tag.name;
    open.push(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (attrs.class === 'block') out.shapes.push(attrs['data-shape']);
    if (attrs.class === 'kernel') out.kernels++;
    if (tag.name === 'path' && attrs['marker-end']) out.paths++;
  };
  parser.onclosetag = () => open.pop();
  parser.ontext = (t) => {
    if (open[open.length - 1] === 'text') out.texts.push(t);
  };
  parser.write(svg).close();
  return out;
}

const EXAMPLES = [
  { file: 'examples/lenet.py', model: 'LeNet5', style: 'chain' },
  { file: 'test/corpus/valid/vgg_config.py', model: 'VGG', style: 'chain' },
  { file: 'test/corpus/valid/resnet_small.py', model: 'ResNet', style: 'graph' },
  { file: 'test/corpus/valid/unet.py', model: 'UNet', style: 'graph' },
  { file: 'test/corpus/valid/inception_branches.py', model: 'InceptionA', style: 'graph' },
];

describe('architecture diagram', () => {
  for (const ex of EXAMPLES) {
    it(`${ex.model}: well-formed SVG that shows every layer and its torch shape`, () => {
      const graph = graphOf(ex.file, ex.model);
      const svg = architectureSvg(ex.model, graph);
      const parsed = parseSvg(svg);
      expect(parsed.root).toBe('svg');
      // Every op of the forward is named on the diagram, and every tensor's shape is written.
      for (const node of graph.nodes) {
        expect(parsed.shapes).toContain(formatShapeList(node.shape ?? []));
        if (node.path) expect(parsed.texts.some((t) => t.startsWith(`${node.path} · `) || t.split(' · ').includes(node.op))).toBe(true);
      }
      expect(parsed.shapes.length).toBe(diagramBlocks(graph).length);
      if (ex.style === 'chain') expect(parsed.kernels).toBeGreaterThan(0);
      else expect(parsed.paths).toBeGreaterThanOrEqual(graph.nodes.filter((n) => n.inputs.length > 1).length * 2);
    });
  }

  it('draws LeNet-5 in the LeNet style: its maps and vectors in order with kernels between the maps', () => {
    const parsed = parseSvg(architectureSvg('LeNet5', graphOf('examples/lenet.py', 'LeNet5')));
    expect(parsed.shapes).toEqual(['[1, 1, 32, 32]', '[1, 6, 28, 28]', '[1, 6, 14, 14]', '[1, 16, 10, 10]', '[1, 16, 5, 5]', '[1, 400]', '[1, 120]', '[1, 84]', '[1, 10]']);
    expect(parsed.texts).toContain('conv1 · Conv2d 5×5');
    expect(parsed.texts).toContain('pool · MaxPool2d 2×2 /2×2');
    // conv1, pool, conv2, pool: four windows drawn on the maps they read.
    expect(parsed.kernels).toBe(4);
  });

  it('folds activations and norms into their layer but never a shape-keeping convolution', () => {
    const blocks = diagramBlocks(graphOf('test/corpus/valid/unet.py', 'UNet'));
    const inc = blocks.filter((b) => b.first.path?.startsWith('inc.'));
    expect(inc.map((b) => b.lines)).toEqual([
      ['inc.double_conv.0 · Conv2d 3×3', 'BatchNorm2d · ReLU'],
      ['inc.double_conv.3 · Conv2d 3×3', 'BatchNorm2d · ReLU'],
    ]);
  });

  it('writes names from the code as text, escaped, and an unknown layer as a dashed box saying unknown', () => {
    const src = 'import torch\nimport torch.nn as nn\nclass Odd(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 4, 3)\n        self.mystery = nn.NotARealLayer()\n    def forward(self, x):\n        return self.mystery(self.conv(x))\nm = Odd()\ny = m(torch.randn(1, 3, 8, 8))\n';
    const svg = architectureSvg('Odd <&> "model"', graphOf('odd.py', 'Odd', src));
    const parsed = parseSvg(svg);
    expect(parsed.texts).toContain('Odd <&> "model"');
    expect(parsed.shapes).toEqual(['[1, 3, 8, 8]', '[1, 4, 6, 6]', 'unknown']);
    expect(svg).toContain('stroke-dasharray');
  });
});
