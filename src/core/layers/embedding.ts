/**
 * `Embedding`, `EmbeddingBag` and `F.embedding`: a lookup table of `num_embeddings` rows of
 * `embedding_dim` values. The output appends `embedding_dim` to the index tensor's shape (or, for
 * a bag, replaces each bag by one row). Out-of-range indices are reported only where the code spells
 * the index values out (`torch.tensor([[1, 2, 12]])`); any other index tensor's values are unknown.
 *
 * MACs: 0 (a lookup, no multiply-accumulates).
 */
import { dimAdd, dimMul, type Dim } from '../dims';
import { fail, float, isTensor, notATensor, ok, pyRepr, tensor, tensorArg, toBool, toDim, toNumber } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult, ParamSpec, ShapeError } from './types';

const FLOAT_DTYPES: Record<string, string> = { float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor' };

function embeddingForward(input: ArgValue | undefined, rows: Dim, dim: Dim): OpResult {
  if (!isTensor(input)) return notATensor('embedding', input);
  const floatName = input.dtype ? FLOAT_DTYPES[input.dtype] : undefined;
  if (floatName) {
    return fail(
      'embedding-dtype',
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${floatName} instead (while checking arguments for embedding)`,
    );
  }
  if (input.shape === null) return ok(tensor(null));
  // index_select refuses any index outside [0, num_embeddings), negative ones included.
  if (typeof rows === 'number' && input.values?.some((v) => v < 0 || v >= rows)) return fail('embedding-index', 'index out of range in self');
  return ok(tensor([...input.shape, dim]), { derivation: [], macs: 0 });
}

/** Embedding's `padding_idx`: within ±num_embeddings, and stored non-negative. */
function paddingIndex(args: BoundArgs, rows: Dim): { ok: true; index: Dim | undefined } | { ok: false; error: ShapeError } {
  const index = args.padding_idx;
  if (index === null || index === undefined) return { ok: true, index: undefined };
  const p = toDim(index);
  if (typeof p === 'number' && typeof rows === 'number' && (p >= rows || p < -rows)) {
    return fail('embedding-padding-idx', 'Padding_idx must be within num_embeddings');
  }
  return { ok: true, index: typeof p === 'number' && p < 0 ? dimAdd(rows, p) : p };
}

const TABLE_PARAMS: ParamSpec[] = [{ name: 'num_embeddings' }, { name: 'embedding_dim' }];
const NORM_PARAMS: ParamSpec[] = [{ name: 'max_norm', default: null }, { name: 'norm_type', default: float(2) }, { name: 'scale_grad_by_freq', default: false }];
const DEVICE_PARAMS: ParamSpec[] = [{ name: 'device', default: null }, { name: 'dtype', default: null }];

/** The table's size and its checked padding_idx, shared by Embedding and EmbeddingBag. */
function lookupTable(args: BoundArgs): { ok: true; rows: Dim; dim: Dim; padding: Dim | undefined } | { ok: false; error: ShapeError } {
  const rows = toDim(args.num_embeddings);
  const padding = paddingIndex(args, rows);
  if (!padding.ok) return padding;
  return { ok: true, rows, dim: toDim(args.embedding_dim), padding: padding.index };
}

/** The optional settings both reprs print when they differ from their defaults. */
function optionalRepr(args: BoundArgs, padding: Dim | undefined): string[] {
  const parts: string[] = [];
  if (padding !== undefined) parts.push(`padding_idx=${pyRepr(padding)}`);
  if (args.max_norm !== null && args.max_norm !== undefined) parts.push(`max_norm=${pyRepr(args.max_norm)}`);
  if (toNumber(args.norm_type) !== 2) parts.push(`norm_type=${pyRepr(args.norm_type)}`);
  if (toBool(args.scale_grad_by_freq)) parts.push('scale_grad_by_freq=True');
  if (toBool(args.sparse)) parts.push('sparse=True');
  return parts;
}

const embedding: LayerDef = {
  name: 'Embedding',
  params: [
    ...TABLE_PARAMS,
    { name: 'padding_idx', default: null },
    ...NORM_PARAMS,
    { name: 'sparse', default: false },
    { name: '_weight', default: null },
    ...DEVICE_PARAMS,
  ],
  build(args) {
    const table = lookupTable(args);
    if (!table.ok) return table;
    const { rows, dim, padding } = table;
    return {
      ok: true,
      layer: {
        repr: `Embedding(${[`${pyRepr(rows)}, ${pyRepr(dim)}`, ...optionalRepr(args, padding)].join(', ')})`,
        params: dimMul(rows, dim),
        weights: [{ name: 'weight', shape: [rows, dim] }],
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => embeddingForward(fwd.input, rows, dim),
        attributes: { num_embeddings: rows, embedding_dim: dim, padding_idx: padding ?? null },
      },
    };
  },
};

function bagForward(input: ArgValue | undefined, offsets: ArgValue | undefined, dim: Dim): OpResult {
  if (!isTensor(input)) return notATensor('embedding_bag', input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  const offsetTensor = isTensor(offsets) ? offsets : undefined;
  if (shape.length === 2) {
    if (offsetTensor) {
      return fail(
        'embedding-offsets',
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type <class 'torch.Tensor'>",
      );
    }
    return ok(tensor([shape[0], dim]), { derivation: [], macs: 0 });
  }
  if (shape.length === 1) {
    if (!offsetTensor) return fail('embedding-offsets', 'offsets has to be a 1D Tensor but got None');
    return ok(tensor([offsetTensor.shape?.length === 1 ? offsetTensor.shape[0] : null, dim]), { derivation: [], macs: 0 });
  }
  return fail('input-rank', `input has to be 1D or 2D Tensor, but got Tensor of dimension ${shape.length}`);
}

const embeddingBag: LayerDef = {
  name: 'EmbeddingBag',
  params: [
    ...TABLE_PARAMS,
    ...NORM_PARAMS,
    { name: 'mode', default: 'mean' },
    { name: 'sparse', default: false },
    { name: '_weight', default: null },
    { name: 'include_last_offset', default: false },
    { name: 'padding_idx', default: null },
    ...DEVICE_PARAMS,
  ],
  build(args) {
    const table = lookupTable(args);
    if (!table.ok) return table;
    const { rows, dim, padding } = table;
    const mode = typeof args.mode === 'string' ? args.mode : 'mean';
    const settings = optionalRepr(args, undefined);
    return {
      ok: true,
      layer: {
        repr: `EmbeddingBag(${[`${pyRepr(rows)}, ${pyRepr(dim)}`, ...settings, `mode=${mode}`, ...(padding !== undefined ? [`padding_idx=${pyRepr(padding)}`] : [])].join(', ')})`,
        params: dimMul(rows, dim),
        weights: [{ name: 'weight', shape: [rows, dim] }],
        forwardParams: [{ name: 'input' }, { name: 'offsets', default: null }, { name: 'per_sample_weights', default: null }],
        forward: (fwd) => bagForward(fwd.input, fwd.offsets, dim),
        attributes: { num_embeddings: rows, embedding_dim: dim, mode },
      },
    };
  },
};

export const embeddingLayers: LayerDef[] = [embedding, embeddingBag];

export const embeddingFunctions: FunctionDef[] = [
  {
    name: 'torch.nn.functional.embedding',
    params: [
      { name: 'input' },
      { name: 'weight' },
      { name: 'padding_idx', default: null },
      { name: 'max_norm', default: null },
      { name: 'norm_type', default: float(2) },
      { name: 'scale_grad_by_freq', default: false },
      { name: 'sparse', default: false },
    ],
    call(args) {
      const weight = tensorArg(args, 'weight');
      return weight?.shape?.length === 2 ? embeddingForward(args.input, weight.shape[0], weight.shape[1]) : embeddingForward(args.input, null, null);
    },
  },
];
