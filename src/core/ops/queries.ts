/**
 * What code reads back from a tensor as plain values: `x.size()`, `x.size(i)`, `x.shape`,
 * `x.dim()`, `x.ndim`, `x.numel()`. torch.Size is a tuple, so sizes come back as an array of dims.
 */
import { dimProduct } from '../dims';
import { fail, isTensor, ok, unknown } from '../layers/common';
import type { FunctionDef, OpResult } from '../layers/types';
import { failWith, isShapeError, type Shaped, sizesArg, wrapIndex } from './args';

function query(name: string, rule: (x: Shaped, dim?: unknown) => OpResult, withDim = false): FunctionDef {
  return {
    name,
    params: withDim ? [{ name: 'input' }, { name: 'dim', default: null }] : [{ name: 'input' }],
    call: (args) => {
      const x = args.input;
      if (!isTensor(x) || x.shape === null) return ok(unknown(`${name.replace('Tensor.', '')}: shape of the tensor not known`));
      return rule(x as Shaped, args.dim);
    },
  };
}

const sizes = (x: Shaped) => ok([...x.shape]);
const rank = (x: Shaped) => ok(x.shape.length);
const numel = (x: Shaped) => ok(dimProduct(x.shape));

/** `x.size(i)`: a 0-d tensor has no dim to name, whatever `i` is. */
const size = query(
  'Tensor.size',
  (x, dim) => {
    if (dim === null || dim === undefined) return sizes(x);
    if (x.shape.length === 0 && typeof dim === 'number') return fail('dim-out-of-range', `Dimension specified as ${dim} but tensor has no dimensions`);
    const d = wrapIndex(dim as number, x.shape.length);
    if (isShapeError(d)) return failWith(d);
    return d === null ? ok(unknown('size: dim not known')) : ok(x.shape[d]);
  },
  true,
);

/** `torch.Size([2, 3])` is a tuple of its sizes. */
const torchSize: FunctionDef = {
  name: 'torch.Size',
  params: [{ name: 'sizes', default: [] }],
  call: (args) => {
    const sizes = sizesArg(args.sizes);
    return ok(sizes === null ? unknown('torch.Size: sizes not known') : sizes);
  },
};

export const queryDefs: FunctionDef[] = [
  torchSize,
  size,
  query('Tensor.shape', sizes),
  query('Tensor.dim', rank),
  query('Tensor.ndimension', rank),
  query('Tensor.ndim', rank),
  query('Tensor.numel', numel),
  query('Tensor.nelement', numel),
  query('torch.numel', numel),
];
