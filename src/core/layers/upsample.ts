/**
 * Resampling: `F.interpolate` (and its deprecated aliases `F.upsample*`), `nn.Upsample`,
 * `UpsamplingNearest2d`, `UpsamplingBilinear2d`, `PixelShuffle` / `PixelUnshuffle`, following
 * torch 1.13's `interpolate`: size or scale_factor (never both), `floor(in · scale)` per spatial
 * dim, the mode/rank pairing, and ATen's "sizes should be greater than 0" check.
 *
 * MACs: 0 (resampling has no weights; the convention counts multiply-accumulates of weights).
 */
import { dimFloorDiv, dimMod, dimMul, formatDim, type Dim } from '../dims';
import { fail, float, isTensor, notATensor, ok, previewNumbers, pyFloat, pyRepr, showDim, sizeList, tensor, toBool, toDim, toNumber, withPreview } from './common';
import type { ArgValue, BoundArgs, FunctionDef, LayerDef, OpResult } from './types';
import { spatialNames } from './window';

const MODES = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';
const INTERPOLATING = 'linear | bilinear | bicubic | trilinear';
/** Modes that need one particular rank. */
const MODE_RANK: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };

/** `floor(in · scale)`, symbolic only where the scale is a whole number. */
function scaled(input: Dim, scale: number): Dim {
  if (typeof input === 'number') return Math.floor(input * scale);
  return Number.isInteger(scale) ? dimMul(input, scale) : null;
}

