/**
 * Matrix products: matmul (`@`) with its vector, folded and batched cases, mm, bmm, mv, dot,
 * outer, and einsum. Each case raises the error of the kernel torch dispatches it to, so a
 * mismatch reads exactly as torch words it for that case.
 */
import { dimProduct, formatDim, type Dim } from '../dims';
import { fail, isTensor, ok } from '../layers/common';
import type { ArgValue, FunctionDef, OpResult, TensorArg } from '../layers/types';
import { cannotBroadcast, dimKnownDiffers, type Shaped, shapeText, tensorOf } from './args';
import { fresh } from './layout';
import { expandTo } from './view';
import { broadcastShapes } from './broadcast';

const show = (d: Dim) => formatDim(d, 'python');

/** Both operands with known ranks, or the unknown result. */
function operands(op: string, a: ArgValue | undefined, b: ArgValue | undefined): [Shaped, Shaped] | OpResult {
  if (isTensor(a) && isTensor(b) && a.shape !== null && b.shape !== null) return [a as Shaped, b as Shaped];
  return ok(tensorOf(null, undefined, `${op}: an operand shape is not known`));
}

function product(a: TensorArg, shape: Dim[]): OpResult {
  return ok(tensorOf(shape, a.dtype));
}

const differ = dimKnownDiffers;

function mmShapes(a: Dim[], b: Dim[]): OpResult | undefined {
  if (differ(a[1], b[0])) return fail('matmul-shapes', `mat1 and mat2 shapes cannot be multiplied (${show(a[0])}x${show(a[1])} and ${show(b[0])}x${show(b[1])})`);
  return undefined;
}

function mvShapes(m: Dim[], v: Dim[]): OpResult | undefined {
  if (differ(m[1], v[0])) return fail('matmul-shapes', `size mismatch, got ${show(m[0])}, ${show(m[0])}x${show(m[1])},${show(v[0])}`);
  return undefined;
}

function dotShapes(a: Dim[], b: Dim[]): OpResult | undefined {
  if (differ(a[0], b[0])) {
    return fail(
      'matmul-shapes',
      `inconsistent tensor size, expected tensor [${show(a[0])}] and src [${show(b[0])}] to have the same number of elements, but got ${show(a[0])} and ${show(b[0])} elements respectively`,
    );
  }
  return undefined;
}

function bmmShapes(a: Dim[], b: Dim[]): OpResult | undefined {
  if (differ(a[0], b[0]) || differ(a[2], b[1])) {
    return fail(
      'bmm-shapes',
      `Expected size for first two dimensions of batch2 tensor to be: [${show(a[0])}, ${show(a[2])}] but got: [${show(b[0])}, ${show(b[1])}].`,
    );
  }
  return undefined;
}

/** torch 1.13's `matmul`, case by case as `_matmul_impl` dispatches. */
export function matmulShapes(x: Shaped, y: Shaped): OpResult {
  const a = x.shape;
  const b = y.shape;
  const [d1, d2] = [a.length, b.length];
  if (d1 === 0 || d2 === 0) return fail('matmul-shapes', `both arguments to matmul need to be at least 1D, but they are ${d1}D and ${d2}D`);
  if (d1 === 1 && d2 === 1) return dotShapes(a, b) ?? product(x, []);
  if (d1 === 2 && d2 === 1) return mvShapes(a, b) ?? product(x, [a[0]]);
  if (d1 === 1 && d2 === 2) return mmShapes([1, a[0]], b) ?? product(x, [b[1]]);
  if (d1 === 2 && d2 === 2) return mmShapes(a, b) ?? product(x, [a[0], b[1]]);
  if (d1 >= 3 && d2 <= 2) {
    // The batch dims of the first operand fold into its rows.
    const batch = a.slice(0, -2);
    const rows = dimProduct(a.slice(0, -1));
    const folded = [rows, a[d1 - 1]];
    if (d2 === 1) return mvShapes(folded, b) ?? product(x, [...batch, a[d1 - 2]]);
    return mmShapes(folded, b) ?? product(x, [...batch, a[d1 - 2], b[1]]);
  }
  if (d1 <= 2 && d2 >= 3) {
    // Folded the other way: the second operand transposed, its batch dims folded into rows.
    const batch = b.slice(0, -2);
    const rows = dimProduct([...batch, b[d2 - 1]]);
    const folded = [rows, b[d2 - 2]];
    if (d1 === 1) return mvShapes(folded, a) ?? product(x, [...batch, b[d2 - 1]]);
    return mmShapes(folded, [a[1], a[0]]) ?? product(x, [...batch, a[0], b[d2 - 1]]);
  }
  const batch = broadcastShapes(a.slice(0, -2), b.slice(0, -2));
  if (!batch.ok) return batch;
  const batchShape = (batch.value as TensorArg).shape!;
  const count = dimProduct(batchShape);
  return bmmShapes([count, a[d1 - 2], a[d1 - 1]], [count, b[d2 - 2], b[d2 - 1]]) ?? product(x, [...batchShape, a[d1 - 2], b[d2 - 1]]);
}

