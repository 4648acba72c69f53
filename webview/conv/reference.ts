/**
 * The TypeScript backend: plain loops that read like torch's definitions. It is the fallback where
 * neither WebGL2 nor WASM SIMD is available and the yardstick the fast backends are tested against
 * (and it is itself tested against torch's own outputs).
 */
import { activationFunction } from './activations';
import { convGeometry, interpolateGeometry, linearTap, nearestSource, paddedSource, poolGeometry } from './geometry';
import type { ActivationParams, ConvBackend, Conv2dParams, FeatureMap, InterpolateParams, Pool2dParams } from './types';

export function createFeatureMap(channels: number, height: number, width: number): FeatureMap {
  return { channels, height, width, data: new Float32Array(channels * height * width) };
}

/** conv2d's `into` when the contract in types.ts lets a backend write there, else a new array. */
export function convResultBuffer(input: FeatureMap, floats: number, into: Float32Array | undefined): Float32Array {
  return into && into.length === floats && into !== input.data ? into : new Float32Array(floats);
}

/** Cross-correlation, as F.conv2d; a non-zero padding mode reads the padded border F.pad would build. */
export function referenceConv2d(input: FeatureMap, params: Conv2dParams, into?: Float32Array): FeatureMap {
  const g = convGeometry(input, params);
  const [, , kH, kW] = params.weightShape;
  const { weight, bias, stride, dilation, paddingMode } = params;
  const { height: H, width: W, data } = input;
  const out = { channels: g.outChannels, height: g.outHeight, width: g.outWidth, data: convResultBuffer(input, g.outChannels * g.outHeight * g.outWidth, into) };
  for (let oc = 0; oc < g.outChannels; oc++) {
    const firstIn = Math.floor(oc / g.groupOutChannels) * g.groupInChannels;
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        let sum = bias ? bias[oc] : 0;
        for (let ic = 0; ic < g.groupInChannels; ic++) {
          const plane = (firstIn + ic) * H * W;
          for (let ky = 0; ky < kH; ky++) {
            const y = paddedSource(oy * stride[0] - g.padY.before + ky * dilation[0], H, paddingMode);
            if (y < 0) continue;
            for (let kx = 0; kx < kW; kx++) {
              const x = paddedSource(ox * stride[1] - g.padX.before + kx * dilation[1], W, paddingMode);
              if (x < 0) continue;
              sum += data[plane + y * W + x] * weight[((oc * g.groupInChannels + ic) * kH + ky) * kW + kx];
            }
          }
        }
        out.data[(oc * g.outHeight + oy) * g.outWidth + ox] = sum;
      }
    }
  }
  return out;
}

/** max_pool2d (NaN wins, as in torch) and avg_pool2d (torch's divisor rules), per channel. */
export function referencePool2d(input: FeatureMap, params: Pool2dParams): FeatureMap {
  const { outHeight, outWidth } = poolGeometry(input, params);
  const { height: H, width: W, data } = input;
  const [kH, kW] = params.kernel;
  const [sH, sW] = params.stride;
  const [pH, pW] = params.padding;
  const out = createFeatureMap(input.channels, outHeight, outWidth);
  for (let c = 0; c < input.channels; c++) {
    const plane = c * H * W;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const y0 = oy * sH - pH;
        const x0 = ox * sW - pW;
        let value: number;
        if (params.kind === 'max') {
          value = -Infinity;
          for (let ky = 0; ky < kH; ky++) {
            const y = y0 + ky * params.dilation[0];
            if (y < 0 || y >= H) continue;
            for (let kx = 0; kx < kW; kx++) {
              const x = x0 + kx * params.dilation[1];
              if (x < 0 || x >= W) continue;
              const v = data[plane + y * W + x];
              if (v > value || Number.isNaN(v)) value = v;
            }
          }
        } else {
          // The window clipped to the padded input gives count_include_pad's divisor; clipped to
          // the input itself, the other one.
          const yEnd = Math.min(y0 + kH, H + pH);
          const xEnd = Math.min(x0 + kW, W + pW);
          const paddedCount = (yEnd - y0) * (xEnd - x0);
          const ya = Math.max(y0, 0);
          const xa = Math.max(x0, 0);
          const yb = Math.min(yEnd, H);
          const xb = Math.min(xEnd, W);
          let sum = 0;
          for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) sum += data[plane + y * W + x];
          const divisor = params.divisorOverride ?? (params.countIncludePad ? paddedCount : (yb - ya) * (xb - xa));
          value = ya < yb && xa < xb ? sum / divisor : 0;
        }
        out.data[(c * outHeight + oy) * outWidth + ox] = value;
      }
    }
  }
  return out;
}

export function referenceInterpolate(input: FeatureMap, params: InterpolateParams): FeatureMap {
  const g = interpolateGeometry(input, params);
  const { height: H, width: W, data } = input;
  const out = createFeatureMap(input.channels, g.outHeight, g.outWidth);
  const alignCorners = params.alignCorners ?? false;
  for (let c = 0; c < input.channels; c++) {
    const plane = c * H * W;
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        let value: number;
        if (params.mode === 'nearest') {
          value = data[plane + nearestSource(oy, H, g.outHeight, g.scaleY) * W + nearestSource(ox, W, g.outWidth, g.scaleX)];
        } else {
          const ty = linearTap(oy, H, g.scaleY, alignCorners);
          const tx = linearTap(ox, W, g.scaleX, alignCorners);
          const row0 = plane + ty.i0 * W;
          const row1 = plane + ty.i1 * W;
          value =
            ty.w0 * (tx.w0 * data[row0 + tx.i0] + tx.w1 * data[row0 + tx.i1]) +
            ty.w1 * (tx.w0 * data[row1 + tx.i0] + tx.w1 * data[row1 + tx.i1]);
        }
        out.data[(c * g.outHeight + oy) * g.outWidth + ox] = value;
      }
    }
  }
  return out;
}

export function referenceActivation(input: FeatureMap, params: ActivationParams): FeatureMap {
  const f = activationFunction(params);
  const out = createFeatureMap(input.channels, input.height, input.width);
  for (let i = 0; i < input.data.length; i++) out.data[i] = f(input.data[i]);
  return out;
}

export function createReferenceBackend(): ConvBackend {
  return {
    name: 'typescript',
    conv2d: referenceConv2d,
    pool2d: referencePool2d,
    interpolate: referenceInterpolate,
    activation: referenceActivation,
  };
}
