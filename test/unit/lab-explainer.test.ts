// The explainer's arithmetic is the backends' arithmetic: for random layers, every output cell it
// explains (window, products, sum, bias) adds up to what the reference backend computes there,
// padding modes, strides, dilation, groups, pooling windows and nearest upsampling included.
import { describe, expect, it } from 'vitest';
import { ConvError } from '../../webview/conv/geometry';
import { referenceConv2d, referenceInterpolate, referencePool2d } from '../../webview/conv/reference';
import type { Conv2dParams, FeatureMap, PaddingMode, Pool2dParams } from '../../webview/conv/types';
import { explainConvAt, explainNearest, explainPool } from '../../webview/lab/explainer';
import { seededRandom } from '../../webview/lab/kernels';

function randomMap(random: () => number, channels: number, height: number, width: number): FeatureMap {
  return { channels, height, width, data: Float32Array.from({ length: channels * height * width }, () => random() * 2 - 1) };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: () => number, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

describe('explainer arithmetic', () => {
  it('conv: each explained cell sums to the reference output (200 random layers)', () => {
    const random = seededRandom(2024);
    let checked = 0;
    for (let trial = 0; trial < 200; trial++) {
      const groups = pick(random, [1, 1, 2]);
      const groupIn = int(random, 1, 2);
      const outChannels = groups * int(random, 1, 2);
      const kH = int(random, 1, 4);
      const kW = int(random, 1, 4);
      const input = randomMap(random, groupIn * groups, int(random, 4, 9), int(random, 4, 9));
      const params: Conv2dParams = {
        weight: randomMap(random, outChannels * groupIn, kH, kW).data,
        weightShape: [outChannels, groupIn, kH, kW],
        bias: random() < 0.5 ? randomMap(random, outChannels, 1, 1).data : undefined,
        stride: [int(random, 1, 3), int(random, 1, 3)],
        padding: pick(random, ['same', 'valid', [int(random, 0, 2), int(random, 0, 2)]] as Conv2dParams['padding'][]),
        paddingMode: pick(random, ['zeros', 'reflect', 'replicate', 'circular'] as PaddingMode[]),
        dilation: [int(random, 1, 2), int(random, 1, 2)],
        groups,
      };
      if (params.padding === 'same') params.stride = [1, 1];
      let output: FeatureMap;
      try {
        output = referenceConv2d(input, params);
      } catch (err) {
        expect(err).toBeInstanceOf(ConvError); // torch would refuse these settings too
        expect(() => explainConvAt(input, params, 0, 0, 0)).toThrow(ConvError);
        continue;
      }
      for (let c = 0; c < output.channels; c++) {
        for (let y = 0; y < output.height; y++) {
          for (let x = 0; x < output.width; x++) {
            const cell = explainConvAt(input, params, c, y, x);
            expect(cell.channels.length).toBe(groupIn);
            expect(cell.channels.every((ch) => ch.taps.length === kH * kW)).toBe(true);
            expect(cell.total).toBeCloseTo(output.data[(c * output.height + y) * output.width + x], 5);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('pooling and nearest upsampling: each explained cell is the reference output', () => {
    const random = seededRandom(99);
    for (let trial = 0; trial < 100; trial++) {
      const input = randomMap(random, 1, int(random, 3, 8), int(random, 3, 8));
      const kernel: [number, number] = [int(random, 1, 3), int(random, 1, 3)];
      const params: Pool2dParams = {
        kind: pick(random, ['max', 'avg'] as const),
        kernel,
        stride: [int(random, 1, 3), int(random, 1, 3)],
        padding: [int(random, 0, Math.floor(kernel[0] / 2)), int(random, 0, Math.floor(kernel[1] / 2))],
        dilation: [1, 1],
        ceilMode: random() < 0.5,
        countIncludePad: random() < 0.5,
      };
      let pooled: FeatureMap;
      try {
        pooled = referencePool2d(input, params);
      } catch {
        continue;
      }
      for (let step = 0; step < pooled.height * pooled.width; step++) {
        expect(explainPool(input, params, 0, step).result).toBeCloseTo(pooled.data[step], 5);
      }
      const scale = int(random, 1, 4);
      const upsampled = referenceInterpolate(input, { mode: 'nearest', scaleFactor: [scale, scale] });
      for (let step = 0; step < upsampled.height * upsampled.width; step++) {
        expect(explainNearest(input, { mode: 'nearest', scaleFactor: [scale, scale] }, 0, step).source.value).toBe(upsampled.data[step]);
      }
    }
  });
});
