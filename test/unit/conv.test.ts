import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../../webview/conv/reference';
import type { ConvBackend } from '../../webview/conv/types';
import { loadSuite, mismatch, runCase, type Suite } from './conv-fixtures';

const backends: [string, () => Promise<ConvBackend>][] = [['typescript', async () => createReferenceBackend()]];

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
