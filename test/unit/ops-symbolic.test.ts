/**
 * Symbolic dims (`B`, `H`) through the ops: shapes stay formulas, checks that depend on a
 * symbol's value never raise, and what cannot be known is unknown with a reason.
 */
import { describe, expect, it } from 'vitest';
import { dimAdd, dimFloorDiv, dimMul, dimSubstitute, formatDim, sym, type Dim } from '../../src/core/dims';
import type { ArgValue, OpResult, TensorArg } from '../../src/core/layers/types';
import { broadcastShapes, opFunctionDefs } from '../../src/core/ops/registry';
import { callOp, decodeArg, opsFixture, type Json } from './ops-harness';

const B = sym('B');
const C = sym('C');
const H = sym('H');
const W = sym('W');

const t = (...shape: Dim[]): TensorArg => ({ kind: 'tensor', shape, dtype: 'float32' });

function call(op: string, ...args: ArgValue[]): OpResult {
  const def = opFunctionDefs.get(op);
  if (!def) throw new Error(`no op ${op}`);
  return callOp(def, args);
}

function callKw(op: string, args: ArgValue[], keywords: Record<string, ArgValue>): OpResult {
  return callOp(opFunctionDefs.get(op)!, args, new Map(Object.entries(keywords)));
}

/** The result's shape as strings, e.g. ['B', '400']; '?' for an unknown dim. */
function shapeOf(r: OpResult): string[] | null {
  if (!r.ok) throw new Error(`unexpected error: ${r.error.message}`);
  const v = r.value as TensorArg;
  expect(v.kind).toBe('tensor');
  return v.shape === null ? null : v.shape.map((d) => formatDim(d, 'python'));
}

