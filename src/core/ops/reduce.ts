/**
 * Reductions: sum/mean/max/std/… over all dims (a 0-d result) or over `dim` (an int or, where
 * torch allows it, a tuple), with `keepdim`. `max(dim)`-style ops return their (values, indices)
 * pair as a 2-element tuple, as do kthvalue and mode. Also F.normalize (a norm along dim, shape kept) and cosine_similarity
 * (a reduction over dim of the broadcast inputs).
 */
import { dimProduct, formatDim, type Dim } from '../dims';
import { fail, isTensor, ok, sizeList, toDim } from '../layers/common';
import type { ArgValue, BoundArgs, FunctionDef, OpResult, ParamSpec } from '../layers/types';
import { failWith, isShapeError, like, type Shaped, tensorOf, untracked, wrapDimList, wrapIndex } from './args';
import { broadcastShapes } from './broadcast';

interface Reduction {
  /** Parameters after `input` and before `keepdim`, one of them named `dim`. */
  params: ParamSpec[];
  /** What the result holds: `values` keeps the dtype; `indices` are int64; `pair` is (values, indices). */
  result: 'values' | 'indices' | 'bool' | 'float' | 'pair';
  /** min/max-like ops refuse an empty input; `long` adds torch's hint to pass `dim`; `dimOnly` checks only a given dim. */
  emptyCheck?: 'long' | 'short' | 'dimOnly';
  /** Whether a missing dim reduces to a 0-d tensor (true) or is required (false). */
  dimOptional: boolean;
}

/** The shape left after reducing `dims` (all dims when empty). */
function reducedShape(shape: readonly Dim[], dims: readonly number[], keepdim: boolean): Dim[] {
  const all = dims.length === 0;
  if (keepdim) return shape.map((d, i) => (all || dims.includes(i) ? 1 : d));
  return all ? [] : shape.filter((_, i) => !dims.includes(i));
}

function resultOf(op: string, x: Shaped, shape: Dim[], kind: Reduction['result']): ArgValue {
  switch (kind) {
    case 'values':
      return like(x, shape);
    case 'indices':
      return tensorOf(shape, 'int64');
    case 'bool':
      return tensorOf(shape, 'bool');
    case 'float':
      return tensorOf(shape, x.dtype?.startsWith('float') ? x.dtype : undefined);
    case 'pair':
      return [like(x, shape), tensorOf(shape, 'int64')];
  }
  return { kind: 'unknown', reason: `${op}: result not modelled` };
}

/**
 * min/max-like ops have no identity to return for an empty reduction. torch checks each given
 * dim in turn (naming it as given) before it looks for repeats.
 */
function emptyError(op: string, x: Shaped, given: ArgValue | undefined, check: Reduction['emptyCheck']): OpResult | undefined {
  if (!check || x.shape.length === 0) return undefined;
  if (given === null) {
    if (check === 'dimOnly' || dimProduct(x.shape) !== 0) return undefined;
    const hint = check === 'long' ? " Specify the reduction dim with the 'dim' argument." : '';
    return fail('reduce-empty', `${op}(): Expected reduction dim to be specified for input.numel() == 0.${hint}`);
  }
  for (const item of Array.isArray(given) ? given : [given]) {
    const d = wrapIndex(item, x.shape.length);
    if (isShapeError(d)) return failWith(d);
    if (d !== null && x.shape[d] === 0) return fail('reduce-empty', `${op}(): Expected reduction dim ${formatDim(toDim(item), 'python')} to have non-zero size.`);
  }
  return undefined;
}

function reduce(op: string, spec: Reduction, args: BoundArgs): OpResult {
  const input = args.input;
  if (!isTensor(input) || input.shape === null) return untracked(op, input);
  const x = input as Shaped;
  const given = args.dim;
  if ((given === null || given === undefined) && !spec.dimOptional) return ok(like(x, null, `${op}: dim not given`));
  const none = given === null || given === undefined || (Array.isArray(given) && given.length === 0);
  const empty = emptyError(op, x, none ? null : given, spec.emptyCheck);
  if (empty) return empty;
  const dims = none ? [] : wrapDimList(given, x.shape.length);
  if (isShapeError(dims)) return failWith(dims);
  if (dims === null) return ok(like(x, null, `${op}: dim not known`));
  const keepdim = args.keepdim === true;
  // A 0-d input reduced over its only (virtual) dim stays 0-d, keepdim or not.
  const shape = x.shape.length === 0 ? [] : reducedShape(x.shape, dims, keepdim);
  const kind = spec.result === 'pair' && none ? 'values' : spec.result;
  return ok(resultOf(op, x, shape, kind));
}

const keepdim: ParamSpec = { name: 'keepdim', default: false };
const dtypeKw: ParamSpec = { name: 'dtype', keywordOnly: true, default: null };

