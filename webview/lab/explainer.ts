/**
 * The arithmetic behind one output cell, for the explainer and for hovering a real image: which
 * input cells the window covers (padding included), the products and their sum. Geometry and
 * validity come from the convolution core, so the explainer and the pictures cannot disagree.
 */
import { convGeometry, nearestSource, paddedSource, poolGeometry, interpolateGeometry } from '../conv/geometry';
import type { Conv2dParams, FeatureMap, InterpolateParams, Pool2dParams } from '../conv/types';

/** One kernel position: where it reads (in padded coordinates, so padding cells appear too). */
export interface Tap {
  /** Input row and column; outside [0, size) means the window is over the padding. */
  y: number;
  x: number;
  /** The value read there (0 for zero padding, the mirrored/replicated/wrapped value otherwise). */
  value: number;
  /** The kernel weight (conv) or null (pooling, where there is none). */
  weight: number | null;
  inPadding: boolean;
}

export interface ChannelSum {
  channel: number;
  taps: Tap[];
  /** Σ value·weight over this channel's taps. */
  sum: number;
}

/** Which output cell is explained, within an output of this size. */
export interface OutputCell {
  outY: number;
  outX: number;
  outHeight: number;
  outWidth: number;
}

/** Steps walk the output row-major and wrap around, so "next" after the last cell is the first. */
function cellAt(step: number, outHeight: number, outWidth: number): OutputCell {
  const cells = outHeight * outWidth;
  const index = ((step % cells) + cells) % cells;
  return { outY: Math.floor(index / outWidth), outX: index % outWidth, outHeight, outWidth };
}

export interface ConvCell extends OutputCell {
  channels: ChannelSum[];
  bias: number;
  /** Σ channel sums + bias: the output value, as the backend computes it. */
  total: number;
}

/** Output cell number `step` (row-major, wrapping) of output channel `outChannel`, explained. */
export function explainConv(input: FeatureMap, params: Conv2dParams, outChannel: number, step: number): ConvCell {
  const g = convGeometry(input, params);
  const { outY, outX } = cellAt(step, g.outHeight, g.outWidth);
  return explainConvAt(input, params, outChannel, outY, outX);
}

export function explainConvAt(input: FeatureMap, params: Conv2dParams, outChannel: number, outY: number, outX: number): ConvCell {
  const g = convGeometry(input, params);
  const [, groupIn, kH, kW] = params.weightShape;
  const group = Math.floor(outChannel / g.groupOutChannels);
  const channels: ChannelSum[] = [];
  for (let ci = 0; ci < groupIn; ci++) {
    const channel = group * groupIn + ci;
    const taps: Tap[] = [];
    let sum = 0;
    for (let ky = 0; ky < kH; ky++) {
      for (let kx = 0; kx < kW; kx++) {
        const y = outY * params.stride[0] - g.padY.before + ky * params.dilation[0];
        const x = outX * params.stride[1] - g.padX.before + kx * params.dilation[1];
        const sy = paddedSource(y, input.height, params.paddingMode);
        const sx = paddedSource(x, input.width, params.paddingMode);
        const value = sy < 0 || sx < 0 ? 0 : input.data[(channel * input.height + sy) * input.width + sx];
        const weight = params.weight[((outChannel * groupIn + ci) * kH + ky) * kW + kx];
        sum += value * weight;
        taps.push({ y, x, value, weight, inPadding: y < 0 || y >= input.height || x < 0 || x >= input.width });
      }
    }
    channels.push({ channel, taps, sum });
  }
  const bias = params.bias?.[outChannel] ?? 0;
  return { outY, outX, outHeight: g.outHeight, outWidth: g.outWidth, channels, bias, total: channels.reduce((a, c) => a + c.sum, bias) };
}

export interface PoolCell extends OutputCell {
  taps: Tap[];
  /** avg pooling's divisor (count_include_pad counts padding cells inside the padded input). */
  divisor: number;
  result: number;
}

/** Output cell `step` of channel `channel` of max/avg pooling, with torch's window bounds and divisor. */
export function explainPool(input: FeatureMap, params: Pool2dParams, channel: number, step: number): PoolCell {
  const g = poolGeometry(input, params);
  const cell = cellAt(step, g.outHeight, g.outWidth);
  const { outY, outX } = cell;
  const dil = params.kind === 'max' ? params.dilation : [1, 1];
  const taps: Tap[] = [];
  let best = -Infinity;
  let sum = 0;
  let inside = 0;
  for (let ky = 0; ky < params.kernel[0]; ky++) {
    for (let kx = 0; kx < params.kernel[1]; kx++) {
      const y = outY * params.stride[0] - params.padding[0] + ky * dil[0];
      const x = outX * params.stride[1] - params.padding[1] + kx * dil[1];
      // Windows of ceil_mode may reach past the padded input; torch clips them there.
      if (y >= input.height + params.padding[0] || x >= input.width + params.padding[1]) continue;
      const inPadding = y < 0 || y >= input.height || x < 0 || x >= input.width;
      const value = inPadding ? (params.kind === 'max' ? -Infinity : 0) : input.data[(channel * input.height + y) * input.width + x];
      if (!inPadding) {
        inside++;
        best = Math.max(best, value);
        sum += value;
      }
      taps.push({ y, x, value, weight: null, inPadding });
    }
  }
  const divisor = params.divisorOverride ?? (params.countIncludePad ? taps.length : inside);
  return { ...cell, taps, divisor, result: params.kind === 'max' ? best : sum / divisor };
}

export interface UpsampleCell extends OutputCell {
  /** The input cell nearest upsampling copies. */
  source: Tap;
}

/** Output cell `step` of nearest upsampling: which input cell it copies (torch's ⌊dst · scale⌋ rule). */
export function explainNearest(input: FeatureMap, params: InterpolateParams, channel: number, step: number): UpsampleCell {
  const g = interpolateGeometry(input, params);
  const cell = cellAt(step, g.outHeight, g.outWidth);
  const y = nearestSource(cell.outY, input.height, g.outHeight, g.scaleY);
  const x = nearestSource(cell.outX, input.width, g.outWidth, g.scaleX);
  const value = input.data[(channel * input.height + y) * input.width + x];
  return { ...cell, source: { y, x, value, weight: null, inPadding: false } };
}
