/**
 * Tensor factories: where most input shapes come from (`torch.randn(1, 3, 224, 224)`), with
 * torch's checks on the sizes they are given; also the random index tensors of randperm and
 * multinomial.
 */
import { dimCeilDiv, dimSub, SymDim, type Dim } from '../dims';
import { fail, isTensor, isUnknown, ok, sizeList, toDim, toNumber } from '../layers/common';
import type { ArgValue, FunctionDef, OpResult, ParamSpec, TensorArg } from '../layers/types';
import { dtypeArg, factoryKeywords, like, sizesArg, tensorOf, untracked } from './args';

/** The dtype torch infers for a Python scalar (`torch.full((2,), 2)` is int64). */
function scalarDtype(v: ArgValue | undefined): string | undefined {
  if (typeof v === 'boolean') return 'bool';
  if ((typeof v === 'number' && Number.isInteger(v)) || v instanceof SymDim) return 'int64';
  return toNumber(v) === undefined ? undefined : 'float32';
}

/** A tensor of the given sizes, after torch's check that none is negative. */
function sized(op: string, sizes: Dim[] | null, dtype: string | undefined): OpResult {
  if (sizes === null) return ok(tensorOf(null, dtype, `${op}: sizes not known`));
  const negative = sizes.find((d) => typeof d === 'number' && d < 0);
  if (negative !== undefined) return fail('negative-dim', `Trying to create tensor with negative dimension ${negative}: ${sizeList(sizes)}`);
  return ok(tensorOf(sizes, dtype));
}

/** `torch.zeros(*size)` and its kin: sizes as varargs or one tuple. */
function factory(name: string): FunctionDef {
  return {
    name: `torch.${name}`,
    params: [{ name: 'size', varargs: true }, ...factoryKeywords],
    call: (args) => sized(name, sizesArg(args.size), dtypeArg(args.dtype, 'float32')),
  };
}

const full: FunctionDef = {
  name: 'torch.full',
  params: [{ name: 'size' }, { name: 'fill_value' }, ...factoryKeywords],
  call: (args) => sized('full', sizesArg(args.size), dtypeArg(args.dtype, scalarDtype(args.fill_value))),
};

/** `randint(high, size)` or `randint(low, high, size)`: the size is whichever tuple comes last. */
const randint: FunctionDef = {
  name: 'torch.randint',
  params: [{ name: 'low', default: 0 }, { name: 'high', default: null }, { name: 'size', default: null }, ...factoryKeywords],
  call: (args) => {
    const size = args.size !== null ? args.size : args.high;
    return sized('randint', Array.isArray(size) ? sizesArg(size) : null, dtypeArg(args.dtype, 'int64'));
  },
};

/** `arange(end)`, `arange(start, end, step=1)`: ⌈(end − start) / step⌉ elements. */
const arange: FunctionDef = {
  name: 'torch.arange',
  params: [{ name: 'start', default: 0 }, { name: 'end', default: null }, { name: 'step', default: 1 }, ...factoryKeywords],
  call: (args) => {
    const [start, end] = args.end === null ? [0, args.start] : [args.start, args.end];
    const bounds = [start, end, args.step];
    const integral = bounds.every((v) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)) || v instanceof SymDim);
    const dtype = dtypeArg(args.dtype, integral ? 'int64' : bounds.some(isUnknown) ? undefined : 'float32');
    const [a, b, step] = bounds.map(toNumber);
    if (step === 0) return fail('arange-step', 'step must be nonzero');
    if (a !== undefined && b !== undefined && step !== undefined) {
      if ((step > 0 && b < a) || (step < 0 && b > a)) return fail('arange-step', 'upper bound and larger bound inconsistent with step sign');
      return ok(tensorOf([Math.ceil((b - a) / step)], dtype));
    }
    // Symbolic bounds with an integer step: the element count stays a formula.
    if (integral && typeof args.step === 'number' && args.step > 0) {
      return ok(tensorOf([dimCeilDiv(dimSub(toDim(end), toDim(start)), args.step)], dtype));
    }
    return ok(tensorOf([null], dtype, 'arange: bounds not known'));
  },
};