function errorOf(r: OpResult): string {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(shapeOf(r))}`);
  return r.error.message;
}

describe('view and reshape with symbolic dims', () => {
  it('infers -1 when the known sizes divide the element count', () => {
    expect(shapeOf(call('Tensor.view', t(B, 16, 5, 5), -1, 400))).toEqual(['B', '400']);
    expect(shapeOf(call('Tensor.view', t(B, 16, 5, 5), B, -1))).toEqual(['B', '400']);
    expect(shapeOf(call('Tensor.reshape', t(B, C, H, W), [B, -1]))).toEqual(['B', 'C*H*W']);
  });

  it('leaves -1 unknown, with a reason, when divisibility depends on a symbol', () => {
    const r = call('Tensor.view', t(B, 16, H, W), -1, 400);
    expect(shapeOf(r)).toEqual(['?', '400']);
    expect((r as { value: TensorArg }).value.reason).toMatch(/not known to be divisible by 400/);
  });

  it('raises only when the numbers are known', () => {
    expect(errorOf(call('Tensor.view', t(2, 16, 5, 4), -1, 400))).toBe("shape '[-1, 400]' is invalid for input of size 640");
    expect(shapeOf(call('Tensor.view', t(B, 16, 4, 4), -1, 400))).toEqual(['?', '400']);
  });

  it('raises when the sizes differ for every positive value of the named dims', () => {
    expect(errorOf(call('Tensor.view', t(B, 16, 4, 4), B, 400))).toBe("shape '[B, 400]' is invalid for input of size 256*B");
    expect(shapeOf(call('Tensor.view', t(B, 16, H, W), B, 16, -1))).toEqual(['B', '16', 'H*W']);
  });

  it('keeps sizes that are given, even when the input is untracked', () => {
    expect(shapeOf(call('Tensor.view', { kind: 'tensor', shape: null }, B, 400))).toEqual(['B', '400']);
  });

  it('flattens symbolic dims into their product', () => {
    expect(shapeOf(call('Tensor.flatten', t(B, 16, 5, 5), 1))).toEqual(['B', '400']);
    expect(shapeOf(call('torch.flatten', t(B, C, H, W), 1))).toEqual(['B', 'C*H*W']);
  });
});

describe('derivations for the hover', () => {
  const derivation = (r: OpResult) => (r.ok ? r.facts?.derivation : undefined);

  it('explains an inferred -1, a flatten, a cat, a product and a broadcast', () => {
    expect(derivation(call('Tensor.view', t(B, 16, 5, 5), -1, 400))).toEqual(['elements = B·16·5·5 = 400·B', '−1 = 400·B / 400 = B']);
    expect(derivation(call('Tensor.flatten', t(B, 16, 5, 5), 1))).toEqual(['dims 1…3: 16·5·5 = 400']);
    expect(derivation(call('torch.cat', [t(B, 16, H, W), t(B, 8, H, W)], 1))).toEqual(['dim 1: 16 + 8 = 24']);
    expect(derivation(call('operator.matmul', t(B, 400), t(400, 120)))).toEqual(['[B, 400] @ [400, 120] → [B, 120]']);
    expect(derivation(call('operator.add', t(B, 3), t(3)))).toEqual(['[B, 3] and [3] broadcast to [B, 3]']);
  });
});

describe('squeeze', () => {
  it('cannot tell whether a symbolic dim is 1, so the rank is unknown', () => {
    const r = call('Tensor.squeeze', t(B, 1, H));
    expect(shapeOf(r)).toBeNull();
    expect((r as { value: TensorArg }).value.reason).toMatch(/cannot tell whether B, H is 1/);
  });

  it('drops a known size-1 dim and says when squeezing another dim does nothing', () => {
    expect(shapeOf(call('Tensor.squeeze', t(B, 1, H), 1))).toEqual(['B', 'H']);
    const noop = call('Tensor.squeeze', t(4, 3), 1);
    expect(shapeOf(noop)).toEqual(['4', '3']);
    expect(noop.ok && noop.facts?.derivation[0]).toMatch(/unchanged: dim 1 has size 3, not 1/);
  });
});

describe('joining and splitting', () => {
  it('adds symbolic sizes along the cat dim and checks the others only when known', () => {
    expect(shapeOf(call('torch.cat', [t(B, 16, H, W), t(B, 8, H, W)], 1))).toEqual(['B', '24', 'H', 'W']);
    expect(shapeOf(call('torch.cat', [t(B, 16, H, W), t(B, 16, 24, 24)], 1))).toEqual(['B', '32', '24', '24']);
    expect(errorOf(call('torch.cat', [t(B, 16, 25, 25), t(B, 16, 24, 25)], 1))).toBe(
      'Sizes of tensors must match except in dimension 1. Expected size 25 but got size 24 for tensor number 1 in the list.',
    );
  });

  it('knows H and H + 1 differ, but not H and 2·⌊H/2⌋', () => {
    const crop = t(B, 16, sym('H'), W);
    const grown: TensorArg = { kind: 'tensor', shape: [B, 16, dimAdd(H, 1), W] };
    expect(errorOf(call('torch.cat', [crop, grown], 1))).toBe(
      'Sizes of tensors must match except in dimension 1. Expected size H but got size H + 1 for tensor number 1 in the list.',
    );
    const halvedTwice: TensorArg = { kind: 'tensor', shape: [B, 16, dimMul(2, dimFloorDiv(H, 2)), W] };
    expect(shapeOf(call('torch.cat', [crop, halvedTwice], 1))).toEqual(['B', '32', 'H', 'W']);
  });

  it('leaves the cat dim unknown when a tensor in the list is untracked', () => {
    const r = call('torch.cat', [t(B, 16, H, W), { kind: 'unknown', reason: 'x' }], 1);
    expect(shapeOf(r)).toEqual(['B', '?', 'H', 'W']);
  });

  it('stacks symbolic shapes', () => {
    expect(shapeOf(call('torch.stack', [t(B, H), t(B, H), t(B, H)], 1))).toEqual(['B', '3', 'H']);
  });

  it('splits into known sections but not into an unknown number of pieces', () => {
    const parts = call('torch.split', t(B, 10), [3, 7], 1);
    expect(parts.ok && (parts.value as TensorArg[]).map((p) => p.shape!.map((d) => formatDim(d)))).toEqual([
      ['B', '3'],
      ['B', '7'],
    ]);
    const halves = call('Tensor.chunk', t(B, 6, H), 2, 1);
    expect(halves.ok && (halves.value as TensorArg[]).length).toBe(2);
    const unknown = call('Tensor.split', t(B, 3), 2);
    expect(unknown.ok && (unknown.value as { kind: string }).kind).toBe('unknown');
  });
});

describe('broadcasting', () => {
  it('broadcasts symbolic shapes and keeps the known size where one side may be 1', () => {
    expect(shapeOf(broadcastShapes([B, 3], [3]))).toEqual(['B', '3']);
    expect(shapeOf(broadcastShapes([B, 1, W], [C, 1]))).toEqual(['B', 'C', 'W']);
    expect(shapeOf(broadcastShapes([H, 3], [4, 3]))).toEqual(['4', '3']);
  });

  it('leaves a dim unknown when either symbol might be 1', () => {
    const r = broadcastShapes([B, 3], [C, 3]);
    expect(shapeOf(r)).toEqual(['?', '3']);
    expect(shapeOf(broadcastShapes([dimMul(2, H)], [H]))).toEqual(['2*H']);
  });

  it("raises torch's error when both sizes are known", () => {
    expect(errorOf(call('operator.add', t(B, 3), t(4)))).toBe('The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
  });

  it('treats Python scalars as 0-d', () => {
    expect(shapeOf(call('operator.mul', 2, t(B, 3)))).toEqual(['B', '3']);
  });
});

describe('matrix products with symbolic batch', () => {
  it('multiplies a batch of rows by a weight matrix', () => {
    expect(shapeOf(call('operator.matmul', t(B, 400), t(400, 120)))).toEqual(['B', '120']);
    expect(shapeOf(call('torch.bmm', t(B, H, 8), t(B, 8, W)))).toEqual(['B', 'H', 'W']);
    expect(shapeOf(call('torch.einsum', 'bchw,bkhw->bck', t(B, C, H, W), t(B, 6, H, W)))).toEqual(['B', 'C', '6']);
  });

  it('reports a known inner mismatch even with a symbolic batch', () => {
    expect(errorOf(call('torch.matmul', t(B, 256), t(400, 120)))).toBe('mat1 and mat2 shapes cannot be multiplied (Bx256 and 400x120)');
  });

  it('does not raise when an inner size is symbolic', () => {
    expect(shapeOf(call('torch.mm', t(B, C), t(400, 120)))).toEqual(['B', '120']);
  });
});

describe('reductions', () => {
  it('removes or keeps reduced symbolic dims', () => {
    expect(shapeOf(call('Tensor.sum', t(B, C, H, W), 1))).toEqual(['B', 'H', 'W']);
    expect(shapeOf(callKw('Tensor.mean', [t(B, C, H, W), [2, 3]], { keepdim: true }))).toEqual(['B', 'C', '1', '1']);
    expect(shapeOf(call('Tensor.amax', t(B, C)))).toEqual([]);
  });

  it('returns (values, indices) from max(dim)', () => {
    const r = call('Tensor.max', t(B, 10), 1);
    expect(r.ok && (r.value as TensorArg[]).map((v) => [v.shape!.map((d) => formatDim(d)), v.dtype])).toEqual([
      [['B'], 'float32'],
      [['B'], 'int64'],
    ]);
  });
});

describe('shape queries', () => {
  it('read sizes back as values', () => {
    expect(call('Tensor.size', t(B, 3))).toEqual({ ok: true, value: [B, 3] });
    expect(call('Tensor.size', t(B, 3), 0)).toEqual({ ok: true, value: B });
    expect(call('Tensor.dim', t(B, 3))).toEqual({ ok: true, value: 2 });
    expect(formatDim((call('Tensor.numel', t(B, 3)) as { value: Dim }).value)).toBe('3·B');
  });
});

describe('creation', () => {
  it('creates tensors with symbolic sizes', () => {
    expect(shapeOf(call('torch.randn', B, 3, H, W))).toEqual(['B', '3', 'H', 'W']);
    expect(shapeOf(call('torch.zeros', [B, 3]))).toEqual(['B', '3']);
    expect(shapeOf(call('torch.arange', H))).toEqual(['H']);
  });

  it("reads dtypes by torch's names and aliases", () => {
    expect(callKw('torch.zeros', [2], { dtype: 'torch.float' })).toMatchObject({ ok: true, value: { dtype: 'float32' } });
    expect(callKw('torch.ones', [2], { dtype: 'torch.long' })).toMatchObject({ ok: true, value: { dtype: 'int64' } });
    expect(call('Tensor.to', t(2), 'cuda', 'torch.half')).toMatchObject({ ok: true, value: { dtype: 'float16' } });
  });

  it('reads nested lists and keeps their values', () => {
    const r = call('torch.tensor', [[1, 2], [3, 4]]);
    expect(r.ok && r.value).toMatchObject({ shape: [2, 2], values: [1, 2, 3, 4], dtype: 'int64' });
  });
});

/**
 * Every recorded torch call again, with one size of its input tensors made symbolic (`S`). Whatever
 * the ops answer must hold for every S ≥ 1, so at the recorded size it must agree with torch: an
 * error only where torch raised, and each known dim equal to torch's once S takes that size.
 */
describe('symbolic sizes agree with torch at every recorded size', () => {
  const S = sym('S');

  /** The size to make symbolic: the first positive dim of the first tensor argument. */
  function chosenSize(args: Json[]): number | undefined {
    const found = JSON.stringify(args).match(/"tensor":\[(\d+)/g)?.map((m) => Number(m.split('[')[1])).find((n) => n >= 1);
    return found;
  }

  /** Mismatches between what the op said about S and what torch did at S = size. */
  function disagreements(value: ArgValue, expected: Json, size: number): string[] {
    const at = (d: Dim) => dimSubstitute(d, new Map([['S', size]]));
    if (Array.isArray(value)) {
      if (expected !== null && typeof expected === 'object' && !Array.isArray(expected) && Array.isArray(expected.tuple)) {
        const items = expected.tuple;
        if (items.length !== value.length) return [`${value.length} items, torch ${items.length}`];
        return value.flatMap((v, i) => disagreements(v, items[i], size));
      }
      return [];
    }
    if (value !== null && typeof value === 'object' && 'kind' in value) {
      if (value.kind !== 'tensor' || value.shape === null) return [];
      const want = (expected as { shape?: number[] } | null)?.shape;
      if (!Array.isArray(want)) return [`a tensor where torch gave ${JSON.stringify(expected)}`];
      if (want.length !== value.shape.length) return [`rank ${value.shape.length}, torch ${want.length}`];
      return value.shape.flatMap((d, i) => (d === null || at(d) === null || at(d) === want[i] ? [] : [`dim ${i} is ${formatDim(d)} = ${at(d)}, torch ${want[i]}`]));
    }
    if (typeof expected === 'number' && (typeof value === 'number' || value instanceof Object)) {
      const got = at(value as Dim);
      return got === null || got === expected ? [] : [`${formatDim(value as Dim)} = ${got}, torch ${expected}`];
    }
    return [];
  }

  const cases = opsFixture.cases.flatMap((c, i) => {
    const size = chosenSize(c.args);
    return size === undefined ? [] : [[`#${i} ${c.op} S=${size}`, c, size] as const];
  });

  it('has hundreds of cases with a symbolic size', () => {
    expect(cases.length).toBeGreaterThan(1000);
  });

  it.each(cases)('%s', (_, c, size) => {
    const def = opFunctionDefs.get(c.op)!;
    const symbolic = (d: number) => (d === size ? S : d);
    const keywords = new Map(Object.entries(c.kwargs).map(([k, v]) => [k, decodeArg(v, symbolic)] as const));
    const result = callOp(def, c.args.map((a) => decodeArg(a, symbolic)), keywords);
    const torchRaised = c.expect !== null && typeof c.expect === 'object' && !Array.isArray(c.expect) && 'error' in c.expect;
    if (!result.ok) {
      expect(torchRaised, `error "${result.error.message}" where torch gave ${JSON.stringify(c.expect)}`).toBe(true);
      return;
    }
    if (!torchRaised) expect(disagreements(result.value, c.expect, size)).toEqual([]);
  });
});
