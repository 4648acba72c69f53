/**
 * Recurrent layers, losses and LazyBatchNorm beyond torch's fixtures: a named batch dim B stays
 * symbolic through them, and a check that depends on B never reports an error.
 */
import { describe, expect, test } from 'vitest';
import { sym, type Dim } from '../../src/core/dims';
import { bindArgs } from '../../src/core/registry';
import { layerDefs, layerFunctionDefs } from '../../src/core/layers/registry';
import type { ArgValue, OpResult, TensorArg } from '../../src/core/layers/types';

const B = sym('B');

const input = (...shape: Dim[]): TensorArg => ({ kind: 'tensor', shape, dtype: 'float32' });
const indices = (...shape: Dim[]): TensorArg => ({ kind: 'tensor', shape, dtype: 'int64' });

function forward(name: string, ctor: Record<string, ArgValue>, ...inputs: ArgValue[]): OpResult {
  const def = layerDefs.get(name)!;
  const built = def.build(bindArgs(def.params, [], new Map(Object.entries(ctor))));
  if (!built.ok) throw new Error(built.error.message);
  return built.layer.forward(bindArgs(built.layer.forwardParams, inputs, new Map()));
}

function call(name: string, ...args: ArgValue[]): OpResult {
  const def = layerFunctionDefs.get(name)!;
  return def.call(bindArgs(def.params, args, new Map()));
}

const shapes = (r: OpResult): unknown => {
  if (!r.ok) return r.error.message;
  const of = (v: ArgValue): unknown => (Array.isArray(v) ? v.map(of) : typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'tensor' ? v.shape : v);
  return of(r.value);
};

describe('symbolic batch through recurrent layers', () => {
  test('LSTM keeps B in the output and in h_n, c_n', () => {
    expect(shapes(forward('LSTM', { input_size: 10, hidden_size: 16, num_layers: 2, batch_first: true }, input(B, 7, 10)))).toEqual([
      [B, 7, 16],
      [
        [2, B, 16],
        [2, B, 16],
      ],
    ]);
  });

  test('a hidden state whose batch is B is not reported', () => {
    expect(shapes(forward('GRU', { input_size: 10, hidden_size: 16 }, input(7, 3, 10), input(1, B, 16)))).toEqual([
      [7, 3, 16],
      [1, 3, 16],
    ]);
  });
});

describe('symbolic batch through losses', () => {
  test('probabilities of the same symbolic shape reduce to a 0-d loss', () => {
    expect(shapes(call('torch.nn.functional.cross_entropy', input(B, 10), input(B, 10)))).toEqual([]);
  });

  test('class indices against a symbolic batch: per-sample losses, no batch-size error', () => {
    expect(shapes(forward('CrossEntropyLoss', { reduction: 'none' }, input(B, 10), indices(B)))).toEqual([B]);
    expect(call('torch.nn.functional.cross_entropy', input(B, 10), indices(8)).ok).toBe(true);
  });

  test('BCE with a symbolic batch on one side is not a size mismatch', () => {
    const result = call('torch.nn.functional.binary_cross_entropy', input(B, 1), input(4, 1));
    expect(result.ok).toBe(true);
  });
});

describe('LazyBatchNorm2d', () => {
  test('takes a symbolic channel count from its first input', () => {
    const C = sym('C');
    expect(shapes(forward('LazyBatchNorm2d', {}, input(B, C, 8, 8)))).toEqual([B, C, 8, 8]);
  });
});

describe('recurrent settings the analysis does not know', () => {
  test('an unknown bidirectional or batch_first leaves the output unknown', () => {
    const unknownFlag: ArgValue = { kind: 'unknown', reason: 'a flag from the command line' };
    for (const flag of ['bidirectional', 'batch_first']) {
      const result = forward('LSTM', { input_size: 10, hidden_size: 16, [flag]: unknownFlag }, input(7, 3, 10));
      expect(result.ok && !Array.isArray(result.value) && typeof result.value === 'object' && result.value !== null && 'kind' in result.value && result.value.kind).toBe('unknown');
    }
  });
});
