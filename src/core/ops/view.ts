/**
 * Ops that rearrange a tensor's dims without touching its values: view/reshape and their -1
 * inference, flatten/unflatten, permute/transpose/movedim, (un)squeeze, expand/repeat/tile, and
 * the conversions that keep the shape (`.float()`, `.to(...)`, `.contiguous()`).
 */
import { dimEquals, dimMul, dimProduct, formatDim, type Dim } from '../dims';
import { layoutOf, rearranged, stridesOf, viewStrides, withStrides } from './layout';
import { fail, isTensor, ok, showDim, sizeList, toDim } from '../layers/common';
import type { ArgValue, BoundArgs, FunctionDef, OpResult, ParamSpec, ShapeError, TensorArg } from '../layers/types';
import { dimDivExact, dimKnownDiffers, dtypeArg, failWith, isShapeError, like, productText, type Shaped, sizesArg, tensorOf, untracked, wrapDimList, wrapIndex, wrapIndexNoScalar } from './args';

/** Runs `rule` on the receiver's known shape; an untracked receiver gives an unknown result. */
function onShape(op: string, rule: (input: Shaped, args: BoundArgs) => OpResult): (args: BoundArgs) => OpResult {
  return (args) => {
    const input = args.input;
    if (!isTensor(input) || input.shape === null) return untracked(op, input);
    return rule(input as Shaped, args);
  };
}

const input: ParamSpec = { name: 'input' };

/**
 * An op whose argument is one list of ints, given as varargs (`x.permute(0, 2, 1)`) or as one
 * tuple (`torch.permute(x, (0, 2, 1))`); `what` names the list in the unknown reason.
 */
function sizesOp(name: string, param: string, varargs: boolean, what: string, rule: (x: Shaped, sizes: Dim[]) => OpResult): FunctionDef {
  const op = name.replace(/^\w+\./, '');
  return {
    name,
    params: [input, { name: param, varargs }],
    call: onShape(op, (x, args) => {
      const sizes = sizesArg(args[param]);
      return sizes === null ? ok(like(x, null, `${op}: ${what} not known`)) : rule(x, sizes);
    }),
  };
}

/**
 * torch's `infer_size`: resolves a single -1 in `shape` against `numel` elements. A symbolic
 * count that is not known to divide leaves the inferred dim unknown, never an error.
 */
export function inferSize(shape: readonly Dim[], numel: Dim): { shape: Dim[]; reason?: string } | ShapeError {
  let newsize: Dim = 1;
  let inferAt = -1;
  for (const [i, d] of shape.entries()) {
    if (d === -1) {
      if (inferAt >= 0) return { code: 'view-infer', message: 'only one dimension can be inferred' };
      inferAt = i;
    } else if (typeof d === 'number' && d < 0) {
      return { code: 'view-size', message: `invalid shape dimension ${d}` };
    } else {
      newsize = dimMul(newsize, d);
    }
  }
  const invalid = () => ({ code: 'view-size', message: `shape '${sizeList(shape)}' is invalid for input of size ${formatDim(numel, 'python')}` });
  const res = [...shape];
  if (typeof numel === 'number' && typeof newsize === 'number') {
    if (numel === newsize || (inferAt >= 0 && newsize > 0 && numel % newsize === 0)) {
      if (inferAt < 0) return { shape: res };
      if (newsize === 0) {
        return {
          code: 'view-size',
          message: `cannot reshape tensor of 0 elements into shape ${sizeList(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`,
        };
      }
      res[inferAt] = numel / newsize;
      return { shape: res };
    }
    return invalid();
  }
  if (inferAt < 0) return dimKnownDiffers(numel, newsize) ? invalid() : { shape: res };
  res[inferAt] = dimDivExact(numel, newsize);
  if (res[inferAt] !== null) return { shape: res };
  const why = numel === null ? 'the input size is not known' : `${formatDim(numel)} is not known to be divisible by ${formatDim(newsize)}`;
  return { shape: res, reason: `-1 cannot be inferred: ${why}` };
}

/**
 * view/reshape to `sizes`; an input of unknown shape still yields the sizes it was given. `view`
 * of a non-contiguous layout raises where its dims cannot be regrouped; `reshape` copies instead.
 */
