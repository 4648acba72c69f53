/**
 * Shared by the ops tests: calling an op definition the way the evaluator does, and the calls
 * recorded from torch in test/fixtures/ops.json (scripts/gen_ops_fixtures.py), decoded into the
 * arguments the ops take.
 */
import { readFileSync } from 'node:fs';
import type { Dim } from '../../src/core/dims';
import type { ArgValue, FunctionDef, OpResult, TensorArg } from '../../src/core/layers/types';
import { bindArgs } from '../../src/core/registry';

export function callOp(def: FunctionDef, positional: readonly ArgValue[], keywords: ReadonlyMap<string, ArgValue> = new Map()): OpResult {
  return def.call(bindArgs(def.params, positional, keywords));
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One recorded call: its arguments in the fixture's encoding and what torch gave (a value or `{ error }`). */
export interface RecordedCall {
  op: string;
  args: Json[];
  kwargs: Record<string, Json>;
  expect: Json;
}

export const opsFixture = JSON.parse(readFileSync(new URL('../fixtures/ops.json', import.meta.url), 'utf8')) as { torch: string; cases: RecordedCall[] };

/**
 * A recorded argument as the ops take it. With `symbolic`, tensor sizes it maps become symbolic
 * dims, and recorded strides are dropped (they hold for the recorded sizes only).
 */
export function decodeArg(v: Json, symbolic?: (size: number) => Dim): ArgValue {
  const decode = (x: Json) => decodeArg(x, symbolic);
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if ('tensor' in v) {
      const sizes = v.tensor as number[];
      const t: TensorArg = { kind: 'tensor', shape: symbolic ? sizes.map(symbolic) : sizes, dtype: (v.dtype as string | undefined) ?? 'float32' };
      if (!symbolic && Array.isArray(v.strides)) t.layout = { shape: sizes, strides: v.strides as number[] };
      return t;
    }
    if ('float' in v) return { kind: 'float', value: v.float as number };
    if ('slice' in v && Array.isArray(v.slice)) {
      const [start, stop, step] = v.slice.map(decode);
      return { kind: 'slice', start, stop, step };
    }
    if ('ellipsis' in v) return { kind: 'ellipsis' };
    throw new Error(`unknown argument encoding ${JSON.stringify(v)}`);
  }
  return v;
}