function reductionDef(op: string, spec: Reduction): FunctionDef {
  return {
    name: `torch.${op}`,
    params: [{ name: 'input' }, ...spec.params, keepdim, dtypeKw],
    call: (args) => reduce(op, spec, args),
  };
}

const optionalDim: ParamSpec[] = [{ name: 'dim', default: null }];

/** min/max: `max()` is 0-d, `max(dim)` is (values, indices), `max(other)` is elementwise. */
function extremum(op: 'max' | 'min'): FunctionDef {
  const spec: Reduction = { params: optionalDim, result: 'pair', emptyCheck: 'long', dimOptional: true };
  return {
    name: `torch.${op}`,
    params: [{ name: 'input' }, { name: 'dim', default: null }, keepdim, { name: 'other', keywordOnly: true, default: null }],
    call: (args) => {
      const other = isTensor(args.dim) ? args.dim : args.other;
      if (isTensor(other) && isTensor(args.input)) return broadcastShapes(args.input.shape, other.shape);
      return reduce(op, spec, args);
    },
  };
}

/** std/var: `std(unbiased)` puts a bool where the dim would be. */
function spread(op: 'std' | 'var'): FunctionDef {
  const spec: Reduction = { params: optionalDim, result: 'float', dimOptional: true };
  return {
    name: `torch.${op}`,
    params: [{ name: 'input' }, { name: 'dim', default: null }, { name: 'unbiased', default: true }, keepdim, { name: 'correction', keywordOnly: true, default: null }],
    call: (args) => reduce(op, spec, typeof args.dim === 'boolean' ? { ...args, dim: null } : args),
  };
}

/** cumsum/cumprod and sort-like ops keep the shape but still check their dim. */
function alongDim(op: string, extra: ParamSpec[], pair: boolean, dimDefault?: number): FunctionDef {
  return {
    name: `torch.${op}`,
    params: [{ name: 'input' }, dimDefault === undefined ? { name: 'dim' } : { name: 'dim', default: dimDefault }, ...extra],
    call: (args) => {
      const input = args.input;
      if (!isTensor(input) || input.shape === null) return untracked(op, input);
      const dim = wrapIndex(args.dim, input.shape.length);
      if (isShapeError(dim)) return failWith(dim);
      const x = like(input, input.shape);
      return ok(pair ? [x, tensorOf(input.shape, 'int64')] : op === 'argsort' ? tensorOf(input.shape, 'int64') : x);
    },
  };
}

/** topk: `k` largest along a dim, as (values, indices). */
const topk: FunctionDef = {
  name: 'torch.topk',
  params: [{ name: 'input' }, { name: 'k' }, { name: 'dim', default: -1 }, { name: 'largest', default: true }, { name: 'sorted', default: true }],
  call: (args) => {
    const input = args.input;
    if (!isTensor(input) || input.shape === null) return untracked('topk', input);
    const dim = wrapIndex(args.dim, input.shape.length);
    if (isShapeError(dim)) return failWith(dim);
    if (dim === null) return ok({ kind: 'unknown', reason: 'topk: dim not known' });
    const k = args.k as Dim;
    const size = input.shape.length === 0 ? 1 : input.shape[dim];
    if (typeof k === 'number' && typeof size === 'number' && (k < 0 || k > size)) return fail('topk-k', 'selected index k out of range');
    const shape = input.shape.length === 0 ? [] : input.shape.map((d, i) => (i === dim ? k : d));
    return ok([like(input, shape), tensorOf(shape, 'int64')]);
  },
};

/**
 * kthvalue/mode: one value per slice along `dim` (the last by default), as (values, indices).
 * torch names the dim wrapped in its messages, and checks for an empty slice before k.
 */
function selectAlong(op: 'kthvalue' | 'mode'): FunctionDef {
  return {
    name: `torch.${op}`,
    params: [{ name: 'input' }, ...(op === 'kthvalue' ? [{ name: 'k' }] : []), { name: 'dim', default: -1 }, keepdim],
    call: (args) => {
      const input = args.input;
      if (!isTensor(input) || input.shape === null) return untracked(op, input);
      const dim = wrapIndex(args.dim, input.shape.length);
      if (isShapeError(dim)) return failWith(dim);
      if (dim === null) return ok({ kind: 'unknown', reason: `${op}: dim not known` });
      // A 0-d tensor is one slice of one value.
      const size = input.shape.length === 0 ? 1 : input.shape[dim];
      if (size === 0) return fail('reduce-empty', `${op}(): Expected reduction dim ${dim} to have non-zero size.`);
      const k = args.k;
      if (op === 'kthvalue' && typeof k === 'number' && typeof size === 'number' && (k < 1 || k > size)) {
        return fail('kthvalue-k', `kthvalue(): selected number k out of range for dimension ${dim}`);
      }
      const shape = input.shape.length === 0 ? [] : reducedShape(input.shape, [dim], args.keepdim === true);
      return ok([like(input, shape), tensorOf(shape, 'int64')]);
    },
  };
}

