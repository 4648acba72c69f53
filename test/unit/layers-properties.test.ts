/**
 * Properties over random layer configurations and inputs (fast-check): no definition throws,
 * a successful result never holds a negative size, and a symbolic input never produces an error
 * that the same layer does not also produce for every concrete size tried in its place.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { sym, type Dim } from '../../src/core/dims';
import { bindArgs } from '../../src/core/registry';
import { layerDefs, layerFunctionDefs } from '../../src/core/layers/registry';
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

describe('transposed convolution with output_size', () => {
  test('never throws, whatever output_size and input rank', () => {
    const def = layerDefs.get('ConvTranspose2d')!;
    fc.assert(
      fc.property(
        hyper,
        hyper,
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }),
        fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.integer({ min: -2, max: 20 }), fc.constant(null)), { maxLength: 5 })),
        (stride, padding, shape, outputSize) => {
          const built = def.build(bindArgs(def.params, [3, 2, 3], new Map<string, ArgValue>([['stride', stride], ['padding', padding]])));
          if (!built.ok) return;
          const result = built.layer.forward(bindArgs(built.layer.forwardParams, [{ kind: 'tensor', shape }, outputSize], new Map()));
          if (result.ok) expect(outputShape(result).every((d) => typeof d !== 'number' || d >= 0)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

test('a transposed convolution with an empty kernel_size and output_size= answers unknown (found by the fuzz below)', () => {
  const def = layerDefs.get('LazyConvTranspose2d')!;
  const built = def.build(bindArgs(def.params, [false, []], new Map()));
  if (!built.ok) throw new Error(built.error.message);
  const input: TensorArg = { kind: 'tensor', shape: [null, sym('B'), sym('B')] };
  expect(built.layer.forward(bindArgs(built.layer.forwardParams, [input, [{ kind: 'unknown', reason: 'x' }, null]], new Map()))).toEqual({
    ok: true,
    value: { kind: 'tensor', shape: null, requiresGrad: true },
  });
});

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

describe('every definition on random arguments', () => {
  const dim = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constant(null), fc.constantFrom(sym('B'), sym('H')));
  const leaf: fc.Arbitrary<ArgValue> = fc.oneof(
    fc.integer({ min: -3, max: 12 }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('same', 'valid', 'zeros', 'reflect', 'circular', 'bilinear', 'nearest', 'mean', 'x'),
    fc.double({ min: -2, max: 4, noNaN: true }).map((value): ArgValue => ({ kind: 'float', value })),
    fc.constant<ArgValue>({ kind: 'unknown', reason: 'random' }),
    fc.oneof(fc.constant(null), fc.array(dim, { maxLength: 6 })).map((shape): ArgValue => ({ kind: 'tensor', shape })),
  );
  const value: fc.Arbitrary<ArgValue> = fc.oneof(leaf, fc.array(leaf, { maxLength: 7 }));

  /** Every known dim of every tensor in a value is at least 0. */
  const noNegativeDims = (v: ArgValue): boolean =>
    Array.isArray(v) ? v.every(noNegativeDims) : typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'tensor' ? (v.shape ?? []).every((d) => typeof d !== 'number' || d >= 0) : true;
  /** No negative number anywhere in the arguments: a negative size or hyperparameter is garbage in. */
  const noNegatives = (v: ArgValue): boolean =>
    Array.isArray(v) ? v.every(noNegatives) : typeof v === 'number' ? v >= 0 : typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'float' ? v.value >= 0 : noNegativeDims(v);

  test('nn layers: build and forward never throw, and sizes that start non-negative stay so', () => {
    const names = [...layerDefs.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 12 }), fc.array(value, { maxLength: 3 }), (name, ctor, inputs) => {
        const def = layerDefs.get(name)!;
        const built = def.build(bindArgs(def.params, ctor, new Map()));
        if (!built.ok) return;
        const result = built.layer.forward(bindArgs(built.layer.forwardParams, inputs, new Map()));
        void [built.layer.repr, built.layer.params, built.layer.weights, built.layer.attributes];
        if (result.ok && inputs.every(noNegatives) && ctor.every(noNegatives)) {
          expect(noNegativeDims(result.value), `${name} gave a negative size`).toBe(true);
        }
      }),
      { numRuns: 20000 },
    );
  });

  test('functions never throw, and sizes that start non-negative stay so', () => {
    const names = [...layerFunctionDefs.keys()];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.array(value, { maxLength: 10 }), (name, positional) => {
        const def = layerFunctionDefs.get(name)!;
        const result = def.call(bindArgs(def.params, positional, new Map()));
        if (result.ok && positional.every(noNegatives)) {
          expect(noNegativeDims(result.value), `${name} gave a negative size`).toBe(true);
        }
      }),
      { numRuns: 20000 },
    );
  });
});
