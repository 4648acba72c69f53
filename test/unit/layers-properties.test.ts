/**
 * Properties over random layer configurations and inputs (fast-check): no definition throws,
 * a successful result never holds a negative size, and a symbolic input never produces an error
 * that the same layer does not also produce for every concrete size tried in its place.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sym, type Dim } from '../../src/core/dims';
import { bindArgs } from '../../src/core/registry';
import { layerDefs } from '../../src/core/layers/registry';
import type { ArgValue, OpResult, TensorArg } from '../../src/core/layers/types';

const WINDOW_LAYERS = ['Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose2d', 'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d'];

const hyper = fc.oneof(fc.integer({ min: -1, max: 6 }), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }));

const config = fc.record({
  name: fc.constantFrom(...WINDOW_LAYERS),
  channels: fc.integer({ min: 1, max: 4 }),
  kernel: hyper,
  stride: hyper,
  padding: fc.oneof(hyper, fc.constantFrom('same', 'valid')),
  dilation: fc.integer({ min: 1, max: 3 }),
  ceil: fc.boolean(),
  shape: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 0, maxLength: 6 }),
});

type Config = typeof config extends fc.Arbitrary<infer T> ? T : never;

function forward(c: Config, shape: Dim[]): OpResult | undefined {
  const def = layerDefs.get(c.name)!;
  const isConv = c.name.startsWith('Conv');
  const positional: ArgValue[] = isConv ? [c.channels, 2, c.kernel] : [c.kernel];
  const keywords = new Map<string, ArgValue>([
    ['stride', c.stride],
    ['padding', isConv ? c.padding : typeof c.padding === 'string' ? 0 : c.padding],
    ...(c.name.startsWith('Avg') ? [] : ([['dilation', c.dilation]] as [string, ArgValue][])),
    ...(isConv ? [] : ([['ceil_mode', c.ceil]] as [string, ArgValue][])),
  ]);
  const built = def.build(bindArgs(def.params, positional, keywords));
  if (!built.ok) return undefined;
  const input: TensorArg = { kind: 'tensor', shape };
  return built.layer.forward(bindArgs(built.layer.forwardParams, [input], new Map()));
}

function outputShape(result: OpResult): Dim[] {
  if (!result.ok) return [];
  const v = result.value;
  const t = (Array.isArray(v) ? v[0] : v) as TensorArg;
  return t.shape ?? [];
}

describe('window layers on random configurations', () => {
  test('never throw, never return a negative size', () => {
    fc.assert(
      fc.property(config, (c) => {
        const result = forward(c, c.shape);
        if (result?.ok) expect(outputShape(result).every((d) => typeof d !== 'number' || d >= 0)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('a symbolic spatial size raises only what every concrete size raises', () => {
    fc.assert(
      fc.property(config, (c) => {
        if (c.shape.length < 2) return;
        const symbolic: Dim[] = [...c.shape.slice(0, -1), sym('H')];
        const result = forward(c, symbolic);
        if (!result || result.ok) return;
        for (let h = 1; h <= 40; h++) {
          const concrete = forward(c, [...c.shape.slice(0, -1), h]);
          expect(concrete?.ok, `${c.name} raised "${result.error.message}" for H, but H=${h} works`).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
