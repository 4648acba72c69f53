/**
 * Elementwise ops and torch's broadcasting: Python's arithmetic and comparison operators on
 * tensors, their `torch.*` and method forms, in-place forms, `where`, `clamp`, and the unary
 * math functions that keep the shape.
 */
import { dimEquals, formatDim, SymDim, type Dim } from '../dims';
import { fail, isTensor, isUnknown, ok, sizeList, toNumber } from '../layers/common';
import type { ArgValue, FunctionDef, OpResult, ParamSpec, ShapeError, TensorArg } from '../layers/types';
import { cannotBroadcast, dimKnownDiffers, failWith, isShapeError, shapeText, tensorOf } from './args';

/**
 * One dim of a broadcast: a size-1 side takes the other; of a size known not to be 1 and one that
 * might be, the first is the only outcome that does not raise, so it is the result.
 */
function broadcastDim(a: Dim, b: Dim, at: number): Dim | ShapeError {
  if (a === 1) return b;
  if (b === 1) return a;
  if (dimEquals(a, b) === true) return a;
  if (cannotBroadcast(a, b)) {
    return {
      code: 'broadcast',
      message: `The size of tensor a (${formatDim(a, 'python')}) must match the size of tensor b (${formatDim(b, 'python')}) at non-singleton dimension ${at}`,
    };
  }
  if (dimKnownDiffers(a, 1)) return a;
  if (dimKnownDiffers(b, 1)) return b;
  return null;
}

/** torch's `infer_size`: aligns shapes at the right and checks dims from the last one backwards. */
function inferBroadcast(a: readonly Dim[], b: readonly Dim[]): Dim[] | ShapeError {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = new Array(rank);
  for (let i = rank - 1; i >= 0; i--) {
    const offset = rank - 1 - i;
    const da = a.length - 1 - offset;
    const db = b.length - 1 - offset;
    const d = broadcastDim(da >= 0 ? a[da] : 1, db >= 0 ? b[db] : 1, i);
    if (isShapeError(d)) return d;
    out[i] = d;
  }
  return out;
}

/** The shape of `a op b` for two tensor shapes (null when a rank is unknown), for the evaluator's operators. */
export function broadcastShapes(a: Dim[] | null, b: Dim[] | null): OpResult {
  if (a === null || b === null) return ok(tensorOf(null, undefined, 'broadcast: an operand shape is not known'));
  const shape = inferBroadcast(a, b);
  if (isShapeError(shape)) return failWith(shape);
  const reason = shape.includes(null) && !a.includes(null) && !b.includes(null) ? 'broadcast: cannot tell which symbolic size is 1' : undefined;
  return ok(tensorOf(shape, undefined, reason));
}

/** Python scalars (and None for clamp's missing bounds) broadcast as 0-d. */
function operandShape(v: ArgValue | undefined): Dim[] | null | undefined {
  if (isTensor(v)) return v.shape;
  if (v === null || typeof v === 'boolean' || toNumber(v) !== undefined) return [];
  if (isUnknown(v)) return null;
  return undefined;
}

/**
 * torch's type promotion where it is certain: comparisons give bool; a float tensor stays as it
 * is; true division or a float scalar makes an integer tensor float32; an int scalar makes a bool
 * tensor int64; float32 wins over int64 and bool. Other mixtures are left unknown.
 */
function resultDtype(operands: (ArgValue | undefined)[], kind: Kind): string | undefined {
  if (kind === 'compare') return 'bool';
  const dtypes = new Set(operands.filter(isTensor).map((t) => t.dtype));
  if (dtypes.size === 0 || dtypes.has(undefined)) return undefined;
  if (dtypes.size > 1) {
    const common = [...dtypes].every((d) => d === 'float32' || d === 'int64' || d === 'bool');
    return !common ? undefined : dtypes.has('float32') || kind === 'divide' ? 'float32' : 'int64';
  }
  const [dtype] = dtypes as Set<string>;
  if (dtype.startsWith('float') || dtype === 'bfloat16') return dtype;
  const scalars = operands.filter((v) => !isTensor(v));
  const floatScalar = scalars.some((v) => (typeof v === 'number' && !Number.isInteger(v)) || (isFloatArg(v)));
  if (kind === 'divide' || floatScalar) return 'float32';
  const intScalar = scalars.some((v) => (typeof v === 'number' && Number.isInteger(v)) || v instanceof SymDim);
  return dtype === 'bool' && intScalar ? 'int64' : dtype;
}

