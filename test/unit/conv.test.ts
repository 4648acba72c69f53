import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../../webview/conv/reference';
import type { Conv2dParams, ConvBackend } from '../../webview/conv/types';
import { createWasmBackend } from '../../webview/conv/wasm';
import { mismatch, nonFiniteCases, runCase, type Suite } from './conv-compare';
import { loadSuite } from './conv-fixtures';

const wasmPath = join(__dirname, '..', '..', 'dist', 'conv.wasm');

async function wasmBackend(): Promise<ConvBackend> {
  if (!existsSync(wasmPath)) throw new Error(`${wasmPath} is missing: run npm run build first`);
  return createWasmBackend(readFileSync(wasmPath));
}

const backends: [string, () => Promise<ConvBackend>][] = [
  ['typescript', async () => createReferenceBackend()],
  ['wasm-simd', wasmBackend],
];

const suites: Suite[] = ['conv2d', 'pool2d', 'interpolate', 'activation'];

describe.each(backends)('%s backend against torch 1.13', (_name, create) => {
  for (const suite of suites) {
    describe(suite, () => {
      it.each(loadSuite(suite).map((c) => [c.name, c] as const))('%s', async (_case, c) => {
        const backend = await create();
        expect(mismatch(runCase(backend, c), c.expected!)).toBeNull();
      });
    });
  }

  it.each(nonFiniteCases().map((c) => [c.name, c] as const))('%s', async (_case, c) => {
    const backend = await create();
    expect(mismatch(runCase(backend, c), c.expected!)).toBeNull();
  });

  describe('invalid calls raise torch\'s error text', () => {
    it.each(loadSuite('errors').map((c) => [c.name, c] as const))('%s', async (_case, c) => {
      const backend = await create();
      expect(() => runCase(backend, c)).toThrow(c.error!);
    });
  });
});

describe('wasm-simd keeps the padded image resident between calls', () => {
  it('gives the reference result when the same image comes back with other padding, modes and kernels', async () => {
    const wasm = await wasmBackend();
    const reference = createReferenceBackend();
    const image = { channels: 2, height: 13, width: 21, data: Float32Array.from({ length: 2 * 13 * 21 }, (_, i) => Math.cos(i * 0.7)) };
    const settings: [Conv2dParams['padding'], Conv2dParams['paddingMode'], number][] = [
      [[1, 1], 'zeros', 3], [[1, 1], 'reflect', 3], [[1, 1], 'reflect', 3], [[0, 0], 'zeros', 3], ['same', 'circular', 4], [[2, 1], 'replicate', 5], [[1, 1], 'zeros', 3],
    ];
    for (const [padding, paddingMode, k] of settings) {
      const params: Conv2dParams = {
        weight: Float32Array.from({ length: 2 * 2 * k * k }, (_, i) => ((i * 5) % 7) - 3),
        weightShape: [2, 2, k, k], stride: [1, 1], padding, paddingMode, dilation: [1, 1], groups: 1,
      };
      const expected = reference.conv2d(image, params);
      const problem = mismatch(wasm.conv2d(image, params), { shape: [expected.channels, expected.height, expected.width], data: Array.from(expected.data) });
      expect(problem, `${JSON.stringify(padding)} ${paddingMode} k=${k}`).toBeNull();
    }
  });
});

describe('wasm-simd piecewise activations', () => {
  it('match the reference on every element, NaN and the scalar tail included, without disturbing the resident image', async () => {
    const wasm = await wasmBackend();
    const reference = createReferenceBackend();
    const values = [NaN, -7, -3, -2.5, -0.5, 0, 0.25, 2.9, 3, 6, 6.5, 100, -0.0, 1e-8, -1e-8];
    const map = { channels: 1, height: 3, width: 5, data: Float32Array.from(values) };
    const image = { channels: 1, height: 6, width: 7, data: Float32Array.from({ length: 42 }, (_, i) => (i % 5) - 2) };
    const conv: Conv2dParams = { weight: Float32Array.from([1, -1, 2, 0.5]), weightShape: [1, 1, 2, 2], stride: [1, 1], padding: [1, 1], paddingMode: 'reflect', dilation: [1, 1], groups: 1 };
    const before = wasm.conv2d(image, conv);
    for (const params of [{ kind: 'relu' }, { kind: 'relu6' }, { kind: 'leaky_relu', alpha: 0.2 }, { kind: 'leaky_relu' }, { kind: 'hardswish' }] as const) {
      const got = Array.from(wasm.activation(map, params).data);
      const want = Array.from(reference.activation(map, params).data);
      got.forEach((v, i) => expect(Number.isNaN(want[i]) ? Number.isNaN(v) : Math.abs(v - want[i]) <= 1e-6, `${params.kind}(${values[i]}) = ${v}, want ${want[i]}`).toBe(true));
    }
    expect(Array.from(wasm.conv2d(image, conv).data)).toEqual(Array.from(before.data));
  });
});
