/**
 * Sliding-window pooling: `MaxPool1/2/3d`, `AvgPool1/2/3d`, `LPPool1/2d`, `MaxUnpool1/2/3d` and
 * their functional forms, with torch 1.13's CPU checks in the order torch makes them:
 * argument lengths, rank, then the output size per dim (`pooling_output_shape`: zero stride,
 * negative padding, padding over half the kernel), then `pool2d/3d_shape_check`.
 *
 * MACs: pooling has no multiply-accumulates of weights; it reports 0, as common profilers do for
 * parameter-free window ops.
 */
import { dimAdd, dimMul, dimSub, formatDim, type Dim } from '../dims';
import { allKnown, expandParam, fail, isTensor, notATensor, ok, previewNumbers, pyRepr, pyStr, sliceSequence, sizeList, tensor, toBool, toDim, withPreview, wrapDim } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, LayerInstance, OpResult, ParamSpec, ShapeError } from './types';
import { spatialNames, windowOutput } from './window';

const COUNT = ['', 'one', 'two', 'three'];

interface PoolConfig {
  kind: 'max' | 'avg';
  n: number;
  kernel: ArgValue;
  /** None means the kernel size, as torch defaults it. */
  stride: ArgValue;
  padding: ArgValue;
  dilation: ArgValue;
  ceilMode: boolean;
  returnIndices: boolean;
  divisorOverride: ArgValue;
}

type Fail = { ok: false; error: ShapeError };

function tooSmall(channels: Dim, input: Dim[], output: Dim[]): Fail {
  const fmt = (ds: Dim[]) => ds.map((d) => formatDim(d, 'python')).join('x');
  return fail('pool-output-too-small', `Given input size: (${fmt([channels, ...input])}). Calculated output size: (${fmt([channels, ...output])}). Output size is too small`);
}

interface Geometry {
  kernel: Dim[];
  stride: Dim[];
  padding: Dim[];
  dilation: Dim[];
}

/** `pooling_output_shape` per dim with its checks, then the shape check of the 2-d / 3-d kernels. */
function windowSizes(kind: 'max' | 'avg', n: number, channels: Dim, spatial: Dim[], geo: Geometry, ceilMode: boolean): Fail | { sizes: Dim[]; derivation: string[] } {
  const names = spatialNames(n);
  const sizes: Dim[] = [];
  const derivation: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = geo.kernel[i], s = geo.stride[i], p = geo.padding[i];
    if (s === 0) return fail('pool-stride', 'stride should not be zero');
    if (typeof p === 'number' && p < 0) return fail('pool-padding', `pad must be non-negative, but got pad: ${p}`);
    if (typeof p === 'number' && typeof k === 'number' && p > Math.trunc(k / 2)) {
      return fail('pool-padding', `pad should be at most half of kernel size, but got pad=${p} and kernel_size=${k}`);
    }
    const out = windowOutput(names[i], spatial[i], { kernel: k, stride: s, padding: p, dilation: geo.dilation[i], ceilMode });
    sizes.push(out.size);
    derivation.push(out.derivation);
  }
  const axes = n === 3 ? ['T', 'H', 'W'] : ['H', 'W'];
  const listed = (prefix: string, vals: Dim[]) => axes.map((a, i) => `${prefix}${a}: ${vals[i]}`).join(' ');
  if (geo.kernel.some((k) => typeof k === 'number' && k <= 0)) return fail('pool-kernel', `kernel size should be greater than zero, but got ${listed('k', geo.kernel)}`);
  if (geo.stride.some((s) => typeof s === 'number' && s <= 0)) return fail('pool-stride', `stride should be greater than zero, but got ${listed('d', geo.stride)}`);
  if (geo.dilation.some((d) => typeof d === 'number' && d <= 0)) {
    return fail('pool-dilation', `dilation should be greater than zero, but got ${listed('dilation', geo.dilation)}`);
  }
  const kernel = geo.kernel;
  const smallerThanKernel = spatial.some((d, i) => {
    const k = kernel[i];
    return typeof d === 'number' && typeof k === 'number' && d < k;
  });
  if (kind === 'avg' && n === 3 && smallerThanKernel) {
    const [t, h, w] = spatial.map((d) => formatDim(d, 'python'));
    const [kt, kh, kw] = kernel.map((d) => formatDim(d, 'python'));
    return fail('pool-kernel-too-large', `input image (T: ${t} H: ${h} W: ${w}) smaller than kernel size (kT: ${kt} kH: ${kh} kW: ${kw})`);
  }
  if (sizes.some((d) => typeof d === 'number' && d < 1)) return tooSmall(channels, spatial, sizes);
  return { sizes, derivation };
}