function reshapeTo(x: TensorArg, sizes: Dim[], mode: 'view' | 'reshape'): OpResult {
  const inferred = inferSize(sizes, x.shape === null ? null : dimProduct(x.shape));
  if (isShapeError(inferred)) return failWith(inferred);
  const at = sizes.indexOf(-1);
  let result = like(x, inferred.shape, inferred.reason);
  const strides = x.shape === null ? null : layoutOf(x as Shaped);
  if (strides !== null) {
    const regrouped = viewStrides(x.shape!, strides, inferred.shape);
    if (regrouped === null && mode === 'view') {
      return fail(
        'view-stride',
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      );
    }
    if (regrouped) result = withStrides(result, regrouped);
  }
  if (at < 0 || x.shape === null || inferred.shape[at] === null) return ok(result);
  // The hover explains the inferred -1: the element count divided by the other sizes.
  const others = sizes.filter((_, i) => i !== at);
  const divisor = others.length === 0 ? '' : ` / ${others.length === 1 ? showDim(others[0]) : `(${productText(others)})`}`;
  return ok(result, { derivation: [`elements = ${productText(x.shape)}`, `−1 = ${showDim(dimProduct(x.shape))}${divisor} = ${showDim(inferred.shape[at])}`] });
}

/** `x.view(dtype)` lands here too: its sizes cannot be read, and the result is unknown. */
function reshapeDef(name: string, varargs: boolean, mode: 'view' | 'reshape'): FunctionDef {
  const known = sizesOp(name, 'shape', varargs, 'target sizes', (x, sizes) => reshapeTo(x, sizes, mode));
  return {
    ...known,
    call: (args) => {
      const sizes = sizesArg(args.shape);
      return isTensor(args.input) && args.input.shape === null && sizes !== null ? reshapeTo(args.input, sizes, mode) : known.call(args);
    },
  };
}

function reshapeAsDef(name: string, mode: 'view' | 'reshape'): FunctionDef {
  return {
    name,
    params: [input, { name: 'other' }],
    call: onShape(name, (t, args) => {
      const other = args.other;
      if (!isTensor(other) || other.shape === null) return ok(like(t, null, `${name}: shape of other not known`));
      return reshapeTo(t, other.shape, mode);
    }),
  };
}

/** Applies `wrapIndex` to several dim arguments, stopping at the first error or unknown. */
function wrapAll(values: (ArgValue | undefined)[], rank: number, wrap: typeof wrapIndex = wrapIndex): number[] | null | ShapeError {
  const out: number[] = [];
  for (const v of values) {
    const d = wrap(v, rank);
    if (d === null || isShapeError(d)) return d;
    out.push(d);
  }
  return out;
}

/** The common outcome of wrapping dims: an error, an unknown result, or the rule's answer. */
function withDims(
  op: string,
  t: Shaped,
  values: (ArgValue | undefined)[],
  rank: number,
  rule: (dims: number[]) => OpResult,
  wrap: typeof wrapIndex = wrapIndex,
): OpResult {
  const dims = wrapAll(values, rank, wrap);
  if (isShapeError(dims)) return failWith(dims);
  if (dims === null) return ok(like(t, null, `${op}: dim not known`));
  return rule(dims);
}

const flatten: FunctionDef = {
  name: 'torch.flatten',
  params: [input, { name: 'start_dim', default: 0 }, { name: 'end_dim', default: -1 }],
  call: onShape('flatten', (t, args) =>
    withDims('flatten', t, [args.start_dim, args.end_dim], t.shape.length, ([start, end]) => {
      if (t.shape.length === 0) return ok(like(t, [1]));
      if (start > end) return fail('flatten-dims', 'flatten() has invalid args: start_dim cannot come after end_dim');
      const span = t.shape.slice(start, end + 1);
      if (span.length === 1) return ok(t);
      // flatten is a reshape: a view where the layout allows, a copy where not.
      const result = reshapeTo(t, [...t.shape.slice(0, start), dimProduct(span), ...t.shape.slice(end + 1)], 'reshape');
      return result.ok ? ok(result.value, { derivation: [`dims ${start}…${end}: ${productText(span)}`] }) : result;
    }),
  ),
};

