/**
 * Ops that join tensors (cat, stack and their h/v/d forms) or cut one into a tuple of pieces
 * (split, chunk, unbind), with torch's checks in torch's order so the first error is torch's.
 */
import { dimAdd, formatDim, type Dim } from '../dims';
import { stridesOf, withStrides } from './layout';
import { fail, isTensor, ok, showDim, sizeList, toDim } from '../layers/common';
import type { ArgValue, BoundArgs, FunctionDef, OpResult, ParamSpec, TensorArg } from '../layers/types';
import { dimKnownDiffers, failWith, isShapeError, like, type Shaped, tensorOf, untracked, wrapIndex } from './args';

/** The tensors of a list argument: null when the list itself is not known. */
function tensorList(v: ArgValue | undefined): (TensorArg | null)[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((item) => (isTensor(item) ? item : null));
}

function known(t: TensorArg | null): t is Shaped {
  return t !== null && t.shape !== null;
}

/** torch keeps accepting a 1-D empty tensor in cat whatever the other shapes are (legacy behaviour). */
function isLegacyEmpty(t: Shaped): boolean {
  return t.shape.length === 1 && t.shape[0] === 0;
}

/** Of two dims torch requires to be equal, the better known one. */
function agreed(a: Dim, b: Dim): Dim {
  return typeof a === 'number' ? a : typeof b === 'number' ? b : (a ?? b);
}

