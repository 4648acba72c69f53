/**
 * Every call recorded from torch 1.13 in test/fixtures/ops.json (scripts/gen_ops_fixtures.py)
 * must give torch's output shapes, values and dtypes, or torch's exact error message.
 */
import { describe, expect, it } from 'vitest';
import type { ArgValue, OpResult } from '../../src/core/layers/types';
import { opFunctionDefs } from '../../src/core/ops/registry';
import { callOp, decodeArg, opsFixture, type Json, type RecordedCall } from './ops-harness';

/** What the op gave, in the fixture's encoding, so a mismatch prints both side by side. */
function encode(v: ArgValue): Json {
  if (Array.isArray(v)) return { tuple: v.map(encode) };
  if (v !== null && typeof v === 'object' && 'kind' in v) {
    if (v.kind === 'tensor') {
      const out: Record<string, Json> = { shape: v.shape as Json };
      if (v.dtype) out.dtype = v.dtype;
      if (v.layout) out.strides = comparableStrides(v.shape, v.layout.strides as Json[]);
      return out;
    }
    if (v.kind === 'float') return { float: v.value };
    if (v.kind === 'unknown') return { unknown: v.reason };
  }
  return v as Json;
}

/** Strides of size-1 dims mean nothing (torch's vary); they compare as null. */
function comparableStrides(shape: unknown, strides: Json[]): Json {
  return strides.map((s, i) => (Array.isArray(shape) && shape[i] === 1 ? null : s));
}

/**
 * The expectation with what the op did not claim dropped: a dtype it left unknown, strides of a
 * result it treats as contiguous (it may forget a layout, which only ever makes `view` succeed).
 */
function comparable(expected: Json, actual: Json): Json {
  if (expected === null || typeof expected !== 'object' || actual === null || typeof actual !== 'object') return expected;
  if (Array.isArray(expected)) return expected;
  if ('tuple' in expected && !Array.isArray(actual) && 'tuple' in actual && Array.isArray(expected.tuple) && Array.isArray(actual.tuple)) {
    const got = actual.tuple;
    return { tuple: expected.tuple.map((e, i) => comparable(e, got[i] ?? null)) };
  }
  if ('shape' in expected && !Array.isArray(actual)) {
    const out: Record<string, Json> = { shape: expected.shape };
    if ('dtype' in actual) out.dtype = expected.dtype;
    if ('strides' in actual && Array.isArray(expected.strides)) out.strides = comparableStrides(expected.shape, expected.strides);
    return out;
  }
  return expected;
}

function outcome(result: OpResult): Json {
  return result.ok ? encode(result.value) : { error: result.error.message };
}

function label(c: RecordedCall, index: number): string {
  const args = c.args.map((a) => JSON.stringify(a)).join(', ');
  const kwargs = Object.entries(c.kwargs).map(([k, v]) => `, ${k}=${JSON.stringify(v)}`);
  return `#${index} ${c.op}(${args}${kwargs.join('')})`;
}

describe(`ops agree with torch ${opsFixture.torch}`, () => {
  it('covers hundreds of recorded calls', () => {
    expect(opsFixture.cases.length).toBeGreaterThan(500);
  });

  it.each(opsFixture.cases.map((c, i) => [label(c, i), c] as const))('%s', (_, c) => {
    const def = opFunctionDefs.get(c.op);
    expect(def, `no definition for ${c.op}`).toBeDefined();
    const keywords = new Map(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v)] as const));
    const actual = outcome(callOp(def!, c.args.map((a) => decodeArg(a)), keywords));
    expect(actual).toEqual(comparable(c.expect, actual));
  });
});