const unflatten: FunctionDef = {
  name: 'torch.unflatten',
  params: [input, { name: 'dim' }, { name: 'sizes' }],
  call: onShape('unflatten', (t, args) =>
    withDims('unflatten', t, [args.dim], t.shape.length, ([dim]) => {
      const sizes = sizesArg(args.sizes);
      if (sizes === null) return ok(like(t, null, 'unflatten: sizes not known'));
      if (sizes.length === 0) return fail('unflatten-sizes', 'unflatten: sizes must be non-empty');
      // A 0-d tensor takes dim 0 or -1, then has no size there to split.
      if (t.shape.length === 0) return fail('dim-out-of-range', `Dimension specified as ${dim} but tensor has no dimensions`);
      const inferred = inferSize(sizes, t.shape[dim]);
      if (isShapeError(inferred)) {
        // torch rewords the two errors infer_size raises as std::runtime_error.
        if (inferred.message.startsWith('shape ')) {
          return fail(
            'unflatten-sizes',
            `unflatten: Provided sizes ${sizeList(sizes)} don't multiply up to the size of dim ${dim} (${formatDim(t.shape[dim], 'python')}) in the input tensor`,
          );
        }
        if (inferred.code === 'view-infer') return fail('unflatten-sizes', `unflatten got an unexpected error:\n${inferred.message}`);
        return failWith(inferred);
      }
      const result = reshapeTo(t, [...t.shape.slice(0, dim), ...inferred.shape, ...t.shape.slice(dim + 1)], 'view');
      return result.ok && inferred.reason && isTensor(result.value) ? ok({ ...result.value, reason: inferred.reason }) : result;
    }),
  ),
};

/** Output dim i is input dim `order[i]`: the shape and the strides of the view follow. */
function reorder(x: Shaped, order: number[]): OpResult {
  return ok(rearranged(x, like(x, order.map((d) => x.shape[d])), order));
}

/** `permute(*dims)` and `torch.permute(input, dims)`. */
function permuteDef(name: string, varargs: boolean): FunctionDef {
  return sizesOp(name, 'dims', varargs, 'dims', (t, order) => {
    const rank = t.shape.length;
    if (order.length !== rank) {
      return fail(
        'permute-dims',
        `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${rank} is not equal to len(dims) = ${order.length}`,
      );
    }
    return withDims('permute', t, order, rank, (dims) => {
      if (new Set(dims).size !== dims.length) return fail('permute-dims', 'permute(): duplicate dims are not allowed.');
      return reorder(t, dims);
    });
  });
}

function transposeDef(name: string, a: string, b: string): FunctionDef {
  return {
    name,
    params: [input, { name: a }, { name: b }],
    call: onShape('transpose', (t, args) =>
      withDims('transpose', t, [args[a], args[b]], t.shape.length, ([d0, d1]) => {
        const order = t.shape.map((_, i) => i);
        // A 0-d tensor takes dims 0 and -1 and stays as it is.
        if (order.length > 0) [order[d0], order[d1]] = [order[d1], order[d0]];
        return reorder(t, order);
      }),
    ),
  };
}

const t: FunctionDef = {
  name: 'torch.t',
  params: [input],
  call: onShape('t', (x) => {
    if (x.shape.length > 2) return fail('t-dims', `t() expects a tensor with <= 2 dimensions, but self is ${x.shape.length}D`);
    return reorder(x, x.shape.map((_, i) => x.shape.length - 1 - i));
  }),
};

/** The `.T` property: every dim reversed (deprecated by torch beyond 2-D, but still allowed). */
const reversedT: FunctionDef = {
  name: 'Tensor.T',
  params: [input],
  call: onShape('T', (x) => reorder(x, x.shape.map((_, i) => x.shape.length - 1 - i))),
};

/** The `.mT` property: the last two dims swapped. */
const matrixT: FunctionDef = {
  name: 'Tensor.mT',
  params: [input],
  call: onShape('mT', (x) => {
    const n = x.shape.length;
    if (n === 1) return fail('t-dims', `tensor.mT is only supported on matrices or batches of matrices. Got ${n}-D tensor.`);
    const order = x.shape.map((_, i) => i);
    if (n >= 2) [order[n - 2], order[n - 1]] = [order[n - 1], order[n - 2]];
    return reorder(x, order);
  }),
};