function spaced(name: string, extra: ParamSpec[]): FunctionDef {
  return {
    name: `torch.${name}`,
    params: [{ name: 'start' }, { name: 'end' }, { name: 'steps' }, ...extra, ...factoryKeywords],
    call: (args) => {
      const steps = toDim(args.steps);
      if (typeof steps === 'number' && steps < 0) return fail('linspace-steps', 'number of steps must be non-negative');
      return ok(tensorOf([steps], dtypeArg(args.dtype, 'float32')));
    },
  };
}

const eye: FunctionDef = {
  name: 'torch.eye',
  params: [{ name: 'n' }, { name: 'm', default: null }, ...factoryKeywords],
  call: (args) => {
    const n = toDim(args.n);
    const m = args.m === null ? n : toDim(args.m);
    for (const [label, d] of [['n', n], ['m', m]] as const) {
      if (typeof d === 'number' && d < 0) return fail('negative-dim', `${label} must be greater or equal to 0, got ${d}`);
    }
    return ok(tensorOf([n, m], dtypeArg(args.dtype, 'float32')));
  },
};

/**
 * The shape of nested Python lists as `torch.tensor` reads them, with its error for ragged
 * nesting; values are collected when every leaf is a known number.
 */
function dataTensor(data: ArgValue | undefined, dtype: ArgValue | undefined): OpResult {
  if (isTensor(data)) return ok(like(data, data.shape));
  const shape: number[] = [];
  for (let level: ArgValue | undefined = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values: number[] = [];
  let kinds = new Set<string>();
  let opaque = false;
  const visit = (v: ArgValue, depth: number): OpResult | undefined => {
    if (depth === shape.length) {
      // A list where torch expects a scalar fails with a dtype-dependent TypeError: left unknown.
      if (Array.isArray(v)) {
        opaque = true;
        return undefined;
      }
      const n = toNumber(v);
      if (n === undefined) opaque = true;
      else values.push(n);
      kinds.add(scalarDtype(v) ?? 'unknown');
      return undefined;
    }
    if (!Array.isArray(v)) {
      if (isUnknown(v) || isTensor(v)) {
        opaque = true;
        return undefined;
      }
      return fail('tensor-data', 'not a sequence');
    }
    if (v.length !== shape[depth]) return fail('tensor-data', `expected sequence of length ${shape[depth]} at dim ${depth} (got ${v.length})`);
    for (const item of v) {
      const err = visit(item, depth + 1);
      if (err) return err;
    }
    return undefined;
  };
  if (data === undefined || isUnknown(data)) return ok(tensorOf(null, undefined, 'tensor data not known'));
  const err = visit(data, 0);
  if (err) return err;
  if (opaque) return ok(tensorOf(null, dtypeArg(dtype, undefined), 'tensor data holds values the analysis does not follow'));
  kinds = new Set([...kinds].filter((k) => k !== 'unknown'));
  const inferred = kinds.has('float32') ? 'float32' : kinds.has('int64') ? 'int64' : kinds.has('bool') ? 'bool' : 'float32';
  const result = tensorOf(shape, dtypeArg(dtype, inferred));
  result.values = values;
  return ok(result);
}

const dataParams: ParamSpec[] = [{ name: 'data' }, ...factoryKeywords];

/** `zeros_like(input)` and kin: the input's shape, and its dtype unless `dtype=` overrides it. */
function likeFactory(name: string, extra: ParamSpec[] = []): FunctionDef {
  return {
    name: `torch.${name}`,
    params: [{ name: 'input' }, ...extra, ...factoryKeywords],
    call: (args) => {
      const input = args.input;
      if (!isTensor(input)) return untracked(name, input);
      return ok(tensorOf(input.shape, dtypeArg(args.dtype, input.dtype), input.reason));
    },
  };
}

/** `x.new_zeros(*size)` and kin: new sizes, the receiver's dtype. */
function newFactory(name: string, extra: ParamSpec[] = []): FunctionDef {
  const sizeParam: ParamSpec = extra.length ? { name: 'size' } : { name: 'size', varargs: true };
  return {
    name: `Tensor.${name}`,
    params: [{ name: 'input' }, sizeParam, ...extra, ...factoryKeywords],
    call: (args) => {
      const input = args.input as TensorArg;
      return sized(name, sizesArg(args.size), dtypeArg(args.dtype, isTensor(input) ? input.dtype : undefined));
    },
  };
}

/** meshgrid: one grid per 0-d or 1-D tensor; `indexing='xy'` swaps the first two grid dims. */
const meshgrid: FunctionDef = {
  name: 'torch.meshgrid',
  params: [{ name: 'tensors', varargs: true }, { name: 'indexing', keywordOnly: true, default: null }],
  call: (args) => {
    const given = Array.isArray(args.tensors) && args.tensors.length === 1 && Array.isArray(args.tensors[0]) ? args.tensors[0] : args.tensors;
    const tensors = Array.isArray(given) ? given : [];
    const sizes = tensors.map((t) => (isTensor(t) && t.shape !== null && t.shape.length <= 1 ? (t.shape[0] ?? 1) : undefined));
    if (tensors.length === 0 || sizes.includes(undefined)) return ok({ kind: 'unknown', reason: 'meshgrid: inputs not known 0-d or 1-D tensors' });
    const grid = sizes as Dim[];
    if (args.indexing === 'xy' && grid.length >= 2) [grid[0], grid[1]] = [grid[1], grid[0]];
    return ok(tensors.map((t) => tensorOf([...grid], (t as TensorArg).dtype)));
  },
};

/** randperm(n): a permutation of 0..n-1 (int64 unless dtype says otherwise). */
const randperm: FunctionDef = {
  name: 'torch.randperm',
  params: [{ name: 'n' }, ...factoryKeywords],
  call: (args) => {
    const n = toDim(args.n);
    // A negative n fails with randperm's own message, not the factories' one: left unknown.
    if (typeof n === 'number' && n < 0) return ok(tensorOf(null, undefined, 'randperm: negative n'));
    return sized('randperm', [n], dtypeArg(args.dtype, 'int64'));
  },
};

/** multinomial: `num_samples` indices drawn from each row of a 1-d or 2-d probability tensor. */
const multinomial: FunctionDef = {
  name: 'torch.multinomial',
  params: [{ name: 'input' }, { name: 'num_samples' }, { name: 'replacement', default: false }, { name: 'generator', keywordOnly: true, default: null }, { name: 'out', keywordOnly: true, default: null }],
  call: (args) => {
    const input = args.input;
    if (!isTensor(input) || input.shape === null) return untracked('multinomial', input);
    const shape = input.shape;
    if (shape.length !== 1 && shape.length !== 2) return fail('multinomial-size', 'prob_dist must be 1 or 2 dim');
    const samples = toDim(args.num_samples);
    const categories = shape[shape.length - 1];
    if (args.replacement === false && typeof samples === 'number' && typeof categories === 'number' && samples > categories) {
      return fail('multinomial-size', 'cannot sample n_sample > prob_dist.size(-1) samples without replacement');
    }
    if (typeof samples !== 'number' || samples <= 0) return ok(tensorOf(null, 'int64', 'multinomial: the sample count is not a known positive number'));
    return ok(tensorOf(shape.length === 1 ? [samples] : [shape[0], samples], 'int64'));
  },
};

export const creationDefs: FunctionDef[] = [
  ...['zeros', 'ones', 'empty', 'rand', 'randn'].map(factory),
  full,
  randint,
  arange,
  spaced('linspace', []),
  spaced('logspace', [{ name: 'base', default: { kind: 'float', value: 10 } }]),
  eye,
  meshgrid,
  randperm,
  multinomial,
  { name: 'torch.tensor', params: dataParams, call: (args) => dataTensor(args.data, args.dtype) },
  { name: 'torch.as_tensor', params: dataParams, call: (args) => dataTensor(args.data, args.dtype) },
  {
    name: 'torch.from_numpy',
    params: [{ name: 'ndarray' }],
    call: () => ok(tensorOf(null, undefined, 'from_numpy: NumPy array shapes are not tracked')),
  },
  ...['zeros_like', 'ones_like', 'empty_like', 'rand_like', 'randn_like'].map((n) => likeFactory(n)),
  likeFactory('full_like', [{ name: 'fill_value' }]),
  likeFactory('randint_like', [{ name: 'low', default: 0 }, { name: 'high', default: null }]),
  ...['new_zeros', 'new_ones', 'new_empty'].map((n) => newFactory(n)),
  newFactory('new_full', [{ name: 'fill_value' }]),
  {
    name: 'Tensor.new_tensor',
    params: [{ name: 'input' }, ...dataParams],
    call: (args) => dataTensor(args.data, args.dtype ?? (isTensor(args.input) ? args.input.dtype : null)),
  },
];
