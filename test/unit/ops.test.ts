/**
 * Every call recorded from torch 1.13 in test/fixtures/ops.json (scripts/gen_ops_fixtures.py)
 * must give torch's output shapes, values and dtypes, or torch's exact error message.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ArgValue, OpResult, TensorArg } from '../../src/core/layers/types';
import { opFunctionDefs } from '../../src/core/ops/registry';
import { callOp } from './ops-harness';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Case {
  op: string;
  args: Json[];
  kwargs: Record<string, Json>;
  expect: Json;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/ops.json', import.meta.url), 'utf8')) as { torch: string; cases: Case[] };

function decode(v: Json): ArgValue {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if ('tensor' in v) {
      const t: TensorArg = { kind: 'tensor', shape: v.tensor as number[], dtype: (v.dtype as string | undefined) ?? 'float32' };
      if (Array.isArray(v.strides)) t.layout = { shape: v.tensor as number[], strides: v.strides as number[] };
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

function label(c: Case, index: number): string {
  const args = c.args.map((a) => JSON.stringify(a)).join(', ');
  const kwargs = Object.entries(c.kwargs).map(([k, v]) => `, ${k}=${JSON.stringify(v)}`);
  return `#${index} ${c.op}(${args}${kwargs.join('')})`;
}

describe(`ops agree with torch ${fixture.torch}`, () => {
  it('covers hundreds of recorded calls', () => {
    expect(fixture.cases.length).toBeGreaterThan(500);
  });

  it.each(fixture.cases.map((c, i) => [label(c, i), c] as const))('%s', (_, c) => {
    const def = opFunctionDefs.get(c.op);
    expect(def, `no definition for ${c.op}`).toBeDefined();
    const keywords = new Map(Object.entries(c.kwargs).map(([k, v]) => [k, decode(v)] as const));
    const actual = outcome(callOp(def!, c.args.map(decode), keywords));
    expect(actual).toEqual(comparable(c.expect, actual));
  });
});

