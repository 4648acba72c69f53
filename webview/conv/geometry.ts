/**
 * Sizes, paddings and sampling positions shared by every backend, so that they can only differ in
 * how fast they compute, never in what. Each rule is torch 1.13's, checked by the torch fixtures in
 * test/fixtures/conv; invalid parameters throw `ConvError` carrying torch's own error text.
 */
import { windowOutput } from '../../src/core/layers/window';
import type { Conv2dParams, FeatureMap, InterpolateParams, PaddingMode, Pool2dParams } from './types';

/** An invalid call, worded exactly as torch words the RuntimeError it would raise. */
export class ConvError extends Error {
  override readonly name = 'ConvError';
}

/**
 * The shape engine's sliding-window output size (src/core/layers/window.ts, the formula the hover
 * prints), on plain numbers: ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1, or
 * ceil with torch's dropped last window.
 */
function slidingOutput(size: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean): number {
  return windowOutput('', size, { kernel, stride, padding, dilation, ceilMode }).size as number;
}

/** Per-side padding; `before` may differ from `after` only for padding='same' with an even reach. */
export interface AxisPadding {
  before: number;
  after: number;
}

export interface ConvGeometry {
  outChannels: number;
  outHeight: number;
  outWidth: number;
  padY: AxisPadding;
  padX: AxisPadding;
  /** Input channels each group sees (`weightShape[1]`). */
  groupInChannels: number;
  groupOutChannels: number;
}

function samePadding(kernel: number, dilation: number): AxisPadding {
  // torch puts the odd element of an even total on the right/bottom (left = total // 2).
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return { before, after: total - before };
}

function shapeText(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/** Validates a conv call as torch does, in torch's order, and derives its output geometry. */
export function convGeometry(input: FeatureMap, params: Conv2dParams): ConvGeometry {
  const [outChannels, groupInChannels, kH, kW] = params.weightShape;
  const { stride, dilation, groups } = params;
  if (stride[0] <= 0 || stride[1] <= 0) throw new ConvError('non-positive stride is not supported');
  if (dilation[0] <= 0 || dilation[1] <= 0) throw new ConvError(`dilation should be greater than zero, but got ${shapeText(dilation)}`);
  if (params.padding === 'same' && (stride[0] !== 1 || stride[1] !== 1)) {
    throw new ConvError("padding='same' is not supported for strided convolutions");
  }
  let padY: AxisPadding;
  let padX: AxisPadding;
  if (params.padding === 'same') {
    padY = samePadding(kH, dilation[0]);
    padX = samePadding(kW, dilation[1]);
  } else if (params.padding === 'valid') {
    padY = { before: 0, after: 0 };
    padX = { before: 0, after: 0 };
  } else {
    if (params.padding[0] < 0 || params.padding[1] < 0) throw new ConvError('negative padding is not supported');
    padY = { before: params.padding[0], after: params.padding[0] };
    padX = { before: params.padding[1], after: params.padding[1] };
  }
  if (params.paddingMode !== 'zeros') checkPaddable(input, padY, padX, params.paddingMode);
  const weightText = shapeText(params.weightShape);
  if (groups <= 0 || outChannels % groups !== 0) {
    throw new ConvError(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${weightText}] instead`);
  }
  if (groupInChannels * groups !== input.channels) {
    throw new ConvError(
      `Given groups=${groups}, weight of size ${weightText}, expected input${shapeText([1, input.channels, input.height, input.width])} ` +
        `to have ${groupInChannels * groups} channels, but got ${input.channels} channels instead`,
    );
  }
  const paddedH = input.height + padY.before + padY.after;
  const paddedW = input.width + padX.before + padX.after;
  if (paddedH < dilation[0] * (kH - 1) + 1 || paddedW < dilation[1] * (kW - 1) + 1) {
    throw new ConvError(
      `Calculated padded input size per channel: (${paddedH} x ${paddedW}). Kernel size: (${dilation[0] * (kH - 1) + 1} x ${dilation[1] * (kW - 1) + 1}). ` +
        "Kernel size can't be greater than actual input size",
    );
  }
  return {
    outChannels,
    // 'same' (stride 1 only) keeps the size; its padding may be uneven, which the formula's 2·p cannot say.
    outHeight: params.padding === 'same' ? input.height : slidingOutput(input.height, kH, stride[0], padY.before, dilation[0], false),
    outWidth: params.padding === 'same' ? input.width : slidingOutput(input.width, kW, stride[1], padX.before, dilation[1], false),
    padY,
    padX,
    groupInChannels,
    groupOutChannels: outChannels / groups,
  };
}

/** nn.Conv2d's non-zero padding modes run F.pad first; these are F.pad's limits (width checked first). */
function checkPaddable(input: FeatureMap, padY: AxisPadding, padX: AxisPadding, mode: PaddingMode): void {
  // [padding, size, F.pad's argument number, tensor dimension]
  const axes: [AxisPadding, number, number, number][] = [
    [padX, input.width, 4, 3],
    [padY, input.height, 6, 2],
  ];
  for (const [pad, size, argument, dim] of axes) {
    if (mode === 'reflect' && (pad.before >= size || pad.after >= size)) {
      throw new ConvError(
        `Argument #${argument}: Padding size should be less than the corresponding input dimension, but got: padding (${pad.before}, ${pad.after}) at dimension ${dim} of input 4`,
      );
    }
    if (mode === 'circular' && (pad.before > size || pad.after > size)) {
      throw new ConvError('Padding value causes wrapping around more than once.');
    }
  }
}