function movedimDef(name: string): FunctionDef {
  return {
    name,
    params: [input, { name: 'source' }, { name: 'destination' }],
    call: onShape('movedim', (x, args) => {
      const src = Array.isArray(args.source) ? args.source : [args.source];
      const dst = Array.isArray(args.destination) ? args.destination : [args.destination];
      const rank = x.shape.length;
      if (src.length !== dst.length) {
        return fail(
          'movedim-dims',
          `movedim: Invalid source or destination dims: source (${sizeList(src.map(toDim))} dims) should contain the same number of dims as destination (${sizeList(dst.map(toDim))} dims)`,
        );
      }
      return withDims('movedim', x, [...src, ...dst], rank, (all) => {
        const from = all.slice(0, src.length);
        const to = all.slice(src.length);
        for (const [label, list, given] of [['source', from, src], ['destination', to, dst]] as const) {
          if (new Set(list).size !== list.length) return fail('movedim-dims', `movedim: repeated dim in \`${label}\` (${sizeList(given.map(toDim))})`);
        }
        // A 0-d tensor takes dims 0 and -1 and stays as it is.
        if (rank === 0) return reorder(x, []);
        const order: number[] = new Array(rank);
        from.forEach((s, i) => (order[to[i]] = s));
        const rest = x.shape.map((_, i) => i).filter((i) => !from.includes(i));
        let next = 0;
        for (let i = 0; i < rank; i++) if (!to.includes(i)) order[i] = rest[next++];
        return reorder(x, order);
      });
    }),
  };
}

