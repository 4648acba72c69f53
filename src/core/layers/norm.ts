/**
 * Normalisation: `BatchNorm1/2/3d`, `InstanceNorm1/2/3d`, `GroupNorm`, `LayerNorm`,
 * `LocalResponseNorm` and their `F.*` forms. All keep the input's shape; what they check is the
 * feature count against their parameters and buffers (ATen's "should contain N elements"), the
 * input's rank, and, while training, that each channel sees more than one value.
 *
 * Modules are checked in the mode `LayerInstance.training` says, training as torch builds them: a
 * batch of one through BatchNorm raises there (code `norm-batch-size`), not after `.eval()`.
 *
 * MACs: 0 (the convention counts the main multiply-accumulates of conv and linear layers only).
 */
import { dimMul, dimProduct, type Dim } from '../dims';
import { fail, float, isTensor, notATensor, ok, paramCount, pyRepr, sizeList, tensor, tensorArg, toBool, toDim, wrapDim } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, LayerInstance, OpResult, ParamSpec } from './types';

const EPS: ParamSpec = { name: 'eps', default: float(1e-5) };
const MOMENTUM: ParamSpec = { name: 'momentum', default: float(0.1) };
const DEVICE: ParamSpec[] = [{ name: 'device', default: null }, { name: 'dtype', default: null }];

function unchanged(shape: Dim[]): OpResult {
  return ok(tensor(shape), { derivation: [], macs: 0 });
}

/** `torch.Size([1, 6])` as Python prints a size in a ValueError. */
function torchSize(shape: Dim[]): string {
  return `torch.Size(${sizeList(shape)})`;
}

/** ATen's `check_dims_match_num_input_features` over the buffers and parameters that exist. */
function featureCheck(channels: Dim, present: { name: string; numel: Dim }[]): OpResult | undefined {
  for (const { name, numel } of present) {
    if (typeof channels === 'number' && typeof numel === 'number' && channels !== numel) {
      return fail('norm-features', `${name} should contain ${channels} elements not ${numel}`);
    }
  }
  return undefined;
}

/** `_verify_batch_size`: training needs more than one value per channel. */
function batchSizeCheck(shape: Dim[], printed: string): OpResult | undefined {
  if (shape.length < 2) return undefined;
  const values = dimMul(shape[0], dimProduct(shape.slice(2)));
  if (values === 1) return fail('norm-batch-size', `Expected more than 1 value per channel when training, got input size ${printed}`);
  return undefined;
}

interface Stats {
  affine: boolean;
  track: boolean;
}

function statsTensors(features: Dim, s: Stats, scale: Dim = 1): { name: string; numel: Dim }[] {
  const n = dimMul(features, scale);
  return [
    ...(s.track ? [{ name: 'running_mean', numel: n }, { name: 'running_var', numel: n }] : []),
    ...(s.affine ? [{ name: 'weight', numel: n }, { name: 'bias', numel: n }] : []),
  ];
}

function statsWeights(features: Dim, s: Stats) {
  return [
    ...(s.affine ? [{ name: 'weight', shape: [features] }, { name: 'bias', shape: [features] }] : []),
    ...(s.track ? [{ name: 'running_mean', shape: [features] }, { name: 'running_var', shape: [features] }] : []),
  ];
}

