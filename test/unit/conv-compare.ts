/**
 * Runs a torch golden case (test/fixtures/conv, made by scripts/gen_conv_fixtures.py) on a backend
 * and compares the answer; free of Node APIs, so the Chromium test page bundles it too.
 */
import type { ActivationParams, Conv2dParams, ConvBackend, FeatureMap, InterpolateParams, Pool2dParams } from '../../webview/conv/types';

interface JsonTensor {
  shape: number[];
  data: number[];
}

export interface FixtureCase {
  name: string;
  input: JsonTensor;
  params: Record<string, unknown>;
  expected?: JsonTensor;
  error?: string;
}

export type Suite = 'conv2d' | 'pool2d' | 'interpolate' | 'activation' | 'errors';

export function toFeatureMap(t: JsonTensor): FeatureMap {
  const [channels, height, width] = t.shape;
  return { channels, height, width, data: Float32Array.from(t.data) };
}

/** The fixture's parameters with number arrays turned into the Float32Arrays the interface wants. */
function typedParams(params: Record<string, unknown>): Record<string, unknown> {
  const out = { ...params };
  for (const key of ['weight', 'bias']) if (Array.isArray(out[key])) out[key] = Float32Array.from(out[key] as number[]);
  return out;
}

/** Runs a case's op on a backend: the op is known from the parameters' shape. */
/** `convInto` goes to conv2d as its `into` buffer. */
export function runCase(backend: ConvBackend, c: FixtureCase, convInto?: Float32Array): FeatureMap {
  const input = toFeatureMap(c.input);
  const p = typedParams(c.params);
  if ('weightShape' in p) return backend.conv2d(input, p as unknown as Conv2dParams, convInto);
  if (p.kind === 'max' || p.kind === 'avg') return backend.pool2d(input, p as unknown as Pool2dParams);
  if (p.mode === 'nearest' || p.mode === 'bilinear') return backend.interpolate(input, p as unknown as InterpolateParams);
  return backend.activation(input, p as unknown as ActivationParams);
}

/** float32 agreement: 1e-4, relative for magnitudes above 1 (sums of many products). */
export const tolerance = 1e-4;

/** The first disagreement with torch, in words, or null when the output matches. */
export function mismatch(actual: FeatureMap, expected: JsonTensor): string | null {
  const shape = [actual.channels, actual.height, actual.width];
  if (shape.join() !== expected.shape.join()) return `shape [${shape}] instead of torch's [${expected.shape}]`;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    const a = actual.data[i];
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue; // infinities and NaN compare as themselves
    if (!(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)))) return `element ${i}: ${a} instead of torch's ${e}`;
  }
  return null;
}

/**
 * Cases JSON cannot carry (infinities, NaN), with torch 1.13's answers written out: nearest
 * interpolation copies values, max pooling lets NaN win, ReLU keeps NaN.
 */
export function nonFiniteCases(): FixtureCase[] {
  const input = { shape: [1, 2, 2], data: [Infinity, -Infinity, NaN, 1] };
  return [
    {
      name: 'nearest x2 copies infinities and NaN',
      input,
      params: { mode: 'nearest', scaleFactor: [2, 2] },
      expected: { shape: [1, 4, 4], data: [Infinity, Infinity, -Infinity, -Infinity, Infinity, Infinity, -Infinity, -Infinity, NaN, NaN, 1, 1, NaN, NaN, 1, 1] },
    },
    {
      name: 'nearest x1.5 copies infinities and NaN',
      input,
      params: { mode: 'nearest', scaleFactor: [1.5, 1.5] },
      expected: { shape: [1, 3, 3], data: [Infinity, Infinity, -Infinity, Infinity, Infinity, -Infinity, NaN, NaN, 1] },
    },
    {
      name: 'max pool: NaN wins, +inf beats finite',
      input: { shape: [1, 2, 4], data: [NaN, 5, Infinity, 2, 1, 3, -Infinity, 0] },
      params: { kind: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false, countIncludePad: true },
      expected: { shape: [1, 1, 2], data: [NaN, Infinity] },
    },
    {
      name: 'relu keeps NaN and +inf, zeroes -inf',
      input,
      params: { kind: 'relu' },
      expected: { shape: [1, 2, 2], data: [Infinity, 0, NaN, 1] },
    },
  ];
}