function rankError(cfg: PoolConfig, shape: Dim[]): Fail | undefined {
  const r = shape.length;
  if (r === cfg.n + 1 || r === cfg.n + 2) return undefined;
  if (cfg.n === 1) {
    if (cfg.kind === 'max' && !cfg.returnIndices) {
      return fail('input-rank', `max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${sizeList(shape)}`);
    }
    return fail('input-rank', `Expected 2 to 3 dimensions, but got ${r}-dimensional tensor for argument #1 'self' (while checking arguments for ${cfg.kind}_pool1d)`);
  }
  if (cfg.kind === 'avg' && cfg.n === 2) {
    // avg_pool2d reads input.size(-3) before any rank check.
    if (r < 3) {
      const wrapped = wrapDim(-3, r);
      if (!wrapped.ok) return wrapped;
    }
    return fail('input-rank', `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${sizeList(shape)}`);
  }
  return fail('input-rank', `non-empty ${cfg.n + 1}D or ${cfg.n + 2}D (batch mode) tensor expected for input`);
}

function lengthError(cfg: PoolConfig, geo: Record<'kernel' | 'stride' | 'padding' | 'dilation', Dim[] | undefined>): Fail | undefined {
  const op = `${cfg.kind}_pool${cfg.n}d`;
  const count = COUNT[cfg.n];
  if (cfg.n === 1) return undefined;
  // avg_pool3d words these without "either".
  const either = op === 'avg_pool3d' ? '' : 'either ';
  if (!geo.kernel) return fail('pool-arguments', `${op}: kernel_size must ${either}be a single int, or a tuple of ${count} ints`);
  if (!geo.stride) return fail('pool-arguments', `${op}: stride must ${either}be omitted, a single int, or a tuple of ${count} ints`);
  if (!geo.padding) return fail('pool-arguments', `${op}: padding must ${either === '' ? '' : 'be either '}be a single int, or a tuple of ${count} ints`);
  if (!geo.dilation) return fail('pool-arguments', `${op}: dilation must be either a single int, or a tuple of ${count} ints`);
  return undefined;
}

/** max_pool1d without indices has its own checks, messages and an allowed empty output. */
function maxPool1d(shape: Dim[], geo: Geometry, ceilMode: boolean): Fail | { sizes: Dim[]; derivation: string[] } {
  const [k] = geo.kernel, [s] = geo.stride, [p] = geo.padding, [d] = geo.dilation;
  const op = 'max_pool1d()';
  if (typeof k === 'number' && k <= 0) return fail('pool-kernel', `${op} kernel_size must be greater than zero, but got ${k}`);
  if (typeof s === 'number' && s <= 0) return fail('pool-stride', `${op} stride must be greater than zero, but got ${s}`);
  if (typeof p === 'number' && p < 0) return fail('pool-padding', `${op} padding must be non-negative, but got ${p}`);
  if (typeof p === 'number' && typeof k === 'number' && p > Math.trunc(k / 2)) {
    return fail('pool-padding', `${op} padding should be at most half of kernel size, but got padding=${p} and kernel_size=${k}`);
  }
  if (typeof d === 'number' && d <= 0) return fail('pool-dilation', `${op} dilation must be greater than zero, but got ${d}`);
  const out = windowOutput('L', shape[shape.length - 1], { kernel: k, stride: s, padding: p, dilation: d, ceilMode });
  if (typeof out.size === 'number' && out.size < 0) return fail('pool-output-too-small', `${op} Invalid computed output size: ${out.size}`);
  return { sizes: [out.size], derivation: [out.derivation] };
}