function batchNormForward(n: number, input: ArgValue | undefined, features: Dim, s: Stats, training: boolean): OpResult {
  if (!isTensor(input)) return notATensor(`BatchNorm${n}d`, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  const ranks = n === 1 ? [2, 3] : [n + 2];
  if (!ranks.includes(shape.length)) {
    return fail('input-rank', `expected ${n === 1 ? '2D or 3D' : `${n + 2}D`} input (got ${shape.length}D input)`);
  }
  // In eval mode with running stats, batch_norm normalises by them and one value per channel is fine.
  const usesBatchStats = training || !s.track;
  return (usesBatchStats ? batchSizeCheck(shape, torchSize(shape)) : undefined) ?? featureCheck(shape[1], statsTensors(features, s)) ?? unchanged(shape);
}

function instanceNormForward(n: number, input: ArgValue | undefined, features: Dim, s: Stats, momentum: ArgValue, training: boolean): OpResult {
  if (!isTensor(input)) return notATensor(`InstanceNorm${n}d`, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (shape.length !== n + 1 && shape.length !== n + 2) {
    return fail('input-rank', `expected ${n + 1}D or ${n + 2}D input (got ${shape.length}D input)`);
  }
  // An unbatched input runs as a batch of one; instance norm folds the batch into the channels.
  const batched = shape.length === n + 2 ? shape : [1, ...shape];
  const usesInputStats = training || !s.track;
  if (usesInputStats && dimProduct(batched.slice(2)) === 1) {
    return fail('norm-batch-size', `Expected more than 1 spatial element when training, got input size ${torchSize(batched)}`);
  }
  // F.instance_norm's binding takes momentum as a float; BatchNorm's None (cumulative average) is not accepted.
  if (momentum === null) return fail('norm-momentum', "instance_norm(): argument 'momentum' (position 7) must be float, not NoneType");
  const folded = dimMul(batched[0], batched[1]);
  return featureCheck(folded, statsTensors(features, s, batched[0])) ?? unchanged(shape);
}

function statsRepr(name: string, args: BoundArgs, s: Stats): string {
  return `${name}(${pyRepr(args.num_features)}, eps=${pyRepr(args.eps)}, momentum=${pyRepr(args.momentum)}, affine=${pyRepr(s.affine)}, track_running_stats=${pyRepr(s.track)})`;
}

function statsNormDef(family: 'BatchNorm' | 'InstanceNorm', n: number): LayerDef {
  const name = `${family}${n}d`;
  const batch = family === 'BatchNorm';
  return {
    name,
    params: [
      { name: 'num_features' },
      EPS,
      MOMENTUM,
      { name: 'affine', default: batch },
      { name: 'track_running_stats', default: batch },
      ...DEVICE,
    ],
    build(args) {
      const features = toDim(args.num_features);
      const s: Stats = { affine: toBool(args.affine) ?? batch, track: toBool(args.track_running_stats) ?? batch };
      const weights = statsWeights(features, s);
      const layer: LayerInstance = {
        repr: statsRepr(name, args, s),
        params: paramCount(weights.filter((w) => w.name === 'weight' || w.name === 'bias')),
        weights,
        forwardParams: [{ name: 'input' }],
        training: true,
        forward: (fwd) =>
          batch
            ? batchNormForward(n, fwd.input, features, s, layer.training !== false)
            : instanceNormForward(n, fwd.input, features, s, args.momentum ?? null, layer.training !== false),
        attributes: { num_features: features, eps: args.eps, momentum: args.momentum, affine: s.affine, track_running_stats: s.track },
      };
      return { ok: true, layer };
    },
  };
}

const groupNorm: LayerDef = {
  name: 'GroupNorm',
  params: [{ name: 'num_groups' }, { name: 'num_channels' }, EPS, { name: 'affine', default: true }, ...DEVICE],
  build(args) {
    const groups = toDim(args.num_groups);
    const channels = toDim(args.num_channels);
    if (typeof groups === 'number' && typeof channels === 'number' && groups !== 0 && channels % groups !== 0) {
      return fail('groups-divisible', 'num_channels must be divisible by num_groups');
    }
    const affine = toBool(args.affine) ?? true;
    const weights = affine ? [{ name: 'weight', shape: [channels] }, { name: 'bias', shape: [channels] }] : [];
    return {
      ok: true,
      layer: {
        repr: `GroupNorm(${pyRepr(args.num_groups)}, ${pyRepr(args.num_channels)}, eps=${pyRepr(args.eps)}, affine=${pyRepr(affine)})`,
        params: paramCount(weights),
        weights,
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => groupNormForward(fwd.input, groups, affine ? channels : undefined),
        attributes: { num_groups: groups, num_channels: channels, eps: args.eps, affine },
      },
    };
  },
};

function groupNormForward(input: ArgValue | undefined, groups: Dim, weightSize: Dim | undefined): OpResult {
  if (!isTensor(input)) return notATensor('group_norm', input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  const channelDim = wrapDim(1, shape.length);
  if (!channelDim.ok) return channelDim;
  const c = shape[1];
  if (typeof c === 'number' && typeof groups === 'number' && groups > 0) {
    const grouped = [dimMul(shape[0], Math.floor(c / groups)), groups, ...shape.slice(2)];
    const tooFew = batchSizeCheck(grouped, sizeList(grouped));
    if (tooFew) return tooFew;
    if (c % groups !== 0) {
      return fail('groups-divisible', `Expected number of channels in input to be divisible by num_groups, but got input of shape ${sizeList(shape)} and num_groups=${groups}`);
    }
  }
  if (weightSize !== undefined && typeof weightSize === 'number' && typeof c === 'number' && weightSize !== c) {
    return fail(
      'norm-features',
      `Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [${weightSize}] and input of shape ${sizeList(shape)}`,
    );
  }
  return unchanged(shape);
}

function layerNormForward(input: ArgValue | undefined, normalized: Dim[]): OpResult {
  if (!isTensor(input)) return notATensor('layer_norm', input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  const tail = shape.slice(shape.length - normalized.length);
  const mismatch = shape.length < normalized.length || tail.some((d, i) => typeof d === 'number' && typeof normalized[i] === 'number' && d !== normalized[i]);
  if (mismatch) {
    return fail(
      'norm-features',
      `Given normalized_shape=${sizeList(normalized)}, expected input with shape [*, ${normalized.map((d) => pyRepr(d)).join(', ')}], but got input of size${sizeList(shape)}`,
    );
  }
  return unchanged(shape);
}

const layerNorm: LayerDef = {
  name: 'LayerNorm',
  params: [{ name: 'normalized_shape' }, EPS, { name: 'elementwise_affine', default: true }, ...DEVICE],
  build(args) {
    const normalized = Array.isArray(args.normalized_shape) ? args.normalized_shape.map(toDim) : [toDim(args.normalized_shape)];
    const affine = toBool(args.elementwise_affine) ?? true;
    const weights = affine ? [{ name: 'weight', shape: normalized }, { name: 'bias', shape: normalized }] : [];
    return {
      ok: true,
      layer: {
        repr: `LayerNorm(${pyRepr(normalized)}, eps=${pyRepr(args.eps)}, elementwise_affine=${pyRepr(affine)})`,
        params: paramCount(weights),
        weights,
        forwardParams: [{ name: 'input' }],
        forward: (fwd) => layerNormForward(fwd.input, normalized),
        attributes: { normalized_shape: normalized, eps: args.eps, elementwise_affine: affine },
      },
    };
  },
};

/** torch's message keeps the indentation of a continued source line. */
const LRN_RANK = 'Expected 3D or higher dimensionality                          input (got {} dimensions)';

function localResponseForward(input: ArgValue | undefined): OpResult {
  if (!isTensor(input)) return notATensor('local_response_norm', input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (shape.length < 3) return fail('input-rank', LRN_RANK.replace('{}', String(shape.length)));
  return unchanged(shape);
}

const localResponseNorm: LayerDef = {
  name: 'LocalResponseNorm',
  params: [{ name: 'size' }, { name: 'alpha', default: float(1e-4) }, { name: 'beta', default: float(0.75) }, { name: 'k', default: float(1) }],
  build: (args) => ({
    ok: true,
    layer: {
      repr: `LocalResponseNorm(${pyRepr(args.size)}, alpha=${pyRepr(args.alpha)}, beta=${pyRepr(args.beta)}, k=${pyRepr(args.k)})`,
      params: 0,
      weights: [],
      forwardParams: [{ name: 'input' }],
      forward: (fwd) => localResponseForward(fwd.input),
      attributes: { size: args.size, alpha: args.alpha, beta: args.beta, k: args.k },
    },
  }),
};

export const normLayers: LayerDef[] = [
  ...[1, 2, 3].flatMap((n) => [statsNormDef('BatchNorm', n), statsNormDef('InstanceNorm', n)]),
  groupNorm,
  layerNorm,
  localResponseNorm,
];

/** The length of an optional 1-d tensor argument, for the functional forms' feature checks. */
function numelOf(args: BoundArgs, name: string): { name: string; numel: Dim }[] {
  const t = tensorArg(args, name);
  return t?.shape ? [{ name, numel: dimProduct(t.shape) }] : [];
}

export const normFunctions: FunctionDef[] = [
  {
    name: 'torch.nn.functional.batch_norm',
    params: [
      { name: 'input' },
      { name: 'running_mean' },
      { name: 'running_var' },
      { name: 'weight', default: null },
      { name: 'bias', default: null },
      { name: 'training', default: false },
      { name: 'momentum', default: float(0.1) },
      EPS,
    ],
    call(args) {
      const input = args.input;
      if (!isTensor(input)) return notATensor('batch_norm', input);
      if (input.shape === null) return ok(tensor(null));
      const shape = input.shape;
      if (toBool(args.training)) {
        const tooFew = batchSizeCheck(shape, torchSize(shape));
        if (tooFew) return tooFew;
      }
      const channels = shape.length > 1 ? shape[1] : null;
      const present = ['running_mean', 'running_var', 'weight', 'bias'].flatMap((n) => numelOf(args, n));
      return featureCheck(channels, present) ?? unchanged(shape);
    },
  },
  {
    name: 'torch.nn.functional.layer_norm',
    params: [{ name: 'input' }, { name: 'normalized_shape' }, { name: 'weight', default: null }, { name: 'bias', default: null }, EPS],
    call: (args) => layerNormForward(args.input, Array.isArray(args.normalized_shape) ? args.normalized_shape.map(toDim) : [toDim(args.normalized_shape)]),
  },
  {
    name: 'torch.nn.functional.group_norm',
    params: [{ name: 'input' }, { name: 'num_groups' }, { name: 'weight', default: null }, { name: 'bias', default: null }, EPS],
    call: (args) => groupNormForward(args.input, toDim(args.num_groups), numelOf(args, 'weight')[0]?.numel),
  },
  {
    name: 'torch.nn.functional.instance_norm',
    params: [
      { name: 'input' },
      { name: 'running_mean', default: null },
      { name: 'running_var', default: null },
      { name: 'weight', default: null },
      { name: 'bias', default: null },
      { name: 'use_input_stats', default: true },
      { name: 'momentum', default: float(0.1) },
      EPS,
    ],
    call(args) {
      const input = args.input;
      if (!isTensor(input)) return notATensor('instance_norm', input);
      const shape = input.shape;
      if (shape === null || shape.length < 2) return ok(tensor(shape));
      if ((toBool(args.use_input_stats) ?? true) && dimProduct(shape.slice(2)) === 1) {
        return fail('norm-batch-size', `Expected more than 1 spatial element when training, got input size ${torchSize(shape)}`);
      }
      // Instance norm folds the batch into the channels and repeats each statistic per sample.
      const present = ['running_mean', 'running_var', 'weight', 'bias'].flatMap((n) => numelOf(args, n)).map((t) => ({ ...t, numel: dimMul(t.numel, shape[0]) }));
      return featureCheck(dimMul(shape[0], shape[1]), present) ?? unchanged(shape);
    },
  },
  {
    name: 'torch.nn.functional.local_response_norm',
    params: [{ name: 'input' }, { name: 'size' }, { name: 'alpha', default: float(1e-4) }, { name: 'beta', default: float(0.75) }, { name: 'k', default: float(1) }],
    call: (args) => localResponseForward(args.input),
  },
];
