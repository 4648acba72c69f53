import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../../webview/conv/reference';
import type { ConvBackend } from '../../webview/conv/types';
import { createWasmBackend } from '../../webview/conv/wasm';
import { mismatch, runCase, type Suite } from './conv-compare';
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

  describe('invalid calls raise torch\'s error text', () => {
    it.each(loadSuite('errors').map((c) => [c.name, c] as const))('%s', async (_case, c) => {
      const backend = await create();
      expect(() => runCase(backend, c)).toThrow(c.error!);
    });
  });
});