function poolForward(input: ArgValue | undefined, cfg: PoolConfig): OpResult {
  const op = `${cfg.kind}_pool${cfg.n}d`;
  if (!isTensor(input)) return notATensor(op, input);
  const withIndices = (shape: Dim[] | null) => (cfg.returnIndices ? [tensor(shape), tensor(shape)] : tensor(shape));
  const kernel = expandParam(cfg.kernel, cfg.n);
  const stride = cfg.stride === null || (Array.isArray(cfg.stride) && cfg.stride.length === 0) ? kernel : expandParam(cfg.stride, cfg.n);
  const padding = expandParam(cfg.padding, cfg.n);
  const dilation = cfg.kind === 'max' ? expandParam(cfg.dilation, cfg.n) : Array.from({ length: cfg.n }, () => 1);
  const lengths = lengthError(cfg, { kernel, stride, padding, dilation });
  if (lengths) return lengths;
  if (!kernel || !stride || !padding || !dilation) return ok(withIndices(null));
  if (cfg.kind === 'avg' && toDim(cfg.divisorOverride) === 0) return fail('pool-divisor', 'divisor must be not zero');
  const shape = input.shape;
  if (shape === null) return ok(withIndices(null));
  const wrongRank = rankError(cfg, shape);
  if (wrongRank) return wrongRank;

  const batched = shape.length === cfg.n + 2;
  const channels = shape[batched ? 1 : 0];
  const spatial = shape.slice(-cfg.n);
  const geo: Geometry = { kernel, stride, padding, dilation };
  let result: Fail | { sizes: Dim[]; derivation: string[] };
  if (cfg.n === 1 && cfg.kind === 'max' && !cfg.returnIndices && !input.requiresGrad) {
    result = maxPool1d(shape, geo, cfg.ceilMode);
  } else if (cfg.n === 1) {
    // avg_pool1d and max_pool1d_with_indices (also taken when autograd tracks the input) run the
    // 2-d kernel on a height-1 view.
    const lifted = windowSizes(cfg.kind, 2, channels, [1, spatial[0]], {
      kernel: [1, kernel[0]],
      stride: [1, stride[0]],
      padding: [0, padding[0]],
      dilation: [1, dilation[0]],
    }, cfg.ceilMode);
    result = 'sizes' in lifted ? { sizes: lifted.sizes.slice(1), derivation: lifted.derivation.slice(1).map((l) => l.replace(/^W_out/, 'L_out')) } : lifted;
  } else {
    result = windowSizes(cfg.kind, cfg.n, channels, spatial, geo, cfg.ceilMode);
  }
  if (!('sizes' in result)) return result;
  const out = [...shape.slice(0, -cfg.n), ...result.sizes];
  const facts = { derivation: result.derivation, macs: 0 as Dim, ...(allKnown(kernel) && allKnown(stride) && allKnown(padding) && allKnown(dilation) ? { window: { kernel, stride, padding, dilation } } : {}) };
  return ok(withIndices(out), facts);
}

// ---------------------------------------------------------------------------------------------
// Modules

/** The Kernel Lab's view of a pooling call or module. */
function poolPreview(op: string, cfg: PoolConfig, countIncludePad: ArgValue | undefined) {
  return {
    op,
    config: {
      kernel_size: previewNumbers(cfg.kernel),
      stride: previewNumbers(cfg.stride ?? cfg.kernel),
      padding: previewNumbers(cfg.padding),
      dilation: previewNumbers(cfg.dilation),
      ceil_mode: cfg.ceilMode,
      ...(cfg.kind === 'avg' ? { count_include_pad: toBool(countIncludePad) ?? true, divisor_override: previewNumbers(cfg.divisorOverride) } : {}),
    },
  };
}

function poolInstance(repr: string, cfg: PoolConfig, className: string, attributes: Record<string, ArgValue>): LayerInstance {
  return {
    repr,
    params: 0,
    weights: [],
    forwardParams: [{ name: 'input' }],
    forward: (fwd) => poolForward(fwd.input, cfg),
    attributes,
    preview: poolPreview(className, cfg, attributes.count_include_pad),
  };
}

