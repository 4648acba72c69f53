/**
 * Ops that pick elements: narrow, select, index_select, gather, masked_fill/masked_select, nonzero,
 * tril/triu, unfold, and `item()`. Where the count of picked elements depends on the data (a
 * mask), the size is unknown rather than guessed.
 */
import { dimAdd, dimFloorDiv, dimProduct, dimSub, formatDim, type Dim } from '../dims';
import { fail, isTensor, ok, sizeList, toDim, unknown, wrapDim } from '../layers/common';
import type { BoundArgs, FunctionDef, OpResult, ParamSpec } from '../layers/types';
import { failWith, isShapeError, like, type Shaped, tensorOf, untracked, wrapIndex, wrapIndexNoScalar } from './args';
import { broadcastShapes } from './broadcast';
import { stridesOf, withStrides } from './layout';

const show = (d: Dim) => formatDim(d, 'python');

/** Runs `rule` on the input's known shape and its wrapped dim argument; unknowns give an unknown result. */
function alongDim(
  name: string,
  params: ParamSpec[],
  rule: (x: Shaped, dim: number, args: BoundArgs) => OpResult,
  dimName = 'dim',
  wrap: typeof wrapIndex = wrapIndex,
): FunctionDef {
  const op = name.replace(/^\w+\./, '');
  return {
    name,
    params: [{ name: 'input' }, ...params],
    call: (args) => {
      const x = args.input;
      if (!isTensor(x) || x.shape === null) return untracked(op, x);
      const dim = wrap(args[dimName], x.shape.length);
      if (isShapeError(dim)) return failWith(dim);
      if (dim === null) return ok(like(x, null, `${op}: dim not known`));
      return rule(x as Shaped, dim, args);
    },
  };
}

const replaced = (x: Shaped, dim: number, size: Dim) => like(x, x.shape.map((d, i) => (i === dim ? size : d)));

/** narrow: a negative start counts from the end, wrapped as a dim index against the dim's size. */
const narrow = alongDim(
  'torch.narrow',
  [{ name: 'dim' }, { name: 'start' }, { name: 'length' }],
  (x, dim, args) => {
    const size = x.shape[dim];
    const length = toDim(args.length);
    let start = toDim(args.start);
    if (typeof start === 'number' && typeof size === 'number' && start !== size) {
      const wrapped = wrapDim(start, size);
      if (!wrapped.ok) return failWith(wrapped.error);
      start = wrapped.dim;
    }
    const end = dimAdd(start, length);
    if (typeof end === 'number' && typeof size === 'number' && typeof length === 'number' && (end > size || length < 0)) {
      return fail('narrow-range', `start (${show(start)}) + length (${length}) exceeds dimension size (${size}).`);
    }
    // A view with the input's strides.
    return ok(withStrides(replaced(x, dim, length), stridesOf(x)));
  },
  'dim',
  (v, rank) => (rank === 0 ? { code: 'narrow-range', message: 'narrow() cannot be applied to a 0-dim tensor.' } : wrapIndex(v, rank)),
);

/** select: one index along `dim` (negative counts from the end), the dim dropped; a view keeping the other strides. */
const select = alongDim(
  'torch.select',
  [{ name: 'dim' }, { name: 'index' }],
  (x, dim, args) => {
    const size = x.shape[dim];
    const index = toDim(args.index);
    if (typeof index === 'number' && typeof size === 'number' && (index >= size || index < -size)) {
      return fail('index-range', `select(): index ${index} out of range for tensor of size ${sizeList(x.shape)} at dimension ${dim}`);
    }
    const kept = (_: Dim, i: number) => i !== dim;
    return ok(withStrides(like(x, x.shape.filter(kept)), stridesOf(x).filter(kept)));
  },
  'dim',
  (v, rank) => (rank === 0 ? { code: 'index-range', message: 'select() cannot be applied to a 0-dim tensor.' } : wrapIndex(v, rank)),
);

const indexSelect = alongDim('torch.index_select', [{ name: 'dim' }, { name: 'index' }], (x, dim, args) => {
  const index = args.index;
  if (!isTensor(index) || index.shape === null) return ok(replaced(x, dim, null));
  if (index.shape.length > 1) return fail('index-select', 'index_select(): Index is supposed to be a vector');
  return ok(replaced(x, dim, index.shape.length === 0 ? 1 : index.shape[0]));
});

