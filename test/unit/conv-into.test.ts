import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perChannelConv } from '../../webview/conv/filter';
import { createReferenceBackend, referenceConv2d } from '../../webview/conv/reference';
import type { ConvBackend, FeatureMap } from '../../webview/conv/types';
import { createWasmBackend } from '../../webview/conv/wasm';
import { mismatch, runCase } from './conv-compare';
import { loadSuite } from './conv-fixtures';

// conv2d's `into` (types.ts): a caller-owned output buffer reused frame after frame.
const wasmPath = join(__dirname, '..', '..', 'dist', 'conv.wasm');

const backends: [string, () => Promise<ConvBackend>][] = [
  ['typescript', async () => createReferenceBackend()],
  ['wasm-simd', async () => {
    if (!existsSync(wasmPath)) throw new Error(`${wasmPath} is missing: run npm run build first`);
    return createWasmBackend(readFileSync(wasmPath));
  }],
];

function image(seed: number): FeatureMap {
  const data = new Float32Array(3 * 9 * 11);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 37 + seed * 11) % 23) / 8 - 1.25;
  return { channels: 3, height: 9, width: 11, data };
}

const layout = { stride: 1, padding: 1, paddingMode: 'zeros', dilation: 1 } as const;
const blur = perChannelConv([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 3, layout);
const edges = perChannelConv([[0, -1, 0], [-1, 4, -1], [0, -1, 0]], 3, layout);

describe.each(backends)('%s conv2d into a caller buffer', (_name, create) => {
  it.each(loadSuite('conv2d').map((c) => [c.name, c] as const))('%s: every element written, torch values', async (_case, c) => {
    const [outC, outH, outW] = c.expected!.shape;
    const into = new Float32Array(outC * outH * outW).fill(Number.NaN);
    const result = runCase(await create(), c, into);
    expect(result.data).toBe(into);
    expect(mismatch(result, c.expected!)).toBeNull();
  });

  it('allocates instead when the buffer has the wrong length or is the input', async () => {
    const backend = await create();
    const input = image(1);
    const short = new Float32Array(input.data.length - 1);
    expect(backend.conv2d(input, blur, short).data).not.toBe(short);
    const result = backend.conv2d(input, blur, input.data);
    expect(result.data).not.toBe(input.data);
    expect(Array.from(result.data)).toEqual(Array.from(referenceConv2d(image(1), blur).data));
  });

  // Backends cache derived copies of an input by its array's identity; a refilled buffer must not hit a stale one.
  it('a reused buffer fed back as input is read with its new contents', async () => {
    const backend = await create();
    const first = backend.conv2d(image(1), blur);
    backend.conv2d(first, edges); // the backend may keep `first` as its padded resident image
    const refilled = backend.conv2d(image(2), blur, first.data);
    expect(refilled.data).toBe(first.data);
    const expected = referenceConv2d(referenceConv2d(image(2), blur), edges);
    expect(Array.from(backend.conv2d(refilled, edges).data)).toEqual(Array.from(expected.data));
  });
});
