/**
 * `nn.Unfold` / `F.unfold` (im2col: every sliding block becomes a column) and `nn.Fold` / `F.fold`
 * (col2im, its inverse), with the sliding-window formula convolution uses and torch 1.13's
 * `im2col_shape_check` / `col2im_shape_check` messages.
 *
 * MACs: 0 (a rearrangement).
 */
import { dimDivExact } from '../ops/args';
import { dimMul, dimProduct, type Dim } from '../dims';
import { allKnown, fail, isTensor, notATensor, ntuple, ok, pyRepr, sizeList, tensor, wrapDim } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult, ParamSpec, ShapeError } from './types';
import { windowOutput } from './window';

interface Blocks {
  kernel: Dim[];
  dilation: Dim[];
  padding: Dim[];
  stride: Dim[];
}

/** The window settings as pairs; undefined when one is a list of another length (not tracked). */
function blocksOf(args: BoundArgs): Blocks | undefined {
  const b = { kernel: ntuple(args.kernel_size, 2), dilation: ntuple(args.dilation, 2), padding: ntuple(args.padding, 2), stride: ntuple(args.stride, 2) };
  return Object.values(b).every((v) => v.length === 2) ? b : undefined;
}

const pair = (v: Dim[]) => `(${v.map((d) => pyRepr(d)).join(', ')})`;

/** The argument checks im2col and col2im share, in torch's order. */
function geometryError(b: Blocks): { ok: false; error: ShapeError } | undefined {
  const [kh, kw] = b.kernel, [dh, dw] = b.dilation, [ph, pw] = b.padding, [sh, sw] = b.stride;
  const positive = (a: Dim, c: Dim) => !(typeof a === 'number' && a <= 0) && !(typeof c === 'number' && c <= 0);
  if (!positive(kh, kw)) return fail('unfold-arguments', `kernel size should be greater than zero, but got kernel_height: ${kh} kernel_width: ${kw}`);
  if (!positive(dh, dw)) return fail('unfold-arguments', `dilation should be greater than zero, but got dilation_height: ${dh} dilation_width: ${dw}`);
  if ((typeof ph === 'number' && ph < 0) || (typeof pw === 'number' && pw < 0)) {
    return fail('unfold-arguments', `padding should be non-negative, but got pad_height: ${ph} pad_width: ${pw}`);
  }
  if (!positive(sh, sw)) return fail('unfold-arguments', `stride should be greater than zero, but got stride_height: ${sh} stride_width: ${sw}`);
  return undefined;
}

/** Sliding blocks along H and W, with their derivation lines. */
function blockCounts(b: Blocks, sizes: Dim[]): { counts: Dim[]; derivation: string[] } {
  const lines = ['H', 'W'].map((name, i) =>
    windowOutput(name, sizes[i], { kernel: b.kernel[i], stride: b.stride[i], padding: b.padding[i], dilation: b.dilation[i], ceilMode: false }),
  );
  return { counts: lines.map((l) => l.size), derivation: lines.map((l) => l.derivation.replace('_out', '_blocks')) };
}

function unfoldForward(input: ArgValue | undefined, b: Blocks | undefined): OpResult {
  if (!isTensor(input)) return notATensor('unfold', input);
  const shape = input.shape;
  if (shape === null || !b) return ok(tensor(null));
  const invalid = geometryError(b);
  if (invalid) return invalid;
  // im2col reads input.size(1) and size(2) before it checks the rank.
  for (const index of [1, 2]) {
    const wrapped = wrapDim(index, shape.length);
    if (!wrapped.ok) return wrapped;
  }
  const rank = shape.length;
  if ((rank !== 3 && rank !== 4) || shape.slice(rank === 3 ? 0 : 1).some((d) => d === 0)) {
    return fail('input-rank', `Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${sizeList(shape)}`);
  }
  const [c, h, w] = shape.slice(-3);
  const { counts, derivation } = blockCounts(b, [h, w]);
  if (allKnown(counts) && counts.some((n) => n < 1)) {
    // torch prints the input height twice here.
    return fail(
      'unfold-blocks',
      `Given input with spatial size (${h}, ${h}), kernel_size=${pair(b.kernel)}, dilation=${pair(b.dilation)}, padding=${pair(b.padding)}, calculated shape of the array of sliding blocks as ${pair(counts)}, but its components must be at least one.`,
    );
  }
  const columns = dimMul(c, dimProduct(b.kernel));
  const blocks = dimProduct(counts);
  derivation.push(`L = ${pyRepr(counts[0])}·${pyRepr(counts[1])} = ${pyRepr(blocks)}, C·kH·kW = ${pyRepr(columns)}`);
  return ok(tensor(rank === 4 ? [shape[0], columns, blocks] : [columns, blocks]), { derivation, macs: 0 });
}