const gather = alongDim('torch.gather', [{ name: 'dim' }, { name: 'index' }, { name: 'sparse_grad', keywordOnly: true, default: false }], (x, dim, args) => {
  const index = args.index;
  if (!isTensor(index) || index.shape === null) return ok(like(x, null, 'gather: index shape not known'));
  // torch compares ranks with 0-d counted as 1-D.
  if (Math.max(index.shape.length, 1) !== Math.max(x.shape.length, 1)) {
    return fail('gather-index', 'Index tensor must have the same number of dimensions as input tensor');
  }
  const d = index.shape.findIndex((size, i) => i !== dim && typeof size === 'number' && typeof x.shape[i] === 'number' && size > (x.shape[i] as number));
  if (d >= 0) {
    return fail(
      'gather-index',
      `Size does not match at dimension ${d} expected index ${sizeList(index.shape)} to be smaller than self ${sizeList(x.shape)} apart from dimension ${dim}`,
    );
  }
  return ok(like(x, index.shape));
});

/** unfold: windows of `size` every `step` along a dim, as a new last dim. */
const unfold = alongDim(
  'Tensor.unfold',
  [{ name: 'dimension' }, { name: 'size' }, { name: 'step' }],
  (x, dim, args) => {
  const size = toDim(args.size);
  const step = toDim(args.step);
  const extent = x.shape.length === 0 ? 1 : x.shape[dim];
  if (typeof extent === 'number' && typeof size === 'number' && size > extent) {
    return fail('unfold-size', `maximum size for tensor at dimension ${dim} is ${extent} but size is ${size}`);
  }
  if (typeof step === 'number' && step <= 0) return fail('unfold-size', `step is ${step} but must be > 0`);
  const windows = dimAdd(dimFloorDiv(dimSub(extent, size), step), 1);
  return ok(like(x, x.shape.length === 0 ? [size] : [...x.shape.map((d, i) => (i === dim ? windows : d)), size]));
  },
  'dimension',
);

/** masked_fill: the input and the mask broadcast together (torch names the mask `a`). */
const maskedFill: FunctionDef = {
  name: 'torch.masked_fill',
  params: [{ name: 'input' }, { name: 'mask' }, { name: 'value' }],
  call: (args) => {
    const x = args.input;
    const mask = args.mask;
    if (!isTensor(x) || x.shape === null) return untracked('masked_fill', x);
    if (!isTensor(mask) || mask.shape === null) return ok(like(x, null, 'masked_fill: mask shape not known'));
    const result = broadcastShapes(mask.shape, x.shape);
    return result.ok && isTensor(result.value) ? ok(like(x, result.value.shape, result.value.reason)) : result;
  },
};

function dataDependent(name: string, shape: (x: Shaped) => Dim[], dtype?: string): FunctionDef {
  const op = name.replace(/^\w+\./, '');
  return {
    name,
    params: [{ name: 'input' }, { name: 'args', varargs: true }],
    call: (args) => {
      const x = args.input;
      if (!isTensor(x) || x.shape === null) return untracked(op, x);
      return ok(tensorOf(shape(x as Shaped), dtype ?? x.dtype, `${op}: the number of elements picked depends on the values`));
    },
  };
}

/** tril/triu keep the shape of a matrix or batch of matrices. */
function triangle(name: string): FunctionDef {
  return {
    name,
    params: [{ name: 'input' }, { name: 'diagonal', default: 0 }],
    call: (args) => {
      const x = args.input;
      if (!isTensor(x) || x.shape === null) return untracked(name, x);
      const rows = wrapIndexNoScalar(-2, x.shape.length);
      return isShapeError(rows) ? failWith(rows) : ok(like(x, x.shape));
    },
  };
}

/** one_hot: a new last dim of `num_classes`, which by default depends on the largest label. */
const oneHot: FunctionDef = {
  name: 'torch.nn.functional.one_hot',
  params: [{ name: 'tensor' }, { name: 'num_classes', default: -1 }],
  call: (args) => {
    const x = args.tensor;
    if (!isTensor(x) || x.shape === null) return untracked('one_hot', x);
    const classes = toDim(args.num_classes);
    const known = classes !== -1;
    return ok(tensorOf([...x.shape, known ? classes : null], 'int64', known ? undefined : 'one_hot: the number of classes depends on the largest label'));
  },
};

/** `x.item()`: a Python number only a one-element tensor can give. */
const item: FunctionDef = {
  name: 'Tensor.item',
  params: [{ name: 'input' }],
  call: (args) => {
    const x = args.input;
    const numel = isTensor(x) && x.shape !== null ? dimProduct(x.shape) : null;
    if (typeof numel === 'number' && numel !== 1) return fail('item-numel', 'only one element tensors can be converted to Python scalars');
    return ok(unknown('item(): the value depends on the data'));
  },
};

export const selectDefs: FunctionDef[] = [
  narrow,
  select,
  indexSelect,
  gather,
  unfold,
  maskedFill,
  dataDependent('torch.masked_select', () => [null]),
  dataDependent('torch.nonzero', (x) => [null, x.shape.length], 'int64'),
  triangle('torch.tril'),
  triangle('torch.triu'),
  item,
  oneHot,
];