/**
 * Where padded coordinate `i` (may be < 0 or ≥ size) reads from under a non-zero padding mode, or -1
 * for zeros. Valid for the pad sizes `checkPaddable` admits.
 */
export function paddedSource(i: number, size: number, mode: PaddingMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'zeros':
      return -1;
    case 'reflect':
      return i < 0 ? -i : 2 * (size - 1) - i;
    case 'replicate':
      return i < 0 ? 0 : size - 1;
    case 'circular':
      return ((i % size) + size) % size;
  }
}

export interface PoolGeometry {
  outHeight: number;
  outWidth: number;
}

export function poolGeometry(input: FeatureMap, params: Pool2dParams): PoolGeometry {
  const { kernel, stride, padding } = params;
  const dilation = params.kind === 'max' ? params.dilation : [1, 1];
  if (stride[0] === 0 || stride[1] === 0) throw new ConvError('stride should not be zero');
  for (const axis of [0, 1]) {
    if (padding[axis] > kernel[axis] / 2) {
      throw new ConvError(`pad should be at most half of kernel size, but got pad=${padding[axis]} and kernel_size=${kernel[axis]}`);
    }
  }
  if (params.kind === 'avg' && params.divisorOverride === 0) throw new ConvError('divisor must be not zero');
  const outHeight = slidingOutput(input.height, kernel[0], stride[0], padding[0], dilation[0], params.ceilMode);
  const outWidth = slidingOutput(input.width, kernel[1], stride[1], padding[1], dilation[1], params.ceilMode);
  if (outHeight < 1 || outWidth < 1) {
    const c = input.channels;
    throw new ConvError(
      `Given input size: (${c}x${input.height}x${input.width}). Calculated output size: (${c}x${outHeight}x${outWidth}). Output size is too small`,
    );
  }
  return { outHeight, outWidth };
}

export interface InterpolateGeometry {
  outHeight: number;
  outWidth: number;
  /** The source step per output pixel torch uses, already rounded to float32 as torch's kernels hold it. */
  scaleY: number;
  scaleX: number;
}

/**
 * F.interpolate's output size (`⌊size · scale_factor⌋` in double precision) and the float32 step
 * its kernels use: 1/scale_factor when one was given (recompute_scale_factor unset), else in/out;
 * bilinear with align_corners=True uses (in − 1)/(out − 1) instead.
 */
export function interpolateGeometry(input: FeatureMap, params: InterpolateParams): InterpolateGeometry {
  const { size, scaleFactor } = params;
  const outHeight = size ? size[0] : Math.floor(input.height * (scaleFactor?.[0] ?? 1));
  const outWidth = size ? size[1] : Math.floor(input.width * (scaleFactor?.[1] ?? 1));
  if (input.height <= 0 || input.width <= 0 || outHeight <= 0 || outWidth <= 0) {
    throw new ConvError(
      `Input and output sizes should be greater than 0, but got input (H: ${input.height}, W: ${input.width}) output (H: ${outHeight}, W: ${outWidth})`,
    );
  }
  const step = (inSize: number, outSize: number, factor: number | undefined): number => {
    if (params.mode === 'bilinear' && params.alignCorners) return outSize > 1 ? Math.fround((inSize - 1) / (outSize - 1)) : 0;
    return factor !== undefined && factor > 0 ? Math.fround(1 / factor) : Math.fround(inSize / outSize);
  };
  const factors = size ? undefined : scaleFactor;
  return {
    outHeight,
    outWidth,
    scaleY: step(input.height, outHeight, factors?.[0]),
    scaleX: step(input.width, outWidth, factors?.[1]),
  };
}

/** torch's legacy 'nearest' source index: ⌊dst · scale⌋ in float32, clamped; exact for ×1 and ×2. */
export function nearestSource(dst: number, inSize: number, outSize: number, scale: number): number {
  if (outSize === inSize) return dst;
  if (outSize === 2 * inSize) return dst >> 1;
  return Math.min(Math.floor(Math.fround(Math.fround(dst) * scale)), inSize - 1);
}

/** One axis of a bilinear sample: the two source indices and their weights, as torch derives them. */
export interface LinearTap {
  i0: number;
  i1: number;
  w0: number;
  w1: number;
}

export function linearTap(dst: number, inSize: number, scale: number, alignCorners: boolean): LinearTap {
  let src = alignCorners
    ? Math.fround(scale * dst)
    : Math.fround(Math.fround(scale * Math.fround(dst + 0.5)) - 0.5);
  if (!alignCorners && src < 0) src = 0;
  const i0 = Math.trunc(src);
  const i1 = i0 < inSize - 1 ? i0 + 1 : i0;
  const w1 = Math.min(Math.max(Math.fround(src - i0), 0), 1);
  return { i0, i1, w0: Math.fround(1 - w1), w1 };
}

/**
 * One axis of F.interpolate as a table, four float32s per output index: (i0, i1, w0, w1), so that
 * output = w0·in[i0] + w1·in[i1] (nearest: (s, s, 1, 0)). The WebGL2 and WASM backends sample with
 * it, so their positions and weights are torch's by construction.
 */
export function interpolationTaps(outSize: number, inSize: number, scale: number, mode: InterpolateParams['mode'], alignCorners: boolean): Float32Array {
  const table = new Float32Array(outSize * 4);
  for (let i = 0; i < outSize; i++) {
    if (mode === 'nearest') {
      const s = nearestSource(i, inSize, outSize, scale);
      table.set([s, s, 1, 0], i * 4);
    } else {
      const t = linearTap(i, inSize, scale, alignCorners);
      table.set([t.i0, t.i1, t.w0, t.w1], i * 4);
    }
  }
  return table;
}