function isFloatArg(v: ArgValue | undefined): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SymDim) && v.kind === 'float';
}

type Kind = 'arith' | 'divide' | 'compare';

/** Broadcasts several operands left to right, as torch's TensorIterator does. */
function broadcastAll(operands: (ArgValue | undefined)[], kind: Kind): OpResult {
  let shape: Dim[] | null = [];
  let sawTensor = false;
  for (const v of operands) {
    const s = operandShape(v);
    if (s === undefined) return ok({ kind: 'unknown', reason: 'elementwise op on a value the analysis does not follow' });
    sawTensor ||= isTensor(v) || isUnknown(v);
    if (shape === null || s === null) {
      shape = null;
      continue;
    }
    const next = inferBroadcast(shape, s);
    if (isShapeError(next)) return failWith(next);
    shape = next;
  }
  if (!sawTensor) return ok({ kind: 'unknown', reason: 'elementwise op without a tensor operand' });
  const result = tensorOf(shape, resultDtype(operands, kind), shape === null ? 'an operand shape is not known' : undefined);
  // Worth a line in the hover only when some operand's shape actually grew.
  const shapes = operands.filter(isTensor).map((t) => t.shape);
  if (shape === null || shapes.every((s) => s !== null && shapeText(s) === shapeText(shape!))) return ok(result);
  return ok(result, { derivation: [`${shapes.map((s) => (s === null ? '?' : shapeText(s))).join(' and ')} broadcast to ${shapeText(shape)}`] });
}

const binaryParams = (other: string, extra: ParamSpec[] = []): ParamSpec[] => [{ name: 'input' }, { name: other }, ...extra];

function binary(name: string, kind: Kind, other = 'other', extra: ParamSpec[] = []): FunctionDef {
  return { name, params: binaryParams(other, extra), call: (args) => broadcastAll([args.input, args[other]], kind) };
}

/** `x.add_(y)`: the broadcast shape must be the receiver's own. */
function inPlace(name: string, kind: Kind, extra: ParamSpec[] = []): FunctionDef {
  return {
    name,
    params: binaryParams('other', extra),
    call: (args) => {
      const result = broadcastAll([args.input, args.other], kind);
      const self = args.input;
      if (!result.ok || !isTensor(self) || self.shape === null || !isTensor(result.value) || result.value.shape === null) return result;
      const out = result.value.shape;
      const differs = out.length !== self.shape.length || out.some((d, i) => dimKnownDiffers(d, self.shape![i]));
      if (differs) return fail('broadcast-inplace', `output with shape ${sizeList(self.shape)} doesn't match the broadcast shape ${sizeList(out)}`);
      return ok({ ...result.value, shape: self.shape, dtype: self.dtype });
    },
  };
}

const alpha: ParamSpec[] = [{ name: 'alpha', keywordOnly: true, default: 1 }];
const roundingMode: ParamSpec[] = [{ name: 'rounding_mode', keywordOnly: true, default: null }];

/** Python operators: the evaluator calls `operator.add(x, y)` for `x + y` (either side may be a scalar). */
const operators: [string, Kind][] = [
  ['add', 'arith'],
  ['sub', 'arith'],
  ['mul', 'arith'],
  ['truediv', 'divide'],
  ['floordiv', 'arith'],
  ['mod', 'arith'],
  ['pow', 'arith'],
  ['eq', 'compare'],
  ['ne', 'compare'],
  ['lt', 'compare'],
  ['le', 'compare'],
  ['gt', 'compare'],
  ['ge', 'compare'],
  ['and_', 'arith'],
  ['or_', 'arith'],
  ['xor', 'arith'],
];

/** Functions that are also tensor methods, with their parameters after `input, other`. */
const functions: [string, Kind, ParamSpec[]][] = [
  ['add', 'arith', alpha],
  ['sub', 'arith', alpha],
  ['subtract', 'arith', alpha],
  ['mul', 'arith', []],
  ['multiply', 'arith', []],
  ['div', 'divide', roundingMode],
  ['divide', 'divide', roundingMode],
  ['true_divide', 'divide', []],
  ['floor_divide', 'arith', []],
  ['remainder', 'arith', []],
  ['fmod', 'arith', []],
  ['maximum', 'arith', []],
  ['minimum', 'arith', []],
  ['fmax', 'arith', []],
  ['fmin', 'arith', []],
  ['atan2', 'divide', []],
  ['hypot', 'arith', []],
  ['eq', 'compare', []],
  ['ne', 'compare', []],
  ['lt', 'compare', []],
  ['le', 'compare', []],
  ['gt', 'compare', []],
  ['ge', 'compare', []],
  ['logical_and', 'compare', []],
  ['logical_or', 'compare', []],
  ['logical_xor', 'compare', []],
  ['bitwise_and', 'arith', []],
  ['bitwise_or', 'arith', []],
  ['bitwise_xor', 'arith', []],
];