const unsqueeze: FunctionDef = {
  name: 'torch.unsqueeze',
  params: [input, { name: 'dim' }],
  call: onShape('unsqueeze', (x, args) =>
    withDims('unsqueeze', x, [args.dim], x.shape.length + 1, ([d]) => {
      const strides = stridesOf(x);
      // torch gives the new dim the stride it would have in a contiguous layout of the dims after it.
      const stride = d >= x.shape.length ? 1 : dimMul(x.shape[d], strides[d]);
      const result = like(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
      return ok(withStrides(result, [...strides.slice(0, d), stride, ...strides.slice(d)]));
    }),
  ),
};

/**
 * squeeze drops size-1 dims. On a dim whose size is not 1 it silently does nothing, which is a
 * frequent surprise; the derivation says so. A symbolic size might be 1, so the rank is unknown.
 */
const squeeze: FunctionDef = {
  name: 'torch.squeeze',
  params: [input, { name: 'dim', default: null }],
  call: onShape('squeeze', (x, args) => {
    if (x.shape.length === 0) return withDims('squeeze', x, args.dim === null ? [] : [args.dim], 0, () => ok(like(x, [])));
    const candidates = args.dim === null ? x.shape.map((_, i) => i) : wrapAll([args.dim], x.shape.length);
    if (isShapeError(candidates)) return failWith(candidates);
    if (candidates === null) return ok(like(x, null, 'squeeze: dim not known'));
    const undecided = candidates.filter((i) => dimEquals(x.shape[i], 1) === null && !dimKnownDiffers(x.shape[i], 1));
    if (undecided.length > 0) {
      return ok(like(x, null, `squeeze: cannot tell whether ${undecided.map((i) => formatDim(x.shape[i])).join(', ')} is 1`));
    }
    const dropped = candidates.filter((i) => x.shape[i] === 1);
    const kept = (_: unknown, i: number) => !dropped.includes(i);
    const result = withStrides(like(x, x.shape.filter(kept)), stridesOf(x).filter(kept));
    const derivation =
      args.dim !== null && dropped.length === 0 && x.shape.length > 0
        ? [`squeeze(${candidates[0]}) leaves the shape unchanged: dim ${candidates[0]} has size ${formatDim(x.shape[candidates[0]])}, not 1`]
        : [];
    return derivation.length ? ok(result, { derivation }) : ok(result);
  }),
};

/** torch's legacy type name for a dtype, as `expand`'s error prints the tensor. */
const legacyTypeNames: Record<string, string> = {
  float32: 'FloatTensor',
  float64: 'DoubleTensor',
  float16: 'HalfTensor',
  int64: 'LongTensor',
  int32: 'IntTensor',
  int16: 'ShortTensor',
  int8: 'CharTensor',
  uint8: 'ByteTensor',
};

/** How that error prints a tensor: dtypes without a legacy tensor type use the dispatch type name. */
function tensorTypeName(dtype: string | undefined): string {
  // The float name is torch's default dtype, and the dtype of almost every tensor a CNN sees.
  const legacy = legacyTypeNames[dtype ?? 'float32'];
  if (legacy) return `torch.${legacy}`;
  return dtype === 'bool' ? 'CPUBoolType' : dtype === 'bfloat16' ? 'CPUBFloat16Type' : 'torch.FloatTensor';
}

/** torch's `inferExpandGeometry`: -1 keeps a dim, new leading dims are allowed, only size-1 dims grow. */
export function expandTo(x: Shaped, sizes: Dim[]): OpResult {
  const rank = x.shape.length;
  if (sizes.length < rank) {
    return fail(
      'expand-size',
      `expand(${tensorTypeName(x.dtype)}{${sizeList(x.shape)}}, size=${sizeList(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${rank})`,
    );
  }
  const out: Dim[] = [...sizes];
  const strides = stridesOf(x);
  // Expanded and new dims repeat the same elements: stride 0.
  const outStrides: Dim[] = sizes.map(() => 0);
  for (let i = sizes.length - 1; i >= 0; i--) {
    const existing = i - (sizes.length - rank);
    const size: Dim = existing >= 0 ? x.shape[existing] : 1;
    let target = sizes[i];
    // A 0-d tensor takes another path in torch, where -1 is not special.
    if (target === -1 && rank > 0) {
      if (existing < 0) return fail('expand-size', `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      target = size;
    }
    // Only a size known not to be 1 and known to differ from the target raises.
    if (dimKnownDiffers(size, target) && dimKnownDiffers(size, 1)) {
      return fail(
        'expand-size',
        `The expanded size of the tensor (${formatDim(target, 'python')}) must match the existing size (${formatDim(size, 'python')}) at non-singleton dimension ${i}.  Target sizes: ${sizeList(sizes)}.  Tensor sizes: ${sizeList(x.shape)}`,
      );
    }
    out[i] = target;
    if (existing >= 0 && dimEquals(size, target) === true) outStrides[i] = strides[existing];
    else if (existing >= 0 && !(size === 1 && dimKnownDiffers(target, 1))) outStrides[i] = null;
  }
  if (out.some((d) => typeof d === 'number' && d < 0)) return fail('negative-dim', 'numel: integer multiplication overflow');
  return ok(withStrides(like(x, out), outStrides));
}

const expandAs: FunctionDef = {
  name: 'Tensor.expand_as',
  params: [input, { name: 'other' }],
  call: onShape('expand_as', (x, args) => {
    const other = args.other;
    if (!isTensor(other) || other.shape === null) return ok(like(x, null, 'expand_as: shape of other not known'));
    return expandTo(x, other.shape);
  }),
};

/** repeat: each dim multiplied; extra repeats add leading dims. */
function repeatBy(x: Shaped, repeats: Dim[]): OpResult {
  if (repeats.length < x.shape.length) {
    return fail('repeat-dims', 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const padded = [...new Array<Dim>(repeats.length - x.shape.length).fill(1), ...x.shape];
  const out = padded.map((d, i) => dimMul(d, repeats[i]));
  const negative = out.find((d) => typeof d === 'number' && d < 0);
  if (negative !== undefined) return fail('negative-dim', `Trying to create tensor with negative dimension ${negative}: ${sizeList(out)}`);
  return ok(like(x, out));
}

/** tile: like repeat, but fewer counts than dims are padded with leading 1s. */
function tileDef(name: string, varargs: boolean): FunctionDef {
  return sizesOp(name, 'dims', varargs, 'counts', (x, dims) =>
    repeatBy(x, [...new Array<Dim>(Math.max(0, x.shape.length - dims.length)).fill(1), ...dims]),
  );
}

/** repeat_interleave: each element repeated along `dim`, or along the flattened input without one. */
const repeatInterleave: FunctionDef = {
  name: 'torch.repeat_interleave',
  params: [input, { name: 'repeats' }, { name: 'dim', default: null }, { name: 'output_size', keywordOnly: true, default: null }],
  call: onShape('repeat_interleave', (x, args) => {
    const repeats = isTensor(args.repeats) ? null : toDim(args.repeats);
    const negative = typeof repeats === 'number' && repeats < 0 ? fail('repeat-dims', 'repeats can not be negative') : undefined;
    if (args.dim === null) return negative ?? ok(like(x, [dimMul(dimProduct(x.shape), repeats)]));
    return withDims(
      'repeat_interleave',
      x,
      [args.dim],
      x.shape.length,
      ([d]) => negative ?? ok(like(x, x.shape.map((s, i) => (i === d ? dimMul(s, repeats) : s)))),
      wrapIndexNoScalar,
    );
  }),
};

/** flip and roll move values, not dims; they check their dims as reductions do. */
const flip: FunctionDef = {
  name: 'torch.flip',
  params: [input, { name: 'dims', varargs: true }],
  call: onShape('flip', (x, args) => {
    const dims = wrapDimList(sizesArg(args.dims) ?? [], x.shape.length);
    return isShapeError(dims) ? failWith(dims) : ok(like(x, x.shape));
  }),
};

const roll: FunctionDef = {
  name: 'torch.roll',
  params: [input, { name: 'shifts' }, { name: 'dims', default: null }],
  call: onShape('roll', (x, args) => {
    const shifts = Array.isArray(args.shifts) ? args.shifts : [args.shifts];
    const dims = args.dims === null ? [] : Array.isArray(args.dims) ? args.dims : [args.dims];
    if (dims.length > 0 && dims.length !== shifts.length) {
      return fail('roll-dims', `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
    }
    return withDims('roll', x, dims, x.shape.length, () => ok(like(x, x.shape)), wrapIndexNoScalar);
  }),
};

/** Conversions and copies that keep the shape; those that fix a dtype name it. */
const sameShape: [string, string | undefined][] = [
  ['contiguous', undefined],
  ['clone', undefined],
  ['detach', undefined],
  ['detach_', undefined],
  ['requires_grad_', undefined],
  ['cpu', undefined],
  ['cuda', undefined],
  ['pin_memory', undefined],
  ['float', 'float32'],
  ['double', 'float64'],
  ['half', 'float16'],
  ['bfloat16', 'bfloat16'],
  ['int', 'int32'],
  ['long', 'int64'],
  ['short', 'int16'],
  ['char', 'int8'],
  ['byte', 'uint8'],
  ['bool', 'bool'],
];

function sameShapeDef(method: string, dtype: string | undefined): FunctionDef {
  return {
    name: `Tensor.${method}`,
    params: [input, { name: 'args', varargs: true }],
    call: onShape(method, (x) => ok({ ...like(x, x.shape), ...(dtype ? { dtype } : {}) })),
  };
}

/** `.to(...)` and `.type_as(other)`: the shape stays; the dtype may change to one not tracked. */
const conversions: FunctionDef[] = [
  {
    name: 'Tensor.to',
    params: [input, { name: 'args', varargs: true }, ...['dtype', 'device', 'non_blocking', 'copy', 'memory_format'].map((name) => ({ name, keywordOnly: true, default: null }))],
    // `.to(torch.float16)` or `.to(device, dtype)`: a dtype given by name is kept; a device is not.
    call: onShape('to', (x, args) => {
      const named = [...(Array.isArray(args.args) ? args.args : []), args.dtype].map((v) => dtypeArg(v, undefined)).find((d) => d !== undefined);
      return ok(named ? tensorOf(x.shape, named) : { kind: 'tensor', shape: x.shape });
    }),
  },
  {
    name: 'Tensor.type',
    params: [input, { name: 'dtype', default: null }, { name: 'non_blocking', default: false }],
    // Without a dtype, `x.type()` is the type's name, a string.
    call: onShape('type', (x, args) => ok(args.dtype === null ? { kind: 'unknown', reason: 'type(): a type name' } : tensorOf(x.shape, dtypeArg(args.dtype, undefined)))),
  },
  { name: 'Tensor.type_as', params: [input, { name: 'other' }], call: onShape('type_as', (x, args) => ok({ kind: 'tensor', shape: x.shape, ...(isTensor(args.other) && args.other.dtype ? { dtype: args.other.dtype } : {}) })) },
];

export const viewDefs: FunctionDef[] = [
  reshapeDef('Tensor.view', true, 'view'),
  reshapeDef('Tensor.reshape', true, 'reshape'),
  reshapeDef('torch.reshape', false, 'reshape'),
  reshapeAsDef('Tensor.view_as', 'view'),
  reshapeAsDef('Tensor.reshape_as', 'reshape'),
  flatten,
  unflatten,
  permuteDef('Tensor.permute', true),
  permuteDef('torch.permute', false),
  transposeDef('torch.transpose', 'dim0', 'dim1'),
  transposeDef('torch.swapdims', 'dim0', 'dim1'),
  transposeDef('torch.swapaxes', 'axis0', 'axis1'),
  t,
  reversedT,
  matrixT,
  movedimDef('torch.movedim'),
  movedimDef('torch.moveaxis'),
  unsqueeze,
  squeeze,
  sizesOp('Tensor.expand', 'size', true, 'sizes', expandTo),
  sizesOp('torch.broadcast_to', 'size', false, 'sizes', expandTo),
  expandAs,
  sizesOp('Tensor.repeat', 'repeats', true, 'counts', repeatBy),
  tileDef('Tensor.tile', true),
  tileDef('torch.tile', false),
  repeatInterleave,
  flip,
  roll,
  ...sameShape.map(([m, d]) => sameShapeDef(m, d)),
  ...conversions,
];