function foldForward(input: ArgValue | undefined, outputSize: Dim[], b: Blocks | undefined): OpResult {
  if (!isTensor(input)) return notATensor('fold', input);
  const shape = input.shape;
  if (shape === null || outputSize.length !== 2 || !b) return ok(tensor(null));
  const invalid = geometryError(b);
  if (invalid) return invalid;
  const rank = shape.length;
  if ((rank !== 2 && rank !== 3) || shape.slice(rank === 2 ? 0 : 1).some((d) => d === 0)) {
    return fail('input-rank', `Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${sizeList(shape)}`);
  }
  const [planes, length] = shape.slice(-2);
  const kernelArea = dimProduct(b.kernel);
  if (typeof planes === 'number' && typeof kernelArea === 'number' && kernelArea > 0 && planes % kernelArea !== 0) {
    return fail(
      'fold-blocks',
      `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${planes} and kernel_size=${pair(b.kernel)}.`,
    );
  }
  const { counts, derivation } = blockCounts(b, outputSize);
  const blocks = dimProduct(counts);
  if (typeof length === 'number' && typeof blocks === 'number' && allKnown(counts) && length !== blocks) {
    return fail(
      'fold-blocks',
      `Given output_size=${pair(outputSize)}, kernel_size=${pair(b.kernel)}, dilation=${pair(b.dilation)}, padding=${pair(b.padding)}, stride=${pair(b.stride)}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${counts[0]} * ${counts[1]} = ${blocks}, but got input.size(2)=${length}.`,
    );
  }
  const channels = dimDivExact(planes, kernelArea);
  // A negative output_size always fails in torch, with numbers that depend on what is unknown here.
  const sizes = outputSize.map((d) => (typeof d === 'number' && d < 0 ? null : d));
  return ok(tensor([...shape.slice(0, rank - 2), channels, ...sizes]), { derivation, macs: 0 });
}

const WINDOW: ParamSpec[] = [{ name: 'kernel_size' }, { name: 'dilation', default: 1 }, { name: 'padding', default: 0 }, { name: 'stride', default: 1 }];

const settingsRepr = (args: BoundArgs) =>
  `kernel_size=${pyRepr(args.kernel_size)}, dilation=${pyRepr(args.dilation)}, padding=${pyRepr(args.padding)}, stride=${pyRepr(args.stride)}`;

export const foldLayers: LayerDef[] = [
  {
    name: 'Unfold',
    params: WINDOW,
    build: (args) => ({
      ok: true,
      layer: {
        repr: `Unfold(${settingsRepr(args)})`,
        params: 0,
        weights: [],
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => unfoldForward(fwd.input, blocksOf(args)),
        attributes: { kernel_size: args.kernel_size, dilation: args.dilation, padding: args.padding, stride: args.stride },
      },
    }),
  },
  {
    name: 'Fold',
    params: [{ name: 'output_size' }, ...WINDOW],
    build: (args) => ({
      ok: true,
      layer: {
        repr: `Fold(output_size=${pyRepr(args.output_size)}, ${settingsRepr(args)})`,
        params: 0,
        weights: [],
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => foldForward(fwd.input, ntuple(args.output_size, 2), blocksOf(args)),
        attributes: { output_size: args.output_size, kernel_size: args.kernel_size, dilation: args.dilation, padding: args.padding, stride: args.stride },
      },
    }),
  },
];

export const foldFunctions: FunctionDef[] = [
  { name: 'torch.nn.functional.unfold', params: [{ name: 'input' }, ...WINDOW], call: (args) => unfoldForward(args.input, blocksOf(args)) },
  {
    name: 'torch.nn.functional.fold',
    params: [{ name: 'input' }, { name: 'output_size' }, ...WINDOW],
    call: (args) => foldForward(args.input, ntuple(args.output_size, 2), blocksOf(args)),
  },
];