/**
 * logsumexp over `dim=()` reduces every dim, but torch 1.13 then fails to write its 0-d result
 * back unless keepdim is set (or the input is 0-d or empty).
 */
const logsumexp: FunctionDef = (() => {
  const plain = reductionDef('logsumexp', { params: [{ name: 'dim' }], result: 'float', dimOptional: false });
  return {
    ...plain,
    call: (args) => {
      const shape = isTensor(args.input) ? args.input.shape : null;
      const everything = Array.isArray(args.dim) && args.dim.length === 0;
      const numel = shape === null ? null : dimProduct(shape);
      if (everything && args.keepdim !== true && shape !== null && shape.length > 0 && typeof numel === 'number' && numel > 0) {
        return fail('reduce-output', `output with shape [] doesn't match the broadcast shape ${sizeList(shape.map(() => 1))}`);
      }
      return plain.call(args);
    },
  };
})();

/** F.normalize: divides by the p-norm along `dim`, so the shape is kept once `dim` is checked. */
const normalize: FunctionDef = {
  name: 'torch.nn.functional.normalize',
  params: [{ name: 'input' }, { name: 'p', default: { kind: 'float', value: 2 } }, { name: 'dim', default: 1 }, { name: 'eps', default: { kind: 'float', value: 1e-12 } }, { name: 'out', default: null }],
  call: (args) => {
    const input = args.input;
    if (!isTensor(input) || input.shape === null) return untracked('normalize', input);
    const dim = wrapIndex(args.dim, input.shape.length);
    if (isShapeError(dim)) return failWith(dim);
    return ok(like(input, input.shape));
  },
};

/** cosine_similarity: the two inputs broadcast, then `dim` (of the broadcast shape) is reduced away. */
const cosineSimilarity: FunctionDef = {
  name: 'torch.nn.functional.cosine_similarity',
  params: [{ name: 'x1' }, { name: 'x2' }, { name: 'dim', default: 1 }, { name: 'eps', default: { kind: 'float', value: 1e-8 } }],
  call: (args) => {
    const [a, b] = [args.x1, args.x2];
    if (!isTensor(a) || a.shape === null) return untracked('cosine_similarity', a);
    if (!isTensor(b) || b.shape === null) return untracked('cosine_similarity', b);
    const joint = broadcastShapes(a.shape, b.shape);
    if (!joint.ok || !isTensor(joint.value) || joint.value.shape === null) return joint;
    const shape = joint.value.shape;
    const dim = wrapIndex(args.dim, shape.length);
    if (isShapeError(dim)) return failWith(dim);
    if (dim === null) return ok(like(a, null, 'cosine_similarity: dim not known'));
    return ok(like(a, shape.filter((_, i) => i !== dim), joint.value.reason));
  },
};

export const reduceDefs: FunctionDef[] = [
  ...['sum', 'nansum', 'mean', 'nanmean'].map((op) => reductionDef(op, { params: optionalDim, result: 'values', dimOptional: true })),
  reductionDef('prod', { params: optionalDim, result: 'values', dimOptional: true }),
  ...['amax', 'amin'].map((op) => reductionDef(op, { params: [{ name: 'dim', default: [] }], result: 'values', emptyCheck: 'long', dimOptional: true })),
  ...['argmax', 'argmin'].map((op) => reductionDef(op, { params: optionalDim, result: 'indices', emptyCheck: 'short', dimOptional: true })),
  ...['all', 'any'].map((op) => reductionDef(op, { params: optionalDim, result: 'bool', dimOptional: true })),
  logsumexp,
  reductionDef('norm', { params: [{ name: 'p', default: 'fro' }, ...optionalDim], result: 'float', dimOptional: true }),
  reductionDef('median', { params: optionalDim, result: 'pair', emptyCheck: 'dimOnly', dimOptional: true }),
  reductionDef('nanmedian', { params: optionalDim, result: 'pair', emptyCheck: 'dimOnly', dimOptional: true }),
  reductionDef('count_nonzero', { params: optionalDim, result: 'indices', dimOptional: true }),
  extremum('max'),
  extremum('min'),
  spread('std'),
  spread('var'),
  alongDim('cumsum', [{ name: 'dtype', keywordOnly: true, default: null }], false),
  alongDim('cumprod', [{ name: 'dtype', keywordOnly: true, default: null }], false),
  alongDim('sort', [{ name: 'descending', default: false }], true, -1),
  alongDim('argsort', [{ name: 'descending', default: false }], false, -1),
  topk,
  selectAlong('kthvalue'),
  selectAlong('mode'),
  normalize,
  cosineSimilarity,
  { ...cosineSimilarity, name: 'torch.cosine_similarity' },
];
