import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import { dimToJson } from '../../src/core/dims';
import { createReferenceBackend } from '../../webview/conv/reference';
import type { ConvBackend, FeatureMap } from '../../webview/conv/types';
import { createWasmBackend } from '../../webview/conv/wasm';
import { seededRandom } from '../../webview/lab/kernels';
import { walkSteps, type StepResult, type WalkNode } from '../../webview/walk/compute';

interface Stats {
  shape: number[];
  mean: number;
  min: number;
  max: number;
  samples: [number, number][];
}

interface WalkFixture {
  source: string;
  model: string;
  seed: number;
  inputSeed: number;
  nodes: { id: number; path: string }[];
  conv1?: { weight: number[]; bias: number[]; output: number[] };
  steps: Record<string, Stats>;
  /** Each op the walk lists and torch's shape of its output. */
  walk: [string, number[]][];
}

const fixture = (name: string): WalkFixture => JSON.parse(readFileSync(`test/fixtures/walk/${name}.json`, 'utf8'));

/** The model's layer graph as the host sends it to the walk. */
function walkNodes(file: string, model: string): WalkNode[] {
  const graph = analyze(readFileSync(file, 'utf8'), { file }).modules.find((m) => m.name === model)?.graph;
  if (!graph) throw new Error(`no graph for ${model}`);
  return graph.nodes.map((n) => ({ ...n, shape: n.shape && n.shape.map(dimToJson) }));
}

/** The sample the generator fed torch: uniform values from mulberry32(inputSeed), as float32. */
function sampleInput(seed: number, channels: number, height: number, width: number): FeatureMap {
  const random = seededRandom(seed);
  return { channels, height, width, data: Float32Array.from({ length: channels * height * width }, () => random()) };
}

function run(f: WalkFixture, backend: ConvBackend): { nodes: WalkNode[]; results: Map<number, StepResult> } {
  const nodes = walkNodes(f.source, f.model);
  const [, c, h, w] = nodes[0].shape as number[];
  const results = new Map<number, StepResult>();
  for (const { node, result } of walkSteps(nodes, sampleInput(f.inputSeed, c, h, w), backend, f.seed)) results.set(node.id, result);
  return { nodes, results };
}

function mapOf(result: StepResult | undefined): FeatureMap {
  if (!result || !('map' in result)) throw new Error(`not computed: ${JSON.stringify(result)}`);
  return result.map;
}

function expectStats(map: FeatureMap, want: Stats): void {
  expect([1, map.channels, map.height, map.width].slice(4 - want.shape.length)).toEqual(want.shape);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of map.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  expect(Math.abs(min - want.min)).toBeLessThan(1e-4);
  expect(Math.abs(max - want.max)).toBeLessThan(1e-4);
  expect(Math.abs(sum / map.data.length - want.mean)).toBeLessThan(1e-4);
  for (const [i, v] of want.samples) expect(Math.abs(map.data[i] - v)).toBeLessThan(1e-4);
}

/** dist/conv.wasm is built by `npm run build`, as the conv tests expect too. */
const BACKENDS: Record<string, () => Promise<ConvBackend>> = {
  typescript: async () => createReferenceBackend(),
  'wasm-simd': () => createWasmBackend(readFileSync(join('dist', 'conv.wasm'))),
};

describe('model walk against torch', () => {
  for (const [name, make] of Object.entries(BACKENDS)) {
    it(`LeNet-5 (${name} backend): the first conv's maps equal torch's F.conv2d with the same weights within 1e-4, and every spatial layer after it`, async () => {
      const f = fixture('lenet');
      const { nodes, results } = run(f, await make());
      for (const n of f.nodes) expect(nodes[n.id].path).toBe(n.path);
      const conv1 = mapOf(results.get(1));
      expect(conv1.data.length).toBe(f.conv1!.output.length);
      let worst = 0;
      conv1.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - f.conv1!.output[i]))));
      expect(worst).toBeLessThan(1e-4);
      for (const [id, want] of Object.entries(f.steps)) expectStats(mapOf(results.get(Number(id))), want);
      // flatten and the Linear layers are shape-only: shown with torch's shape, never with made-up maps.
      expect(nodes.slice(7).map((n) => [n.op, n.shape, 'shapeOnly' in results.get(n.id)!])).toEqual([
        ['flatten', [1, 400], true],
        ['Linear', [1, 120], true],
        ['relu', [1, 120], true],
        ['Linear', [1, 84], true],
        ['relu', [1, 84], true],
        ['Linear', [1, 10], true],
      ]);
    });
  }

  it('a ResNet BasicBlock with a downsample shortcut: every step, the add included, equals torch in eval mode', async () => {
    const f = fixture('basicblock');
    // 190 M multiply-adds: the SIMD backend, itself checked against torch and the reference.
    const { nodes, results } = run(f, await BACKENDS['wasm-simd']());
    for (const n of f.nodes) expect(nodes[n.id].path).toBe(n.path);
    expect(nodes[8].op).toBe('+');
    for (const [id, want] of Object.entries(f.steps)) expectStats(mapOf(results.get(Number(id))), want);
  });

  it('a decoder step: transposed conv, pad, interpolate, cat and pixel shuffle equal torch running the same program', () => {
    const f = fixture('upsample');
    const { nodes, results } = run(f, createReferenceBackend());
    expect(nodes.map((n) => [n.op, n.shape])).toEqual(f.walk);
    for (const n of f.nodes) expect(nodes[n.id].path).toBe(n.path);
    for (const n of nodes) expect('map' in results.get(n.id)!).toBe(true);
    for (const [id, want] of Object.entries(f.steps)) expectStats(mapOf(results.get(Number(id))), want);
  });

  it('re-rolling the seed draws other weights with the same init bounds', () => {
    const f = fixture('lenet');
    const nodes = walkNodes(f.source, f.model);
    const input = sampleInput(f.inputSeed, 1, 32, 32);
    const first = [...walkSteps(nodes.slice(0, 2), input, createReferenceBackend(), f.seed)][1].result;
    const other = [...walkSteps(nodes.slice(0, 2), input, createReferenceBackend(), f.seed + 1)][1].result;
    expect(mapOf(other).data).not.toEqual(mapOf(first).data);
  });
});

describe('model walk without numbers to draw', () => {
  it('makes a model with a symbolic input size shape-only, saying which dims are symbolic', () => {
    const src = 'import torch.nn as nn\nclass M(nn.Module):  # convlens: input (B, 3, H, W)\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(3, 8, 3)\n    def forward(self, x):\n        return self.conv(x)\nm = M()\n';
    const graph = analyze(src, { file: 'm.py' }).modules.find((m) => m.name === 'M')?.graph;
    const nodes = graph!.nodes.map((n) => ({ ...n, shape: n.shape && n.shape.map(dimToJson) }));
    const results = [...walkSteps(nodes, sampleInput(1, 3, 8, 8), createReferenceBackend(), 42)].map((s) => s.result);
    expect(results).toEqual([
      { shapeOnly: 'its size is symbolic (B, H, W): declare a concrete input shape to walk it' },
      { shapeOnly: 'its size is symbolic (B, H - 2, W - 2): declare a concrete input shape to walk it' },
    ]);
  });
});