const inPlaceMethods: [string, Kind, ParamSpec[]][] = [
  ['add_', 'arith', alpha],
  ['sub_', 'arith', alpha],
  ['mul_', 'arith', []],
  ['div_', 'divide', roundingMode],
];

/** `torch.where(condition, input, other)`; the one-argument form returns index tensors of unknown length. */
const where: FunctionDef = {
  name: 'torch.where',
  params: [{ name: 'condition' }, { name: 'input', default: null }, { name: 'other', default: null }],
  call: (args) => {
    if (args.input === null && args.other === null) {
      const cond = args.condition;
      if (!isTensor(cond) || cond.shape === null) return ok({ kind: 'unknown', reason: 'where(condition): rank of condition not known' });
      return ok(cond.shape.map(() => tensorOf([null], 'int64', 'where(condition): the count of true elements depends on values')));
    }
    const result = broadcastAll([args.condition, args.input, args.other], 'arith');
    if (!result.ok || !isTensor(result.value)) return result;
    return ok({ ...result.value, dtype: resultDtype([args.input, args.other], 'arith') });
  },
};

/** `x.where(condition, y)` is `torch.where(condition, x, y)`. */
const whereMethod: FunctionDef = {
  name: 'Tensor.where',
  params: [{ name: 'input' }, { name: 'condition' }, { name: 'other' }],
  call: (args) => where.call({ condition: args.condition, input: args.input, other: args.other }),
};

function clampDef(name: string): FunctionDef {
  return {
    name,
    params: [{ name: 'input' }, { name: 'min', default: null }, { name: 'max', default: null }],
    call: (args) => broadcastAll([args.input, args.min, args.max], 'arith'),
  };
}

/** Unary math that keeps the shape (activations live with the layers). */
const unaryMath = [
  'abs', 'neg', 'negative', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'square', 'sin', 'cos', 'tan',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'floor', 'ceil', 'round', 'trunc', 'frac', 'sign', 'sgn', 'reciprocal', 'erf', 'erfc',
  'logical_not', 'isnan', 'isinf', 'isfinite', 'nan_to_num', 'abs_', 'neg_', 'exp_', 'log_', 'sqrt_', 'zero_', 'fill_',
  'normal_', 'uniform_', 'bernoulli', 'bernoulli_',
];

function unary(name: string): FunctionDef {
  const short = name.replace(/^\w+\./, '');
  const bool = short.startsWith('is') || short === 'logical_not';
  return {
    name,
    params: [{ name: 'input' }, { name: 'args', varargs: true }],
    call: (args) => {
      const x = args.input;
      if (!isTensor(x)) return ok(isUnknown(x) ? x : { kind: 'unknown', reason: `${name}: input is not a tracked tensor` });
      return ok(tensorOf(x.shape, bool ? 'bool' : x.dtype, x.reason));
    },
  };
}

export const broadcastDefs: FunctionDef[] = [
  ...operators.map(([op, kind]) => binary(`operator.${op}`, kind)),
  ...functions.flatMap(([fn, kind, extra]) => [binary(`torch.${fn}`, kind, 'other', extra), binary(`Tensor.${fn}`, kind, 'other', extra)]),
  binary('torch.pow', 'arith', 'exponent'),
  binary('Tensor.pow', 'arith', 'exponent'),
  ...inPlaceMethods.map(([fn, kind, extra]) => inPlace(`Tensor.${fn}`, kind, extra)),
  where,
  whereMethod,
  clampDef('torch.clamp'),
  clampDef('torch.clip'),
  clampDef('Tensor.clamp'),
  clampDef('Tensor.clip'),
  ...unaryMath.flatMap((fn) => (fn.endsWith('_') ? [unary(`Tensor.${fn}`)] : [unary(`torch.${fn}`), unary(`Tensor.${fn}`)])),
];