/** torch.cat on tensors of which some may be untracked (null): checks what is known. */
function catShapes(op: string, tensors: (TensorArg | null)[], dimArg: ArgValue | undefined): OpResult {
  if (tensors.length === 0) return fail('cat-empty', 'torch.cat(): expected a non-empty list of Tensors');
  for (const [i, t] of tensors.entries()) {
    if (known(t) && t.shape.length === 0) return fail('cat-rank', `zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  }
  const first = tensors.find((t) => known(t) && !isLegacyEmpty(t)) as Shaped | undefined;
  const dtype = tensors.find((t) => t?.dtype)?.dtype;
  if (first === undefined) {
    const allEmpty = tensors.every((t) => known(t));
    return ok(allEmpty ? tensorOf([0], dtype) : tensorOf(null, dtype, `${op}: shapes of the tensors not known`));
  }
  const dim = wrapIndex(dimArg, first.shape.length);
  if (isShapeError(dim)) return failWith(dim);
  if (dim === null) return ok(tensorOf(null, dtype, `${op}: dim not known`));
  const out = [...first.shape];
  out[dim] = 0;
  for (const [i, t] of tensors.entries()) {
    if (!known(t)) {
      out[dim] = null;
      continue;
    }
    if (isLegacyEmpty(t)) continue;
    if (t.shape.length !== first.shape.length) {
      return fail('cat-rank', `Tensors must have same number of dimensions: got ${first.shape.length} and ${t.shape.length}`);
    }
    for (const [d, size] of t.shape.entries()) {
      if (d === dim) continue;
      if (dimKnownDiffers(first.shape[d], size)) {
        return fail(
          'cat-sizes',
          `Sizes of tensors must match except in dimension ${dim}. Expected size ${formatDim(first.shape[d], 'python')} but got size ${formatDim(size, 'python')} for tensor number ${i} in the list.`,
        );
      }
      out[d] = agreed(out[d], size);
    }
    out[dim] = dimAdd(out[dim], t.shape[dim]);
  }
  const result = tensorOf(out, dtype, out[dim] === null ? `${op}: some tensors' shapes not known` : undefined);
  const parts = tensors.filter((t): t is Shaped => known(t) && !isLegacyEmpty(t)).map((t) => showDim(t.shape[dim]));
  return out[dim] === null || parts.length < 2 ? ok(result) : ok(result, { derivation: [`dim ${dim}: ${parts.join(' + ')} = ${showDim(out[dim])}`] });
}

const listParams: ParamSpec[] = [{ name: 'tensors' }, { name: 'dim', default: 0 }, { name: 'out', keywordOnly: true, default: null }];

function catDef(name: string): FunctionDef {
  return {
    name,
    params: listParams,
    call: (args) => {
      const tensors = tensorList(args.tensors);
      if (tensors === null) return untracked(name, args.tensors);
      return catShapes(name, tensors, args.dim);
    },
  };
}

const stack: FunctionDef = {
  name: 'torch.stack',
  params: listParams,
  call: (args) => {
    const tensors = tensorList(args.tensors);
    if (tensors === null) return untracked('stack', args.tensors);
    if (tensors.length === 0) return fail('stack-empty', 'stack expects a non-empty TensorList');
    const first = tensors[0];
    if (!known(first)) return ok(tensorOf(null, first?.dtype, 'stack: shape of the first tensor not known'));
    const rank = first.shape.length;
    const dim = wrapIndex(args.dim, rank + 1);
    if (isShapeError(dim)) return failWith(dim);
    if (dim === null) return ok(like(first, null, 'stack: dim not known'));
    const out = [...first.shape];
    for (const [i, t] of tensors.entries()) {
      if (!known(t)) continue;
      const differs = t.shape.length !== rank || t.shape.some((d, j) => dimKnownDiffers(d, first.shape[j]));
      if (differs) {
        return fail('stack-sizes', `stack expects each tensor to be equal size, but got ${sizeList(first.shape)} at entry 0 and ${sizeList(t.shape)} at entry ${i}`);
      }
      t.shape.forEach((d, j) => (out[j] = agreed(out[j], d)));
    }
    return ok(like(first, [...out.slice(0, dim), tensors.length, ...out.slice(dim)]));
  },
};

/** `atleast_1d/2d/3d`: where torch puts the new size-1 dims of a low-rank tensor. */
function atLeast(t: TensorArg | null, rank: 1 | 2 | 3): TensorArg | null {
  if (!known(t) || t.shape.length >= rank) return t;
  const s = t.shape;
  const grown: Dim[][] = [[1], s.length === 0 ? [1, 1] : [1, s[0]], s.length === 0 ? [1, 1, 1] : s.length === 1 ? [1, s[0], 1] : [s[0], s[1], 1]];
  return like(t, grown[rank - 1]);
}

/** hstack, vstack, dstack: cat after raising every tensor to a minimum rank. */
function stackLike(name: string, rank: 1 | 2 | 3, catDim: (first: TensorArg | null) => number): FunctionDef {
  return {
    name: `torch.${name}`,
    params: [{ name: 'tensors' }, { name: 'out', keywordOnly: true, default: null }],
    call: (args) => {
      const tensors = tensorList(args.tensors);
      if (tensors === null) return untracked(name, args.tensors);
      if (tensors.length === 0) return fail('stack-empty', `${name} expects a non-empty TensorList`);
      const raised = tensors.map((t) => atLeast(t, rank));
      return catShapes(name, raised, catDim(raised[0]));
    },
  };
}

/** More pieces than any model unpacks: left unknown rather than built (`x.unbind()` of a long dim). */
const MAX_PIECES = 1024;

const tooManyPieces = (op: string, count: number) => ok({ kind: 'unknown', reason: `${op}: ${count} pieces are more than the analysis follows` } as const);

/** Builds the tuple of pieces a split along `dim` returns. */
function pieces(t: Shaped, dim: number, sizes: Dim[]): OpResult {
  // Each piece is a view with the input's strides.
  const strides = stridesOf(t);
  return ok(sizes.map((s) => withStrides(like(t, t.shape.map((d, i) => (i === dim ? s : d))), strides)));
}

/** `split(int)`: equal pieces, the last one smaller. */
function splitEvenly(t: Shaped, splitSize: Dim, dimArg: ArgValue | undefined): OpResult {
  if (t.shape.length === 0) return fail('split-rank', 'split expects at least a 1-dimensional tensor');
  if (typeof splitSize === 'number' && splitSize < 0) return fail('split-size', `split expects split_size be non-negative, but got split_size=${splitSize}`);
  const dim = wrapIndex(dimArg, t.shape.length);
  if (isShapeError(dim)) return failWith(dim);
  const size = dim === null ? null : t.shape[dim];
  if (dim === null || typeof size !== 'number' || typeof splitSize !== 'number') {
    return ok({ kind: 'unknown', reason: 'split: the number of pieces depends on sizes not known' });
  }
  if (splitSize === 0 && size !== 0) {
    return fail('split-size', `split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  }
  const count = splitSize === 0 ? 1 : Math.max(Math.ceil(size / splitSize), 1);
  if (count > MAX_PIECES) return tooManyPieces('split', count);
  const sizes = Array.from({ length: count }, (_, i) => (i < count - 1 ? splitSize : size - splitSize * (count - 1)));
  return pieces(t, dim, sizes);
}

/** `split([sizes])`: pieces of the given sizes, which must add up to the dim's size. */
function splitWithSizes(t: Shaped, sections: Dim[], dimArg: ArgValue | undefined): OpResult {
  if (t.shape.length === 0) return fail('split-rank', 'split expects at least a 1-dimensional tensor');
  const dim = wrapIndex(dimArg, t.shape.length);
  if (isShapeError(dim)) return failWith(dim);
  if (dim === null) return ok(sections.map(() => like(t, null, 'split: dim not known')));
  if (sections.some((s) => typeof s === 'number' && s < 0)) {
    return fail('split-sizes', `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${sizeList(sections)}`);
  }
  let total: Dim = 0;
  for (const s of sections) total = dimAdd(total, s);
  if (dimKnownDiffers(total, t.shape[dim])) {
    return fail(
      'split-sizes',
      `split_with_sizes expects split_sizes to sum exactly to ${formatDim(t.shape[dim], 'python')} (input tensor's size at dimension ${formatDim(toDim(dimArg), 'python')}), but got split_sizes=${sizeList(sections)}`,
    );
  }
  return pieces(t, dim, sections);
}

function splitCall(args: BoundArgs, sizeParam: string): OpResult {
  const t = args.input;
  if (!isTensor(t) || t.shape === null) return untracked('split', t);
  const how = args[sizeParam];
  if (Array.isArray(how)) return splitWithSizes(t as Shaped, how.map(toDim), args.dim);
  return splitEvenly(t as Shaped, toDim(how), args.dim);
}

function splitDef(name: string, sizeParam: string): FunctionDef {
  return { name, params: [{ name: 'input' }, { name: sizeParam }, { name: 'dim', default: 0 }], call: (args) => splitCall(args, sizeParam) };
}

const chunk: FunctionDef = {
  name: 'torch.chunk',
  params: [{ name: 'input' }, { name: 'chunks' }, { name: 'dim', default: 0 }],
  call: (args) => {
    const t = args.input;
    if (!isTensor(t) || t.shape === null) return untracked('chunk', t);
    if (t.shape.length === 0) return fail('split-rank', 'chunk expects at least a 1-dimensional tensor');
    const chunks = toDim(args.chunks);
    if (typeof chunks === 'number' && chunks <= 0) return fail('split-size', `chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
    const dim = wrapIndex(args.dim, t.shape.length);
    if (isShapeError(dim)) return failWith(dim);
    const size = dim === null ? null : t.shape[dim];
    if (dim === null || typeof size !== 'number' || typeof chunks !== 'number') {
      return ok({ kind: 'unknown', reason: 'chunk: the number of pieces depends on sizes not known' });
    }
    const splitSize = Math.ceil(size / chunks);
    // An empty dim still yields `chunks` empty pieces.
    if (splitSize === 0) return chunks > MAX_PIECES ? tooManyPieces('chunk', chunks) : pieces(t as Shaped, dim, new Array<Dim>(chunks).fill(0));
    return splitEvenly(t as Shaped, splitSize, dim);
  },
};

const unbind: FunctionDef = {
  name: 'torch.unbind',
  params: [{ name: 'input' }, { name: 'dim', default: 0 }],
  call: (args) => {
    const t = args.input;
    if (!isTensor(t) || t.shape === null) return untracked('unbind', t);
    const dim = wrapIndex(args.dim, t.shape.length);
    if (isShapeError(dim)) return failWith(dim);
    if (t.shape.length === 0 && dim !== null) return fail('dim-out-of-range', `Dimension specified as ${dim} but tensor has no dimensions`);
    const size = dim === null ? null : t.shape[dim];
    if (dim === null || typeof size !== 'number') return ok({ kind: 'unknown', reason: 'unbind: the number of pieces depends on sizes not known' });
    if (size > MAX_PIECES) return tooManyPieces('unbind', size);
    return ok(Array.from({ length: size }, () => like(t, (t as Shaped).shape.filter((_, i) => i !== dim))));
  },
};

export const combineDefs: FunctionDef[] = [
  catDef('torch.cat'),
  catDef('torch.concat'),
  stack,
  stackLike('hstack', 1, (first) => (first?.shape?.length === 1 ? 0 : 1)),
  stackLike('vstack', 2, () => 0),
  stackLike('row_stack', 2, () => 0),
  stackLike('dstack', 3, () => 2),
  splitDef('torch.split', 'split_size_or_sections'),
  splitDef('Tensor.split', 'split_size'),
  chunk,
  unbind,
];
