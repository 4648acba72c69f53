/**
 * Memory layout of views. Most ops return a fresh contiguous tensor; views (permute, transpose,
 * expand, slicing) share storage with new strides, and `view` can only reinterpret a layout whose
 * dims it can merge or split without crossing a stride jump. Whenever a layout cannot be followed
 * exactly it is dropped, which makes `view` succeed: a missed error, never a false one.
 */
import { dimEquals, dimMul, type Dim } from '../dims';
import type { TensorArg } from '../layers/types';
import type { Shaped } from './args';

/** Strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: readonly Dim[]): Dim[] {
  const strides: Dim[] = new Array(shape.length);
  let step: Dim = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step = dimMul(step, shape[i]);
  }
  return strides;
}

/** The strides of `t`: its recorded layout when it still describes this shape, else contiguous. */
export function stridesOf(t: Shaped): Dim[] {
  const layout = t.layout;
  if (layout && layout.shape.length === t.shape.length && layout.shape.every((d, i) => dimEquals(d, t.shape[i]) === true)) return layout.strides;
  return contiguousStrides(t.shape);
}

/** The strides of `t` when it is a view that is not contiguous; null when it is contiguous. */
export function layoutOf(t: Shaped): Dim[] | null {
  const strides = stridesOf(t);
  const plain = contiguousStrides(t.shape);
  return strides.every((s, i) => t.shape[i] === 1 || dimEquals(s, plain[i]) === true) ? null : strides;
}

/** `x` rearranged: output dim i is input dim `order[i]`, strides and all (permute, transpose, t). */
export function rearranged(x: Shaped, result: TensorArg, order: readonly number[]): TensorArg {
  const strides = stridesOf(x);
  return withStrides(result, order.map((i) => strides[i]));
}

/** `result` with the given strides recorded, unless they are simply contiguous (or not all known). */
export function withStrides<T extends TensorArg>(result: T, strides: Dim[]): T {
  const shape = result.shape;
  const out = { ...result };
  delete out.layout;
  if (shape === null || strides.length !== shape.length || strides.some((s) => s === null)) return out;
  const plain = contiguousStrides(shape);
  // Size-1 dims never constrain a view, so their strides do not matter.
  if (strides.every((s, i) => shape[i] === 1 || dimEquals(s, plain[i]) === true)) return out;
  out.layout = { shape: [...shape], strides: [...strides] };
  return out;
}

/** A result that is a new, contiguous tensor. */
export function fresh<T extends TensorArg>(result: T): T {
  const out = { ...result };
  delete out.layout;
  return out;
}

/**
 * torch's `computeStride`: the strides that let `newShape` view a tensor of `shape` and
 * `strides`, or null when no such view exists. Undefined when sizes are not all known numbers,
 * since the answer then depends on values the analysis does not have.
 */
export function viewStrides(shape: readonly Dim[], strides: readonly Dim[], newShape: readonly Dim[]): Dim[] | null | undefined {
  if (![...shape, ...strides, ...newShape].every((d) => typeof d === 'number')) return undefined;
  const old = shape as number[];
  const oldStrides = strides as number[];
  const target = newShape as number[];
  if (old.length === 0) return target.map(() => 1);
  const numel = old.reduce((a, b) => a * b, 1);
  if (numel === 0) return contiguousStrides(target);
  const out: number[] = new Array(target.length);
  let viewD = target.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = old.length - 1; d >= 0; d--) {
    tensorNumel *= old[d];
    // A chunk of dims ends where the next outer dim does not continue its strides.
    if (d === 0 || (old[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}
