/**
 * `x[...]`: basic indexing with ints, slices, None and `...`, and the common advanced forms (an
 * index tensor or list, a boolean mask), with torch's IndexErrors. The index arrives as one value,
 * a tuple being an array: `x[0, :, None]` is `[0, slice, null]`.
 */
import { dimCeilDiv, dimMul, dimProduct, SymDim, type Dim } from '../dims';
import { stridesOf, withStrides } from './layout';
import { fail, isTensor, isUnknown, ok, sequenceKind, sizeList, toDim } from '../layers/common';
import type { ArgValue, FunctionDef, OpResult, SliceArg, TensorArg } from '../layers/types';
import { like, type Shaped, untracked } from './args';
import { broadcastShapes } from './broadcast';

function isSlice(v: ArgValue): v is SliceArg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SymDim) && v.kind === 'slice';
}

function isEllipsis(v: ArgValue): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SymDim) && v.kind === 'ellipsis';
}

const isIntIndex = (v: ArgValue) => (typeof v === 'number' && Number.isInteger(v)) || v instanceof SymDim;

/** The shape an index list stands for (`[[0, 1], [2, 3]]` indexes like a 2×2 long tensor). */
function listShape(v: ArgValue): Dim[] | null {
  const shape: Dim[] = [];
  let level: ArgValue = v;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return isIntIndex(level) || Array.isArray(level) ? shape : null;
}

/** Python refuses a zero step; torch refuses a negative one. */
function sliceStepError(s: SliceArg): OpResult | undefined {
  const step = s.step === null ? 1 : toDim(s.step);
  if (step === 0) return fail('index-slice', 'slice step cannot be zero');
  if (typeof step === 'number' && step < 0) return fail('index-slice', 'step must be greater than zero');
  return undefined;
}

/** How many elements `start:stop:step` keeps of a dim, as Python's `slice.indices` counts them. */
function sliceLength(s: SliceArg, size: Dim): Dim | OpResult {
  const stepError = sliceStepError(s);
  if (stepError) return stepError;
  const step = s.step === null ? 1 : toDim(s.step);
  const start = s.start === null ? null : toDim(s.start);
  const stop = s.stop === null ? null : toDim(s.stop);
  if (s.start === null && s.stop === null && typeof step === 'number') return dimCeilDiv(size, step);
  if (typeof size !== 'number' || typeof step !== 'number') return null;
  if ((s.start !== null && typeof start !== 'number') || (s.stop !== null && typeof stop !== 'number')) return null;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const from = start === null ? 0 : clamp(start as number);
  const to = stop === null ? size : clamp(stop as number);
  return to <= from ? 0 : Math.ceil((to - from) / step);
}

/** How many dims of the tensor an index item uses up. */
function consumes(item: ArgValue): number {
  if (item === null || isEllipsis(item)) return 0;
  if (isTensor(item) && item.dtype === 'bool' && item.shape !== null) return item.shape.length;
  return 1;
}

/**
 * torch's rule for a list at the top of an index: the items of `x[a, b]` (as a tuple is) when it is
 * short and holds a tensor, a sequence, a slice, `...` or None; otherwise one index of its own
 * (`x[[0, 1, 1]]` picks rows).
 */
function listIsTuple(items: ArgValue[]): boolean {
  return items.length < 32 && items.some((i) => i === null || Array.isArray(i) || isTensor(i) || isSlice(i) || isEllipsis(i));
}