/** Modules and F.max_pool* bind the same names; `max_pool*_with_indices` always returns indices. */
function maxPoolConfig(n: number, args: BoundArgs, alwaysIndices: boolean): PoolConfig {
  return {
    kind: 'max',
    n,
    kernel: args.kernel_size,
    stride: args.stride,
    padding: args.padding,
    dilation: args.dilation,
    ceilMode: toBool(args.ceil_mode) ?? false,
    returnIndices: alwaysIndices || (toBool(args.return_indices) ?? false),
    divisorOverride: null,
  };
}

/** `kernel_size, stride=None, padding=0`: the head of every pooling signature. */
const WINDOW_PARAMS: ParamSpec[] = [{ name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 }];

function avgPoolParams(n: number): ParamSpec[] {
  return [
    ...WINDOW_PARAMS,
    { name: 'ceil_mode', default: false },
    { name: 'count_include_pad', default: true },
    ...(n > 1 ? [{ name: 'divisor_override', default: null }] : []),
  ];
}

function maxPoolDef(n: number): LayerDef {
  const name = `MaxPool${n}d`;
  return {
    name,
    params: [...WINDOW_PARAMS, { name: 'dilation', default: 1 }, { name: 'return_indices', default: false }, { name: 'ceil_mode', default: false }],
    build(args) {
      const stride = args.stride ?? args.kernel_size;
      const cfg = maxPoolConfig(n, { ...args, stride }, false);
      const repr = `${name}(kernel_size=${pyRepr(args.kernel_size)}, stride=${pyRepr(stride)}, padding=${pyRepr(args.padding)}, dilation=${pyRepr(args.dilation)}, ceil_mode=${pyRepr(cfg.ceilMode)})`;
      const attributes = { kernel_size: args.kernel_size, stride, padding: args.padding, dilation: args.dilation, ceil_mode: cfg.ceilMode, return_indices: cfg.returnIndices };
      return { ok: true, layer: poolInstance(repr, cfg, name, attributes) };
    },
  };
}

function avgPoolDef(n: number): LayerDef {
  const name = `AvgPool${n}d`;
  return {
    name,
    params: avgPoolParams(n),
    build(args) {
      // AvgPool1d normalises its arguments with _single; 2-d and 3-d keep them as given.
      const norm = (v: ArgValue) => (n === 1 && !Array.isArray(v) ? [v] : v);
      const kernel = norm(args.kernel_size);
      const stride = norm(args.stride ?? args.kernel_size);
      const padding = norm(args.padding);
      const cfg: PoolConfig = {
        kind: 'avg',
        n,
        kernel,
        stride,
        padding,
        dilation: 1,
        ceilMode: toBool(args.ceil_mode) ?? false,
        returnIndices: false,
        divisorOverride: args.divisor_override ?? null,
      };
      const repr = `${name}(kernel_size=${pyRepr(kernel)}, stride=${pyRepr(stride)}, padding=${pyRepr(padding)})`;
      const attributes = { kernel_size: kernel, stride, padding, ceil_mode: cfg.ceilMode, count_include_pad: args.count_include_pad };
      return { ok: true, layer: poolInstance(repr, cfg, name, attributes) };
    },
  };
}