/** Products explain themselves in the hover: `[B, 400] @ [400, 120] → [B, 120]`. */
function binaryDef(name: string, second: string, rule: (a: Shaped, b: Shaped) => OpResult): FunctionDef {
  return {
    name,
    params: [{ name: 'input' }, { name: second }],
    call: (args) => {
      const pair = operands(name, args.input, args[second]);
      if (!Array.isArray(pair)) return pair;
      const result = rule(pair[0], pair[1]);
      if (!result.ok || !isTensor(result.value) || result.value.shape === null) return result;
      return ok(result.value, { derivation: [`${shapeText(pair[0].shape)} @ ${shapeText(pair[1].shape)} → ${shapeText(result.value.shape)}`] });
    },
  };
}

const mm = binaryDef('torch.mm', 'mat2', (a, b) => {
  if (a.shape.length !== 2) return fail('matmul-shapes', 'self must be a matrix');
  if (b.shape.length !== 2) return fail('matmul-shapes', 'mat2 must be a matrix');
  return mmShapes(a.shape, b.shape) ?? product(a, [a.shape[0], b.shape[1]]);
});

const bmm = binaryDef('torch.bmm', 'mat2', (a, b) => {
  if (a.shape.length !== 3) return fail('bmm-shapes', 'batch1 must be a 3D tensor');
  if (b.shape.length !== 3) return fail('bmm-shapes', 'batch2 must be a 3D tensor');
  return bmmShapes(a.shape, b.shape) ?? product(a, [a.shape[0], a.shape[1], b.shape[2]]);
});

/** addmm and baddbmm: `input` broadcast (as `expand`) onto the product of the two matrices (or batches). */
function biasedProduct(name: string, productDef: FunctionDef, left: string, right: string): FunctionDef {
  return {
    name,
    params: [{ name: 'input' }, { name: left }, { name: right }, { name: 'beta', keywordOnly: true, default: 1 }, { name: 'alpha', keywordOnly: true, default: 1 }],
    call: (args) => {
      const product = productDef.call({ input: args[left], mat2: args[right] });
      const bias = args.input;
      if (!product.ok || !isTensor(product.value) || product.value.shape === null || !isTensor(bias) || bias.shape === null) return product;
      // The sum is a new tensor, whatever layout the expanded bias had.
      const sum = expandTo(bias as Shaped, product.value.shape);
      return sum.ok && isTensor(sum.value) ? ok(fresh(sum.value)) : sum;
    },
  };
}

const addmm = biasedProduct('torch.addmm', mm, 'mat1', 'mat2');
const baddbmm = biasedProduct('torch.baddbmm', bmm, 'batch1', 'batch2');

const mv = binaryDef('torch.mv', 'vec', (m, v) => {
  if (m.shape.length === 0) return fail('dim-out-of-range', 'Dimension specified as 0 but tensor has no dimensions');
  if (m.shape.length !== 2 || v.shape.length !== 1) {
    return fail('matmul-shapes', `vector + matrix @ vector expected, got 1, ${m.shape.length}, ${v.shape.length}`);
  }
  return mvShapes(m.shape, v.shape) ?? product(m, [m.shape[0]]);
});

const dot = binaryDef('torch.dot', 'tensor', (a, b) => {
  if (a.shape.length !== 1 || b.shape.length !== 1) {
    return fail('matmul-shapes', `1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`);
  }
  return dotShapes(a.shape, b.shape) ?? product(a, []);
});

const outer = binaryDef('torch.outer', 'vec2', (a, b) => {
  for (const [label, t] of [['self', a], ['vec2', b]] as const) {
    if (t.shape.length !== 1) return fail('matmul-shapes', `outer: Expected 1-D argument ${label}, but got ${t.shape.length}-D`);
  }
  return product(a, [a.shape[0], b.shape[0]]);
});

/** One einsum operand's subscripts: labels, with `null` where `...` stands. */
type Subscripts = (string | null)[];

/** Splits an einsum term into labels; an error names the bad character's index in the equation. */
function parseTerm(term: string, offset: number): Subscripts | OpResult {
  const out: Subscripts = [];
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === ' ') continue;
    if (term.startsWith('...', i)) {
      out.push(null);
      i += 2;
    } else if (/[a-zA-Z]/.test(c)) {
      out.push(c);
    } else {
      return fail('einsum', `einsum(): invalid subscript given at index ${offset + i} in the equation string, subscripts must be in [a-zA-Z]`);
    }
  }
  return out;
}

/** torch orders implicit output labels uppercase first, then lowercase. */
const labelOrder = (a: string, b: string) => (a === b ? 0 : (a < 'a') !== (b < 'a') ? (a < 'a' ? -1 : 1) : a < b ? -1 : 1);