function indexTensor(x: Shaped, index: ArgValue): OpResult {
  // The evaluator passes tuples and lists alike as arrays; at the top level a tuple is the items of `x[a, b]`.
  // Whether a list is a tuple of items depends on what they are: an unknown one leaves it open.
  if (Array.isArray(index) && sequenceKind(index) === 'list' && index.some(isUnknown)) return ok(like(x, null, 'indexing: an index is not known'));
  const items: ArgValue[] = Array.isArray(index) && (sequenceKind(index) !== 'list' || listIsTuple(index)) ? index : [index];
  if (items.some((i) => isUnknown(i) || typeof i === 'boolean' || typeof i === 'string' || (isTensor(i) && i.shape === null))) {
    return ok(like(x, null, 'indexing: an index is not known'));
  }
  if (items.filter(isEllipsis).length > 1) return ok(like(x, null, 'indexing: more than one ellipsis'));
  const rank = x.shape.length;
  // A lone int or slice takes a fast path in torch, with its own errors on a 0-d tensor.
  if (rank === 0 && !Array.isArray(index)) {
    if (index === 0) {
      return fail(
        'index-range',
        'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
      );
    }
    if (typeof index === 'number') return fail('index-range', `index ${index} is out of bounds for dimension 0 with size 0`);
    if (isSlice(index)) return sliceStepError(index) ?? fail('index-range', 'slice() cannot be applied to a 0-dim tensor.');
  }
  const used = items.reduce<number>((n, i) => n + consumes(i), 0);
  if (used > rank) return fail('index-range', `too many indices for tensor of dimension ${rank}`);
  const out: Dim[] = [];
  // Basic indexing makes a view: its strides follow the dims that stay.
  const strides = stridesOf(x);
  const outStrides: Dim[] = [];
  const advanced: { at: number; shape: Dim[] }[] = [];
  let dim = 0;
  // torch names the dim of an out-of-range int by the item's position in the index.
  for (const [position, item] of items.entries()) {
    if (item === null) {
      out.push(1);
      outStrides.push(dim < rank ? dimMul(x.shape[dim], strides[dim]) : 1);
    } else if (isEllipsis(item)) {
      const span = rank - used;
      out.push(...x.shape.slice(dim, dim + span));
      outStrides.push(...strides.slice(dim, dim + span));
      dim += span;
    } else if (isSlice(item)) {
      const step = item.step === null ? 1 : toDim(item.step);
      outStrides.push(dimMul(strides[dim], step));
      const length = sliceLength(item, x.shape[dim++]);
      if (typeof length === 'object' && length !== null && !(length instanceof SymDim)) return length;
      out.push(length);
    } else if (isIntIndex(item)) {
      const size = x.shape[dim++];
      if (typeof item === 'number' && typeof size === 'number' && (item >= size || item < -size)) {
        return fail('index-range', `index ${item} is out of bounds for dimension ${position} with size ${size}`);
      }
    } else {
      const mask = isTensor(item) && item.dtype === 'bool';
      const shape = isTensor(item) ? (mask ? [selectedCount(item)] : item.shape) : listShape(item);
      if (shape === null) return ok(like(x, null, 'indexing: an index is not known'));
      if (mask && out.length === dim) {
        const mismatch = maskMismatch(x, item as Shaped, dim);
        if (mismatch) return mismatch;
      }
      advanced.push({ at: out.length, shape });
      dim += consumes(item);
    }
  }
  out.push(...x.shape.slice(dim));
  outStrides.push(...strides.slice(dim));
  if (advanced.length === 0) return ok(withStrides(like(x, out), outStrides));
  return placeAdvanced(x, out, advanced);
}

/** How many elements a boolean mask selects: known only where the code spells its values out. */
function selectedCount(mask: TensorArg): Dim {
  const values = mask.values;
  return values && mask.shape && values.length === dimProduct(mask.shape) ? values.filter((v) => v !== 0).length : null;
}

/** A boolean mask must match the dims it covers; checked where no earlier item moved the dims. */
function maskMismatch(x: Shaped, mask: Shaped, dim: number): OpResult | undefined {
  const j = mask.shape.findIndex((d, i) => typeof d === 'number' && typeof x.shape[dim + i] === 'number' && d !== x.shape[dim + i]);
  if (j < 0) return undefined;
  return fail(
    'index-mask',
    `The shape of the mask ${sizeList(mask.shape)} at index ${j} does not match the shape of the indexed tensor ${sizeList(x.shape)} at index ${dim + j}`,
  );
}

/**
 * Advanced indices broadcast together; their dims replace the indexed ones where they stand
 * when they are adjacent, or go first when basic indices separate them (numpy's rule).
 */
function placeAdvanced(x: Shaped, out: Dim[], advanced: { at: number; shape: Dim[] }[]): OpResult {
  let shape: Dim[] = advanced[0].shape;
  for (const a of advanced.slice(1)) {
    const merged = broadcastShapes(shape, a.shape);
    if (!merged.ok) return ok(like(x, null, 'indexing: index shapes do not broadcast'));
    shape = (merged.value as TensorArg).shape ?? [];
  }
  // Ints are applied as selects first, so only slices, None and `...` separate advanced indices.
  const adjacent = advanced.every((a) => a.at === advanced[0].at);
  const at = adjacent ? advanced[0].at : 0;
  const result = [...out.slice(0, at), ...shape, ...out.slice(at)];
  const reason = shape.includes(null) ? 'indexing: a boolean mask selects a number of elements that depends on values' : undefined;
  return ok(like(x, result, reason));
}

export const indexingDefs: FunctionDef[] = [
  {
    name: 'operator.getitem',
    params: [{ name: 'input' }, { name: 'index' }],
    call: (args) => {
      const x = args.input;
      if (!isTensor(x) || x.shape === null) return untracked('indexing', x);
      return indexTensor(x as Shaped, args.index);
    },
  },
];