function interpolateForward(input: ArgValue | undefined, args: BoundArgs): OpResult {
  if (!isTensor(input)) return notATensor('interpolate', input);
  const mode = typeof args.mode === 'string' ? args.mode : 'nearest';
  const size = args.size ?? null;
  const scaleFactor = args.scale_factor ?? null;
  const alignCorners = args.align_corners ?? null;
  if ((mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') && alignCorners !== null) {
    return fail('interpolate-arguments', `align_corners option can only be set with the interpolating modes: ${INTERPOLATING}`);
  }
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  const rank = shape.length;
  const n = rank - 2;
  const spatial = shape.slice(2);
  if (size !== null && scaleFactor !== null) return fail('interpolate-arguments', 'only one of size or scale_factor should be defined');
  let sizes: Dim[] | undefined;
  let scales: number[] | undefined;
  if (size !== null) {
    if (Array.isArray(size)) {
      if (size.length !== n) {
        return fail(
          'interpolate-size',
          `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${sizeList(spatial)} and output size of ${pyRepr(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
        );
      }
      sizes = size.map(toDim);
    } else {
      sizes = spatial.map(() => toDim(size));
    }
  } else if (scaleFactor !== null) {
    if (Array.isArray(scaleFactor) && scaleFactor.length !== n) {
      return fail(
        'interpolate-size',
        `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${sizeList(spatial)} and scale_factor of shape ${pyRepr(scaleFactor)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
      );
    }
    const each = Array.isArray(scaleFactor) ? scaleFactor.map(toNumber) : spatial.map(() => toNumber(scaleFactor));
    if (each.some((s) => s === undefined)) return ok(tensor([...shape.slice(0, 2), ...spatial.map(() => null)]));
    scales = each as number[];
  } else {
    return fail('interpolate-arguments', 'either size or scale_factor should be defined');
  }
  if (toBool(args.recompute_scale_factor) && size !== null) {
    return fail('interpolate-arguments', 'recompute_scale_factor is not meaningful with an explicit size.');
  }
  if (toBool(args.antialias) && !((mode === 'bilinear' || mode === 'bicubic') && rank === 4)) {
    return fail('interpolate-arguments', 'Anti-alias option is only supported for bilinear and bicubic modes');
  }
  const known = ['nearest', 'nearest-exact', 'area', 'linear', 'bilinear', 'trilinear', 'bicubic'];
  const wanted = MODE_RANK[mode];
  const supported = known.includes(mode) && (wanted === undefined ? (mode === 'bicubic' ? rank === 4 : rank >= 3 && rank <= 5) : rank === wanted);
  if (!supported) {
    if (wanted !== undefined && rank >= 3 && rank <= 5) {
      return fail('input-rank', `Got ${rank}D input, but ${mode} mode needs ${wanted}D input`);
    }
    return fail('input-rank', `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${rank}D) for the modes: ${MODES} (got ${mode})`);
  }

  const names = spatialNames(n);
  const derivation: string[] = [];
  const out = spatial.map((d, i) => {
    if (scales) {
      const o = scaled(d, scales[i]);
      derivation.push(`${names[i]}_out = ⌊${showDim(d)} · ${Number.isInteger(scales[i]) ? scales[i] : pyFloat(scales[i])}⌋ = ${showDim(o)}`);
      return o;
    }
    derivation.push(`${names[i]}_out = ${showDim(sizes![i])} (size=)`);
    return sizes![i];
  });
  // area mode pools adaptively, which allows empty outputs; the upsampling kernels do not.
  if (mode !== 'area' && out.some((d) => typeof d === 'number' && d <= 0)) {
    const axes = n === 1 ? ['W'] : n === 2 ? ['H', 'W'] : ['D', 'H', 'W'];
    const listed = (v: Dim[]) => axes.map((a, i) => `${a}: ${formatDim(v[i], 'python')}`).join(', ');
    // The 1-d kernels' message has an "and" the others lack.
    const joiner = n === 1 ? ' and ' : ' ';
    return fail('interpolate-size', `Input and output sizes should be greater than 0, but got input (${listed(spatial)})${joiner}output (${listed(out)})`);
  }
  // With size= the grid scale is out / in, where both are known.
  const scale = scales ?? (spatial.every((d, i) => typeof d === 'number' && d > 0 && typeof out[i] === 'number') ? spatial.map((d, i) => (out[i] as number) / (d as number)) : undefined);
  return ok(tensor([...shape.slice(0, 2), ...out]), { derivation, macs: 0, ...(scale ? { scale } : {}) });
}

const interpolateParams = [
  { name: 'input' },
  { name: 'size', default: null },
  { name: 'scale_factor', default: null },
  { name: 'mode', default: 'nearest' },
  { name: 'align_corners', default: null },
  { name: 'recompute_scale_factor', default: null },
  { name: 'antialias', default: false },
];

/** The Upsample family stores scale factors as floats, which its repr then shows (`2.0`). */
function asFloats(v: ArgValue): ArgValue {
  if (Array.isArray(v)) return v.map(asFloats);
  const x = toNumber(v);
  return x === undefined ? v : float(x);
}

function upsampleLayer(name: string, fixedMode?: 'nearest' | 'bilinear'): LayerDef {
  return {
    name,
    params: fixedMode
      ? [{ name: 'size', default: null }, { name: 'scale_factor', default: null }]
      : [
          { name: 'size', default: null },
          { name: 'scale_factor', default: null },
          { name: 'mode', default: 'nearest' },
          { name: 'align_corners', default: null },
          { name: 'recompute_scale_factor', default: null },
        ],
    build(args) {
      const mode = fixedMode ?? (typeof args.mode === 'string' ? args.mode : 'nearest');
      const scaleFactor = args.scale_factor === null || args.scale_factor === undefined || toNumber(args.scale_factor) === 0 ? null : asFloats(args.scale_factor);
      const alignCorners = fixedMode === 'bilinear' ? true : (args.align_corners ?? null);
      const bound: BoundArgs = { size: args.size ?? null, scale_factor: scaleFactor, mode, align_corners: alignCorners, recompute_scale_factor: args.recompute_scale_factor ?? null, antialias: false };
      const info = scaleFactor !== null ? `scale_factor=${pyRepr(scaleFactor)}` : `size=${pyRepr(args.size ?? null)}`;
      return {
        ok: true,
        layer: {
          repr: `${name}(${info}, mode=${mode})`,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }],
          forward: (fwd) => interpolateForward(fwd.input, bound),
          attributes: { size: bound.size, scale_factor: scaleFactor, mode, align_corners: alignCorners },
          preview: interpolatePreview(name, bound),
        },
      };
    },
  };
}

/** The Kernel Lab's view of a resampling module or call. */
function interpolatePreview(op: string, args: BoundArgs) {
  const mode = typeof args.mode === 'string' ? args.mode : 'nearest';
  return { op, config: { mode, size: previewNumbers(args.size ?? null), scale_factor: previewScale(args.scale_factor ?? null), align_corners: toBool(args.align_corners ?? null) ?? null } };
}

function previewScale(v: ArgValue): number | number[] | null {
  if (Array.isArray(v)) {
    const xs = v.map(toNumber);
    return xs.every((x): x is number => x !== undefined) ? xs : null;
  }
  return toNumber(v) ?? null;
}

/** Pixel shuffling rescales the H×W grid by the factor (or its inverse), for receptive-field jumps. */
function gridScale(factor: Dim, inverse: boolean): { scale?: number[] } {
  if (typeof factor !== 'number' || factor <= 0) return {};
  const s = inverse ? 1 / factor : factor;
  return { scale: [s, s] };
}

function pixelShuffleForward(input: ArgValue | undefined, factor: Dim, unshuffle: boolean): OpResult {
  const op = unshuffle ? 'pixel_unshuffle' : 'pixel_shuffle';
  if (!isTensor(input)) return notATensor(op, input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (typeof factor === 'number' && factor <= 0) {
    return fail('pixel-shuffle', `${op} expects a positive ${unshuffle ? 'downscale' : 'upscale'}_factor, but got ${factor}`);
  }
  if (shape.length < 3) return fail('input-rank', `${op} expects input to have at least 3 dimensions, but got input with ${shape.length} dimension(s)`);
  const r = shape.length;
  const [c, h, w] = shape.slice(-3);
  const square = dimMul(factor, factor);
  if (!unshuffle) {
    if (typeof c === 'number' && typeof square === 'number' && c % square !== 0) {
      return fail('pixel-shuffle', `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${square}`);
    }
    const out = [...shape.slice(0, r - 3), dimFloorDiv(c, square), dimMul(h, factor), dimMul(w, factor)];
    return ok(tensor(out), { ...gridScale(factor, false), derivation: [`C_out = ${showDim(c)} / ${showDim(square)} = ${showDim(out[r - 3])}`, `H_out = ${showDim(h)}·${showDim(factor)} = ${showDim(out[r - 2])}`, `W_out = ${showDim(w)}·${showDim(factor)} = ${showDim(out[r - 1])}`], macs: 0 });
  }
  for (const [label, d, index] of [['height', h, -2], ['width', w, -1]] as const) {
    if (typeof d === 'number' && typeof factor === 'number' && dimMod(d, factor) !== 0) {
      return fail('pixel-shuffle', `pixel_unshuffle expects ${label} to be divisible by downscale_factor, but input.size(${index})=${d} is not divisible by ${factor}`);
    }
  }
  const out = [...shape.slice(0, r - 3), dimMul(c, square), dimFloorDiv(h, factor), dimFloorDiv(w, factor)];
  return ok(tensor(out), { ...gridScale(factor, true), derivation: [`C_out = ${showDim(c)}·${showDim(square)} = ${showDim(out[r - 3])}`, `H_out = ${showDim(h)} / ${showDim(factor)} = ${showDim(out[r - 2])}`, `W_out = ${showDim(w)} / ${showDim(factor)} = ${showDim(out[r - 1])}`], macs: 0 });
}

function pixelShuffleLayer(unshuffle: boolean): LayerDef {
  const name = unshuffle ? 'PixelUnshuffle' : 'PixelShuffle';
  const param = unshuffle ? 'downscale_factor' : 'upscale_factor';
  return {
    name,
    params: [{ name: param }],
    build(args) {
      const factor = toDim(args[param]);
      return {
        ok: true,
        layer: {
          repr: `${name}(${param}=${pyRepr(args[param])})`,
          params: 0,
          weights: [],
          forwardParams: [{ name: 'input' }],
          forward: (fwd) => pixelShuffleForward(fwd.input, factor, unshuffle),
          attributes: { [param]: factor },
          preview: { op: name, config: { [param]: typeof factor === 'number' ? factor : null } },
        },
      };
    },
  };
}

/** `ChannelShuffle(groups)`: permutes channels in place of shape, once they split into the groups. */
function channelShuffleForward(input: ArgValue | undefined, groups: Dim): OpResult {
  if (!isTensor(input)) return notATensor('channel_shuffle', input);
  const shape = input.shape;
  if (shape === null) return ok(tensor(null));
  if (typeof groups === 'number' && groups <= 0) return fail('groups-divisible', `Number of groups to divide channels in must be positive. Value of groups:${groups}`);
  if (shape.length < 3) return fail('input-rank', `channel_shuffle expects input with > 2 dims, but got input with sizes ${sizeList(shape)}`);
  const channels = shape[1];
  if (typeof channels === 'number' && typeof groups === 'number' && channels % groups !== 0) {
    return fail('groups-divisible', `Number of channels must be divisible by groups. Got ${channels} channels and ${groups} groups.`);
  }
  return ok(tensor(shape), { derivation: [], macs: 0 });
}

const channelShuffle: LayerDef = {
  name: 'ChannelShuffle',
  params: [{ name: 'groups' }],
  build: (args) => ({
    ok: true,
    layer: {
      repr: `ChannelShuffle(groups=${pyRepr(args.groups)})`,
      params: 0,
      weights: [],
      forwardParams: [{ name: 'input' }],
      forward: (fwd) => channelShuffleForward(fwd.input, toDim(args.groups)),
      attributes: { groups: args.groups },
    },
  }),
};

export const upsampleLayers: LayerDef[] = [
  channelShuffle,
  upsampleLayer('Upsample'),
  upsampleLayer('UpsamplingNearest2d', 'nearest'),
  upsampleLayer('UpsamplingBilinear2d', 'bilinear'),
  pixelShuffleLayer(false),
  pixelShuffleLayer(true),
];

const interpolate = (name: string): FunctionDef => ({
  name,
  params: interpolateParams,
  call: (args) => withPreview(interpolateForward(args.input, args), interpolatePreview('F.interpolate', args)),
});

/** `F.upsample_nearest` / `F.upsample_bilinear(input, size=None, scale_factor=None)`. */
const fixedUpsample = (name: string, mode: 'nearest' | 'bilinear'): FunctionDef => ({
  name,
  params: [{ name: 'input' }, { name: 'size', default: null }, { name: 'scale_factor', default: null }],
  call: (args) => interpolateForward(args.input, { ...args, mode, align_corners: mode === 'bilinear' ? true : null }),
});

const shuffleFunctions = (unshuffle: boolean): FunctionDef[] => {
  const param = unshuffle ? 'downscale_factor' : 'upscale_factor';
  const op = unshuffle ? 'pixel_unshuffle' : 'pixel_shuffle';
  return [`torch.nn.functional.${op}`, `torch.${op}`].map((name) => ({
    name,
    params: [{ name: 'input' }, { name: param }],
    call: (args: BoundArgs) =>
      withPreview(pixelShuffleForward(args.input, toDim(args[param]), unshuffle), { op: `F.${op}`, config: { [param]: previewNumbers(args[param]) } }),
  }));
};

export const upsampleFunctions: FunctionDef[] = [
  interpolate('torch.nn.functional.interpolate'),
  interpolate('torch.nn.functional.upsample'),
  fixedUpsample('torch.nn.functional.upsample_nearest', 'nearest'),
  fixedUpsample('torch.nn.functional.upsample_bilinear', 'bilinear'),
  ...shuffleFunctions(false),
  ...shuffleFunctions(true),
];