function lpPoolDef(n: number): LayerDef {
  const name = `LPPool${n}d`;
  return {
    name,
    params: [{ name: 'norm_type' }, { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'ceil_mode', default: false }],
    build(args) {
      // lp_pool is avg_pool of input ** p with no padding.
      const cfg: PoolConfig = {
        kind: 'avg',
        n,
        kernel: args.kernel_size,
        stride: args.stride ?? args.kernel_size,
        padding: 0,
        dilation: 1,
        ceilMode: toBool(args.ceil_mode) ?? false,
        returnIndices: false,
        divisorOverride: null,
      };
      const repr = `${name}(norm_type=${pyRepr(args.norm_type)}, kernel_size=${pyRepr(args.kernel_size)}, stride=${pyRepr(args.stride)}, ceil_mode=${pyRepr(cfg.ceilMode)})`;
      return { ok: true, layer: poolInstance(repr, cfg, name, { norm_type: args.norm_type, kernel_size: args.kernel_size, stride: args.stride, ceil_mode: cfg.ceilMode }) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// MaxUnpool: the inverse map, `(in − 1)·s − 2·p + k` per dim unless output_size says otherwise.

function unpoolForward(n: number, input: ArgValue | undefined, indices: ArgValue | undefined, kernel: Dim[], stride: Dim[], padding: Dim[], outputSize: ArgValue): OpResult {
  if (!isTensor(input)) return notATensor(`max_unpool${n}d`, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  const spatial = shape.slice(-n);
  const names = spatialNames(n);
  const defaults = spatial.map((d, i) => dimAdd(dimSub(dimMul(dimSub(d, 1), stride[i]), dimMul(2, padding[i])), kernel[i]));
  let sizes = defaults;
  if (Array.isArray(outputSize)) {
    const given = outputSize.length === n + 2 ? sliceSequence(outputSize, 2) : outputSize;
    const requested = given.map(toDim);
    if (requested.length !== n) {
      return fail('output-size', `output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${outputSize.length}'`);
    }
    for (let i = 0; i < n; i++) {
      const r = requested[i], def = defaults[i], s = stride[i];
      if (typeof r === 'number' && typeof def === 'number' && typeof s === 'number' && !(def - s < r && r < def + s)) {
        return fail('output-size', `invalid output_size "${pyStr(given)}" (dim ${i} must be between ${def - s} and ${def + s})`);
      }
    }
    sizes = requested;
  }
  // max_unpool1d runs the 2-d kernel on a width-1 view, so its messages speak of 2-d.
  const kernelRank = n === 1 ? 2 : n;
  const viewed = n === 1 ? [...shape, 1] : shape;
  if (viewed.length !== kernelRank + 1 && viewed.length !== kernelRank + 2) {
    return fail('input-rank', `Input to max_unpooling${kernelRank}d should be a ${kernelRank + 1}d or ${kernelRank + 2}d Tensor, but got a tensor with ${viewed.length} dimensions.`);
  }
  if (isTensor(indices) && indices.shape !== null && allKnown(indices.shape) && allKnown(shape)) {
    const idx = n === 1 ? [...indices.shape, 1] : indices.shape;
    if (idx.length !== viewed.length || idx.some((d, i) => d !== viewed[i])) {
      return fail('unpool-indices', `Expected shape of indices to be same as that of the input tensor (${sizeList(viewed)}) but got indices tensor with shape: ${sizeList(idx)}`);
    }
  }
  // The kernel checks every dim after the first (batched or not) for emptiness.
  const empty = viewed.findIndex((d, i) => i > 0 && d === 0);
  if (empty > 0) {
    return fail('input-empty', `max_unpooling${kernelRank}d_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${sizeList(viewed)} with dimension ${empty} being empty.`);
  }
  // A negative size (padding beyond what the kernel adds back) makes torch fail on an overflow: not a shape to show.
  if (sizes.some((s) => typeof s === 'number' && s < 0)) return ok(tensor(null), { derivation: [] });
  const derivation = spatial.map(
    (d, i) => `${names[i]}_out = (${d} − 1)·${stride[i]} − 2·${padding[i]} + ${kernel[i]} = ${defaults[i]}${sizes[i] !== defaults[i] ? ` (output_size gives ${sizes[i]})` : ''}`,
  );
  return ok(tensor([...shape.slice(0, -n), ...sizes]), { derivation, macs: 0 });
}

/** `F.max_unpool*`'s normalisation: stride defaults to the kernel size. */
function unpoolGeometry(args: BoundArgs, n: number): { kernel: Dim[]; stride: Dim[]; padding: Dim[] } {
  const kernel = expandParam(args.kernel_size, n) ?? Array.from({ length: n }, () => null);
  const stride = args.stride === null ? kernel : (expandParam(args.stride, n) ?? kernel.map(() => null));
  return { kernel, stride, padding: expandParam(args.padding, n) ?? kernel.map(() => null) };
}

function unpoolDef(n: number): LayerDef {
  const name = `MaxUnpool${n}d`;
  return {
    name,
    params: [{ name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 }],
    build(args) {
      const { kernel, stride, padding } = unpoolGeometry(args, n);
      return {
        ok: true,
        layer: {
          repr: `${name}(kernel_size=${pyRepr(kernel)}, stride=${pyRepr(stride)}, padding=${pyRepr(padding)})`,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }, { name: 'indices' }, { name: 'output_size', default: null }],
          forward: (fwd) => unpoolForward(n, fwd.input, fwd.indices, kernel, stride, padding, fwd.output_size),
          attributes: { kernel_size: kernel, stride, padding },
        },
      };
    },
  };
}

export const poolLayers: LayerDef[] = [1, 2, 3].flatMap((n) => [maxPoolDef(n), avgPoolDef(n), unpoolDef(n), ...(n < 3 ? [lpPoolDef(n)] : [])]);

// ---------------------------------------------------------------------------------------------
// Functional forms

function maxPoolFunction(n: number, qualified: string, alwaysIndices: boolean): FunctionDef {
  return {
    name: qualified,
    params: [{ name: 'input' }, ...WINDOW_PARAMS, { name: 'dilation', default: 1 }, { name: 'ceil_mode', default: false }, { name: 'return_indices', default: false }],
    call(args: BoundArgs) {
      const cfg = maxPoolConfig(n, args, alwaysIndices);
      return withPreview(poolForward(args.input, cfg), poolPreview(`F.max_pool${n}d`, cfg, undefined));
    },
  };
}

function avgPoolFunction(n: number): FunctionDef {
  return {
    name: `torch.nn.functional.avg_pool${n}d`,
    params: [{ name: 'input' }, ...avgPoolParams(n)],
    call(args) {
      const cfg: PoolConfig = {
        kind: 'avg',
        n,
        kernel: args.kernel_size,
        stride: args.stride,
        padding: args.padding,
        dilation: 1,
        ceilMode: toBool(args.ceil_mode) ?? false,
        returnIndices: false,
        divisorOverride: args.divisor_override ?? null,
      };
      return withPreview(poolForward(args.input, cfg), poolPreview(`F.avg_pool${n}d`, cfg, args.count_include_pad));
    },
  };
}

function lpPoolFunction(n: number): FunctionDef {
  return {
    name: `torch.nn.functional.lp_pool${n}d`,
    params: [{ name: 'input' }, { name: 'norm_type' }, { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'ceil_mode', default: false }],
    call: (args) =>
      poolForward(args.input, {
        kind: 'avg',
        n,
        kernel: args.kernel_size,
        stride: args.stride,
        padding: 0,
        dilation: 1,
        ceilMode: toBool(args.ceil_mode) ?? false,
        returnIndices: false,
        divisorOverride: null,
      }),
  };
}

function unpoolFunction(n: number): FunctionDef {
  return {
    name: `torch.nn.functional.max_unpool${n}d`,
    params: [{ name: 'input' }, { name: 'indices' }, { name: 'kernel_size' }, { name: 'stride', default: null }, { name: 'padding', default: 0 }, { name: 'output_size', default: null }],
    call(args) {
      const { kernel, stride, padding } = unpoolGeometry(args, n);
      return unpoolForward(n, args.input, args.indices, kernel, stride, padding, args.output_size);
    },
  };
}

export const poolFunctions: FunctionDef[] = [1, 2, 3].flatMap((n) => [
  maxPoolFunction(n, `torch.nn.functional.max_pool${n}d`, false),
  maxPoolFunction(n, `torch.nn.functional.max_pool${n}d_with_indices`, true),
  maxPoolFunction(n, `torch.max_pool${n}d`, false),
  avgPoolFunction(n),
  unpoolFunction(n),
  ...(n < 3 ? [lpPoolFunction(n)] : []),
]);
