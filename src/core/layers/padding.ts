/**
 * `F.pad` and the padding layers (`ZeroPad2d`, `ConstantPad1/2/3d`, `ReflectionPad1/2/3d`,
 * `ReplicationPad1/2/3d`), with torch 1.13's checks from ATen's `_pad_enum` and the reflection
 * and circular kernels. The same rule pads a convolution's input when its padding_mode is not
 * `'zeros'`.
 */
import { dimAdd, type Dim } from '../dims';
import { fail, float, isTensor, notATensor, ntuple, ok, pyRepr, sizeList, tensor, toDim, toNumber } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult, ShapeError } from './types';

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

type PadResult = { ok: true; shape: Dim[] } | { ok: false; error: ShapeError };

/**
 * The shape after `F.pad(input, pads, mode)`. `pads` is in torch's order: (left, right) of the
 * last dim first, then the dim before it.
 */
export function padShape(shape: Dim[], pads: Dim[], mode: string, value: ArgValue = null): PadResult {
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) return fail('pad-mode', `Unrecognised padding mode ${mode}`);
  if (pads.length % 2 !== 0) return fail('pad-length', 'Padding length must be divisible by 2');
  const rank = shape.length;
  if (pads.length > rank * 2) return fail('pad-length', 'Padding length too large');
  const padded = pads.length / 2;
  const out = shape.map((d, i) => {
    const k = rank - 1 - i;
    return k < padded ? dimAdd(d, dimAdd(pads[2 * k], pads[2 * k + 1])) : d;
  });
  // Negative pads that cut a dim below zero fail deep inside torch (a narrow() on an internal
  // view, with numbers that explain nothing); the size is left unknown rather than imitated.
  if (mode === 'constant') return { ok: true, shape: out.map((d) => (typeof d === 'number' && d < 0 ? null : d)) };
  const v = toNumber(value ?? undefined);
  if (value !== null && v !== 0) return fail('pad-mode', `Padding mode "${mode}" doesn't take in value argument`);
  const supported = (padded === 1 && (rank === 2 || rank === 3)) || (padded === 2 && (rank === 3 || rank === 4)) || (padded === 3 && (rank === 4 || rank === 5));
  if (!supported) return fail('pad-rank', 'Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  // Circular padding assumes a batch and a channel dim and pads every other dim.
  if (mode === 'circular' && pads.length !== 2 * (rank - 2)) {
    return fail('pad-length', `Invalid padding size, expected ${2 * (rank - 2)} but got ${pads.length}`);
  }
  for (let k = 0; k < padded; k++) {
    const size = shape[rank - 1 - k];
    const left = pads[2 * k];
    const right = pads[2 * k + 1];
    if (typeof size !== 'number' || typeof left !== 'number' || typeof right !== 'number') continue;
    if (mode === 'reflect' && (left >= size || right >= size)) {
      // The 2-d kernel prints the input's rank; the 1-d and 3-d kernels print its sizes.
      const inputText = padded === 2 ? String(rank) : sizeList(shape);
      return fail(
        'pad-size',
        `Argument #${4 + 2 * k}: Padding size should be less than the corresponding input dimension, but got: padding (${left}, ${right}) at dimension ${rank - 1 - k} of input ${inputText}`,
      );
    }
    if (mode === 'circular' && (left > size || right > size)) return fail('pad-size', 'Padding value causes wrapping around more than once.');
  }
  return { ok: true, shape: out };
}

function padForward(input: ArgValue | undefined, pads: Dim[], mode: PadMode, value: ArgValue = null): OpResult {
  if (!isTensor(input)) return notATensor('pad', input);
  if (input.shape === null) return ok(tensor(null));
  const result = padShape(input.shape, pads, mode, value);
  if (!result.ok) return result;
  const derivation = result.shape.flatMap((d, i) => {
    const k = input.shape!.length - 1 - i;
    if (2 * k + 1 >= pads.length) return [];
    return [`dim ${i}: ${input.shape![i]} + ${pads[2 * k]} + ${pads[2 * k + 1]} = ${d}`];
  });
  return ok(tensor(result.shape), { derivation, macs: 0 });
}

export const padFunctions: FunctionDef[] = [
  {
    name: 'torch.nn.functional.pad',
    params: [{ name: 'input' }, { name: 'pad' }, { name: 'mode', default: 'constant' }, { name: 'value', default: null }],
    call(args) {
      const pads = Array.isArray(args.pad) ? args.pad.map(toDim) : null;
      if (pads === null) return isTensor(args.input) ? ok(tensor(null)) : notATensor('pad', args.input);
      const mode = typeof args.mode === 'string' ? args.mode : 'constant';
      return padForward(args.input, pads, mode as PadMode, args.value);
    },
  },
];

/** How each padding layer class normalises its `padding` argument and which F.pad mode it uses. */
function paddingLayer(family: 'Zero' | 'Constant' | 'Reflection' | 'Replication', n: number): LayerDef {
  const name = `${family}Pad${n}d`;
  const mode: PadMode = family === 'Reflection' ? 'reflect' : family === 'Replication' ? 'replicate' : 'constant';
  return {
    name,
    params: family === 'Constant' ? [{ name: 'padding' }, { name: 'value' }] : [{ name: 'padding' }],
    build(args: BoundArgs) {
      const pads = ntuple(args.padding, 2 * n);
      const value = family === 'Constant' ? args.value : float(0);
      const padsRepr = pyRepr(pads);
      const repr = family === 'Constant' ? `${name}(padding=${padsRepr}, value=${pyRepr(value)})` : `${name}(${padsRepr})`;
      return {
        ok: true,
        layer: {
          repr,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }],
          forward: (fwd) => padForward(fwd.input, pads, mode, mode === 'constant' ? value : null),
          attributes: { padding: pads, ...(mode === 'constant' ? { value } : {}) },
        },
      };
    },
  };
}

export const paddingLayers: LayerDef[] = [
  paddingLayer('Zero', 2),
  ...[1, 2, 3].flatMap((n) => [paddingLayer('Constant', n), paddingLayer('Reflection', n), paddingLayer('Replication', n)]),
];

