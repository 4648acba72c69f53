/**
 * No argument, however odd, may make an op throw or fail internally; and an op given only
 * values the analysis does not know answers unknown, never an error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dimAdd, dimFloorDiv, dimMul, dimSubstitute, sym, type Dim } from '../../src/core/dims';
import { dimKnownDiffers } from '../../src/core/ops/args';
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
  fc
    .array(fc.tuple(dim, fc.integer({ min: 0, max: 40 })), { maxLength: 4 })
    .map((dims): ArgValue => ({ kind: 'tensor', shape: dims.map(([d]) => d), layout: { shape: dims.map(([d]) => d), strides: dims.map(([, s]) => s) } })),
);

const arg: fc.Arbitrary<ArgValue> = fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) });

const opNames = [...opFunctionDefs.keys()];

/** Every reason and message in a result, to look for internal failures. */
function texts(r: OpResult): string {
  return JSON.stringify(r, (_, v) => (typeof v === 'object' && v !== null && 'terms' in v ? String(v) : v));
}

/** Small size formulas over B and H, as shape rules build them. */
const formula: fc.Arbitrary<Dim> = fc.letrec<{ dim: Dim }>((tie) => ({
  dim: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -3, max: 8 }),
    fc.constantFrom<Dim>(sym('B'), sym('H')),
    fc.tuple(tie('dim'), tie('dim')).map(([a, b]) => dimAdd(a, b)),
    fc.tuple(fc.integer({ min: -3, max: 4 }), tie('dim')).map(([k, a]) => dimMul(k, a)),
    fc.tuple(tie('dim'), tie('dim')).map(([a, b]) => dimMul(a, b)),
    fc.tuple(tie('dim'), fc.integer({ min: 2, max: 4 })).map(([a, k]) => dimFloorDiv(a, k)),
  ),
})).dim;

describe('deciding symbolic sizes', () => {
  it('says two sizes differ only if they differ for every positive B and H', () => {
    fc.assert(
      fc.property(formula, formula, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (a, b, bv, hv) => {
        fc.pre(dimKnownDiffers(a, b));
        const values = new Map<string, Dim>([
          ['B', bv],
          ['H', hv],
        ]);
        expect(dimSubstitute(a, values)).not.toBe(dimSubstitute(b, values));
      }),
      { numRuns: 3000 },
    );
  });
});

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

  it('does not build a tuple of a billion pieces', () => {
    const long: ArgValue = { kind: 'tensor', shape: [10 ** 9, 3] };
    for (const [op, args] of [
      ['Tensor.unbind', [long]],
      ['Tensor.split', [long, 1]],
      ['Tensor.chunk', [{ kind: 'tensor', shape: [0] }, 10 ** 9]],
    ] as [string, ArgValue[]][]) {
      const result = callOp(opFunctionDefs.get(op)!, args);
      expect(result.ok && !Array.isArray(result.value) && (result.value as { kind: string }).kind).toBe('unknown');
    }
  });

  it.each(opNames)('%s with unknown arguments is unknown, not an error', (name) => {
    const def = opFunctionDefs.get(name)!;
    const unknowns = def.params.filter((p) => !p.keywordOnly && p.default === undefined).map((): ArgValue => ({ kind: 'unknown', reason: 'test' }));
    const result = callOp(def, unknowns);
    expect(result.ok, texts(result)).toBe(true);
  });
});