/** torch.einsum: labels broadcast (a size 1 meets any size), `...` broadcasts right-aligned. */
export function einsumShapes(equation: string, tensors: Shaped[]): OpResult {
  const arrow = equation.indexOf('->');
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const terms: Subscripts[] = [];
  let offset = 0;
  for (const term of lhs.split(',')) {
    const parsed = parseTerm(term, offset);
    if (!Array.isArray(parsed)) return parsed;
    terms.push(parsed);
    offset += term.length + 1;
  }
  if (terms.length > tensors.length) return fail('einsum', 'einsum(): fewer operands were provided than specified in the equation');
  if (terms.length < tensors.length) return fail('einsum', 'einsum(): more operands were provided than specified in the equation');
  for (const [i, subs] of terms.entries()) {
    const rank = tensors[i].shape.length;
    const labels = subs.filter((s) => s !== null).length;
    const ellipsis = subs.includes(null);
    if (!ellipsis && labels !== rank) {
      return fail(
        'einsum',
        `einsum(): the number of subscripts in the equation (${labels}) does not match the number of dimensions (${rank}) for operand ${i} and no ellipsis was given`,
      );
    }
    if (ellipsis && labels > rank) {
      return fail('einsum', `einsum(): the number of subscripts in the equation (${labels}) is more than the number of dimensions (${rank}) for operand ${i}`);
    }
  }
  const counts = new Map<string, number>();
  for (const subs of terms) for (const s of subs) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  let output: Subscripts;
  if (arrow < 0) {
    const single = [...counts.entries()].filter(([, n]) => n === 1).map(([s]) => s);
    output = [...(terms.some((t) => t.includes(null)) ? [null] : []), ...single.sort(labelOrder)];
  } else {
    const parsed = parseTerm(equation.slice(arrow + 2), arrow + 2);
    if (!Array.isArray(parsed)) return parsed;
    output = parsed;
    const seen = new Set<string>();
    for (const s of output) {
      if (s === null) continue;
      if (!counts.has(s)) return fail('einsum', `einsum(): output subscript ${s} does not appear in the equation for any input operand`);
      if (seen.has(s)) return fail('einsum', `einsum(): output subscript ${s} appears more than once in the output`);
      seen.add(s);
    }
  }
  const sizes = new Map<string, Dim>();
  let ellipsisDims: Dim[] = [];
  for (const [i, subs] of terms.entries()) {
    const shape = tensors[i].shape;
    const covered = shape.length - subs.filter((s) => s !== null).length;
    const own = new Map<string, Dim>();
    let at = 0;
    for (const s of subs) {
      if (s === null) {
        const dims = shape.slice(at, at + covered);
        const merged = mergeEllipsis(ellipsisDims, dims, i);
        if (!Array.isArray(merged)) return merged;
        ellipsisDims = merged;
        at += covered;
        continue;
      }
      const size = shape[at++];
      if (own.has(s) && differ(own.get(s)!, size)) {
        return fail('einsum', `einsum(): subscript ${s} is repeated for operand ${i} but the sizes don't match, ${show(size)} != ${show(own.get(s)!)}`);
      }
      own.set(s, size);
    }
    for (const [s, size] of own) {
      const prev = sizes.get(s);
      if (prev === undefined || prev === 1) sizes.set(s, size);
      else if (cannotBroadcast(prev, size)) {
        return fail('einsum', `einsum(): subscript ${s} has size ${show(size)} for operand ${i} which does not broadcast with previously seen size ${show(prev)}`);
      }
    }
  }
  const shape = output.flatMap((s) => (s === null ? ellipsisDims : [sizes.get(s)!]));
  return ok(tensorOf(shape, tensors[0]?.dtype));
}

/** Broadcasts one operand's `...` dims into those seen so far (right-aligned). */
function mergeEllipsis(seen: Dim[], dims: Dim[], operand: number): Dim[] | OpResult {
  const rank = Math.max(seen.length, dims.length);
  const out: Dim[] = [];
  for (let j = 0; j < rank; j++) {
    const prev = seen[j - (rank - seen.length)] ?? 1;
    const size = dims[j - (rank - dims.length)] ?? 1;
    if (cannotBroadcast(prev, size)) {
      return fail(
        'einsum',
        `einsum(): dimension ${j} covered by ellipsis in operand ${operand}has size ${show(size)} which does not broadcast with previously seen ellipsis with size ${show(prev)} for the respective dimension`,
      );
    }
    out.push(prev === 1 ? size : prev);
  }
  return out;
}

const einsum: FunctionDef = {
  name: 'torch.einsum',
  params: [{ name: 'equation' }, { name: 'operands', varargs: true }],
  call: (args) => {
    const list = Array.isArray(args.operands) && args.operands.length === 1 && Array.isArray(args.operands[0]) ? args.operands[0] : args.operands;
    if (typeof args.equation !== 'string' || !Array.isArray(list)) return ok(tensorOf(null, undefined, 'einsum: equation or operands not known'));
    const tensors = list.filter((t): t is TensorArg => isTensor(t) && t.shape !== null) as Shaped[];
    if (tensors.length !== list.length) return ok(tensorOf(null, undefined, 'einsum: an operand shape is not known'));
    return einsumShapes(args.equation, tensors);
  },
};

export const linalgDefs: FunctionDef[] = [
  binaryDef('torch.matmul', 'other', matmulShapes),
  binaryDef('operator.matmul', 'other', matmulShapes),
  mm,
  addmm,
  bmm,
  baddbmm,
  mv,
  dot,
  outer,
  { ...outer, name: 'torch.ger' },
  einsum,
];
