/**
 * Every record torch produced in test/fixtures/layers.json (scripts/gen_layer_fixtures.py) checked
 * against the layer definitions, bound through the evaluator's own argument binder: constructor
 * errors, repr, parameter count, parameter and buffer shapes, output shapes and forward errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { bindArgs } from '../../src/core/registry';
import { tagSequence } from '../../src/core/layers/common';
import { layerDefs, layerFunctionDefs } from '../../src/core/layers/registry';
import type { ArgValue, OpResult } from '../../src/core/layers/types';

type Json = number | string | boolean | null | Json[] | { float: number } | { tensor: number[]; dtype: string; requires_grad?: boolean } | { list: Json[] } | { size: Json[] } | { module: string; args: Json[]; kwargs: Record<string, Json> };

interface Case {
  kind: 'module' | 'function';
  name: string;
  args: Json[];
  kwargs: Record<string, Json>;
  inputs?: Json[];
  forward_kwargs?: Record<string, Json>;
  build_error?: string;
  repr?: string;
  params?: number;
  weights?: Record<string, number[]>;
  buffers?: Record<string, number[]>;
  output?: number[] | number[][];
  error?: string;
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/layers.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** The generator's JSON back into the values the evaluator hands a definition. */
function decode(v: Json): ArgValue {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  if ('float' in v) return { kind: 'float', value: v.float };
  if ('list' in v) return tagSequence(v.list.map(decode), 'list');
  if ('size' in v) return tagSequence(v.size.map(decode), 'torch.Size');
  if ('module' in v) {
    // A module argument (TransformerEncoder's encoder_layer), built as the evaluator builds it.
    const def = layerDefs.get(v.module)!;
    const built = def.build(bindArgs(def.params, v.args.map(decode), keywords(v.kwargs)));
    if (!built.ok) throw new Error(built.error.message);
    return { kind: 'module', name: v.module, layer: built.layer };
  }
  return { kind: 'tensor', shape: v.tensor, dtype: v.dtype, ...(v.requires_grad ? { requiresGrad: true } : {}) };
}

function keywords(record: Record<string, Json> | undefined): Map<string, ArgValue> {
  return new Map(Object.entries(record ?? {}).map(([k, v]) => [k, decode(v)]));
}

/** What a user would see: the output shape(s), or torch's message. */
function outcome(result: OpResult): { output: unknown } | { error: string } {
  if (!result.ok) return { error: result.error.message };
  const shapeOf = (v: ArgValue): unknown => (Array.isArray(v) ? v.map(shapeOf) : typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'tensor' ? v.shape : v);
  return { output: shapeOf(result.value) };
}

function expected(c: Case): { output: unknown } | { error: string } {
  return c.error !== undefined ? { error: c.error } : { output: c.output };
}

function label(c: Case, i: number): string {
  return `#${i} ${c.name}(${JSON.stringify(c.args).slice(1, -1)}${Object.keys(c.kwargs).length ? ', ' + JSON.stringify(c.kwargs) : ''}) on ${JSON.stringify(c.inputs ?? [])}`;
}

describe('torch 1.13 fixtures: modules', () => {
  const cases = fixtures.cases.map((c, i) => [label(c, i), c] as const).filter(([, c]) => c.kind === 'module');
  test('cover hundreds of module configurations', () => {
    expect(cases.length).toBeGreaterThan(500);
  });
  test.each(cases)('%s', (_, c) => {
    const def = layerDefs.get(c.name);
    expect(def, `no definition for nn.${c.name}`).toBeDefined();
    const built = def!.build(bindArgs(def!.params, c.args.map(decode), keywords(c.kwargs)));
    if (c.build_error !== undefined) {
      expect(built.ok ? 'built' : built.error.message).toBe(c.build_error);
      return;
    }
    if (!built.ok) throw new Error(`unexpected build error: ${built.error.message}`);
    const layer = built.layer;
    const isLazy = c.name.startsWith('Lazy');
    const forward = c.inputs?.length ? outcome(layer.forward(bindArgs(layer.forwardParams, c.inputs.map(decode), keywords(c.forward_kwargs)))) : undefined;
    if (forward) expect(forward).toEqual(expected(c));
    // Lazy modules are compared after their first forward, as torch materialises them then.
    if (!isLazy || c.error === undefined) {
      expect(layer.repr).toBe(c.repr);
      if (c.params !== undefined) expect(layer.params).toBe(c.params);
      if (c.weights !== undefined) {
        const shapes = Object.fromEntries(layer.weights.map((w) => [w.name, w.shape]));
        expect(shapes).toEqual({ ...c.weights, ...(c.buffers ?? {}) });
      }
    }
  });
});

describe('torch 1.13 fixtures: functions', () => {
  const cases = fixtures.cases.map((c, i) => [label(c, i), c] as const).filter(([, c]) => c.kind === 'function');
  test.each(cases)('%s', (_, c) => {
    const def = layerFunctionDefs.get(c.name);
    expect(def, `no definition for ${c.name}`).toBeDefined();
    expect(outcome(def!.call(bindArgs(def!.params, c.args.map(decode), keywords(c.kwargs))))).toEqual(expected(c));
  });
});
