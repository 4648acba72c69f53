/**
 * No argument, however odd, may make an op throw or fail internally; and an op given only
 * values the analysis does not know answers unknown, never an error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sym, type Dim } from '../../src/core/dims';
import type { ArgValue, OpResult } from '../../src/core/layers/types';
import { opFunctionDefs } from '../../src/core/ops/registry';
import { callOp } from './ops-harness';

const dim: fc.Arbitrary<Dim> = fc.oneof(fc.integer({ min: -3, max: 6 }), fc.constantFrom<Dim>(sym('B'), sym('H'), null));

const leaf: fc.Arbitrary<ArgValue> = fc.oneof(
  dim,
  fc.boolean(),
  fc.constantFrom<ArgValue>('ij,jk->ik', '...i,...i', 'fro', 'torch.float16', '', '->', { kind: 'unknown', reason: 'test' }),
  fc.double({ noNaN: true, min: -10, max: 10 }).map((value): ArgValue => ({ kind: 'float', value })),
  fc.array(dim, { maxLength: 5 }).map((shape): ArgValue => ({ kind: 'tensor', shape })),
  fc.constant<ArgValue>({ kind: 'tensor', shape: null }),
);

const arg: fc.Arbitrary<ArgValue> = fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) });

const opNames = [...opFunctionDefs.keys()];

/** Every reason and message in a result, to look for internal failures. */
function texts(r: OpResult): string {
  return JSON.stringify(r, (_, v) => (typeof v === 'object' && v !== null && 'terms' in v ? String(v) : v));
}

describe('ops never fail internally', () => {
  it('answers arbitrary arguments without throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...opNames), fc.array(arg, { maxLength: 5 }), (name, args) => {
        const result = callOp(opFunctionDefs.get(name)!, args);
        expect(texts(result)).not.toMatch(/internal error/);
      }),
      { numRuns: 4000 },
    );
  });

  it.each(opNames)('%s with unknown arguments is unknown, not an error', (name) => {
    const def = opFunctionDefs.get(name)!;
    const unknowns = def.params.filter((p) => !p.keywordOnly && p.default === undefined).map((): ArgValue => ({ kind: 'unknown', reason: 'test' }));
    const result = callOp(def, unknowns);
    expect(result.ok, texts(result)).toBe(true);
  });
});
