/**
 * What a diagram draws: the layer graph with shape-preserving per-element ops (activations,
 * normalisation, dropout) folded into the block of the layer that feeds them, so a block reads
 * "Conv2d 3×3 · BatchNorm2d · ReLU" and each drawn map is a tensor whose shape changed or that a
 * branch or merge needs. Every folded op keeps its name on the block, and its shape is the block's.
 */
import type { LayerGraph, LayerGraphNode, Shape } from '../api';
import { formatShapeList } from '../dims';

export interface DiagramBlock {
  /** The op that made the block's shape (a layer, a merge, the input). */
  first: LayerGraphNode;
  /** The graph node whose output the block shows (the last op folded into it). */
  node: LayerGraphNode;
  /** Ops in the block, first the one that changed the shape: `["conv1 · Conv2d 5×5", "relu"]`. */
  ops: string[];
  /** The lines a diagram writes: the first op, then the folded ops' names joined (`BatchNorm2d · ReLU`). */
  lines: string[];
  shape: Shape;
  /** Indices of the blocks feeding this one. */
  inputs: number[];
  unknown: boolean;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}

function numbers(v: unknown): number[] | undefined {
  if (typeof v === 'number') return [v];
  return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
}

/** `2×2` for a square or uniform tuple's per-dim values, `3×1` otherwise. */
function perDim(v: number[], rank: number): string {
  const full = v.length === 1 ? Array<number>(rank).fill(v[0]) : v;
  return full.join('×');
}

/** A short description of one op: `Conv2d 5×5`, `MaxPool2d 2×2 /2`, `cat dim=1`, `+`. */
export function opLabel(n: LayerGraphNode): string {
  const c = n.config ?? {};
  const kernel = numbers(c.kernel_size);
  let text = n.op;
  if (kernel) {
    const rank = Math.max(kernel.length, 2);
    text += ` ${perDim(kernel, rank)}`;
    const stride = numbers(c.stride);
    if (stride && stride.some((s) => s !== 1)) text += ` /${perDim(stride, rank)}`;
  } else if (n.op === 'cat' && typeof c.dim === 'number') text += ` dim=${c.dim}`;
  return n.path ? `${n.path} · ${text}` : text;
}

export function shapeLabel(shape: Shape): string {
  return shape ? formatShapeList(shape) : 'unknown';
}

/**
 * Ops that act element by element (activations, normalisation, dropout, copies) or only pad by
 * zero: folded when their shape is their input's, so they never hide a layer that mixes values.
 */
const ELEMENTWISE =
  /^(relu6?|leaky_?relu|prelu|r?relu|elu|selu|celu|gelu|silu|mish|sigmoid|tanh|hard\w+|softplus|softsign|logsigmoid|tanhshrink|threshold|batch_?norm\dd|batch_?norm|group_?norm|layer_?norm|instance_?norm(\dd)?|local_?response_?norm|(alpha_?|feature_?alpha_?)?dropout(\dd)?|identity|contiguous|clone|detach|float|to|pad)$/i;

/** Whether a node only transforms values element by element, keeping its single input's shape. */
function foldable(n: LayerGraphNode, graph: LayerGraph): boolean {
  if (n.inputs.length !== 1 || !ELEMENTWISE.test(n.op) || n.kind === 'input') return false;
  const source = graph.nodes[n.inputs[0]];
  return source.kind !== 'input' && sameShape(source.shape, n.shape);
}

export function diagramBlocks(graph: LayerGraph): DiagramBlock[] {
  const consumers = new Map<number, number>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const blocks: DiagramBlock[] = [];
  const blockOf = new Map<number, number>();
  for (const n of graph.nodes) {
    const sourceBlock = n.inputs.length === 1 ? blockOf.get(n.inputs[0]) : undefined;
    if (sourceBlock !== undefined && consumers.get(n.inputs[0]) === 1 && foldable(n, graph)) {
      const b = blocks[sourceBlock];
      b.ops.push(opLabel(n));
      b.lines[1] = b.lines.length > 1 ? `${b.lines[1]} · ${n.op}` : n.op;
      b.node = n;
      blockOf.set(n.id, sourceBlock);
      continue;
    }
    blockOf.set(n.id, blocks.length);
    blocks.push({
      first: n,
      node: n,
      ops: [n.kind === 'input' ? 'input' : opLabel(n)],
      lines: [n.kind === 'input' ? 'input' : opLabel(n)],
      shape: n.shape,
      inputs: n.inputs.map((i) => blockOf.get(i)).filter((b): b is number => b !== undefined),
      unknown: n.kind === 'unknown' || n.shape === null,
    });
  }
  return blocks;
}

/** A straight model: each block reads the one before it and nothing branches. */
export function isChain(blocks: readonly DiagramBlock[]): boolean {
  return blocks.every((b, i) => (i === 0 ? b.inputs.length === 0 : b.inputs.length === 1 && b.inputs[0] === i - 1));
}

/** The diagram as one sentence, for its `<desc>` (screen readers, search). */
export function describe(title: string, blocks: readonly DiagramBlock[]): string {
  return `Architecture of ${title}: ${blocks.map((b) => `${b.ops.join(', ')} → ${shapeLabel(b.shape)}`).join('; ')}`;
}
