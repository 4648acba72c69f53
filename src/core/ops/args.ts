/**
 * Argument reading shared by the tensor-op families: size lists given as varargs or as one
 * tuple, dim lists, and the result constructors that keep a tensor's dtype.
 */
import { dimAdd, dimEquals, dimMul, dimNeg, dimProduct, dimSub, SymDim, type Dim } from '../dims';
import { isTensor, isUnknown, ok, showDim, toDim, unknown, wrapDim } from '../layers/common';
import type { ArgValue, OpResult, ParamSpec, ShapeError, TensorArg } from '../layers/types';

/** A tensor whose rank is known: what most shape rules work on. */
export type Shaped = TensorArg & { shape: Dim[] };

/** A tensor result of `shape`; `reason` says why the shape, or some of its dims, is unknown. */
export function tensorOf(shape: Dim[] | null, dtype?: string, reason?: string): TensorArg {
  const t: TensorArg = { kind: 'tensor', shape };
  if (dtype !== undefined) t.dtype = dtype;
  if (reason !== undefined) t.reason = reason;
  return t;
}

/** A result tensor that keeps the dtype of `input`. */
export function like(input: TensorArg, shape: Dim[] | null, reason?: string): TensorArg {
  return tensorOf(shape, input.dtype, reason ?? (shape === null ? input.reason : undefined));
}

/** The op's answer when an argument it needs is not a tensor the analysis follows. */
export function untracked(op: string, v: ArgValue | undefined): OpResult {
  if (isUnknown(v)) return ok(v);
  if (isTensor(v) && v.shape === null) return ok(tensorOf(null, v.dtype, v.reason ?? `${op}: input shape unknown`));
  return ok(unknown(`${op}: its input is not a tensor the analysis tracks`));
}

/** A product as the hover writes it: `16·5·5 = 400`, or just the factor when there is one. */
export function productText(dims: readonly Dim[]): string {
  const product = dimProduct(dims);
  const factors = dims.map((d) => (d instanceof SymDim && d.terms.size > 1 ? `(${showDim(d)})` : showDim(d))).join('·');
  return dims.length === 1 || factors === showDim(product) ? showDim(product) : `${factors} = ${showDim(product)}`;
}

/** A shape as the hover writes it: `[B, 16, 5, 5]`. */
export function shapeText(dims: readonly Dim[]): string {
  return `[${dims.map(showDim).join(', ')}]`;
}

/** torch's aliases for dtypes (`torch.float` is float32). */
const dtypeAliases: Record<string, string> = { float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16' };

/** torch's dtype name from a `dtype=` argument, which the evaluator passes by name (`torch.float16`). */
export function dtypeArg(v: ArgValue | undefined, fallback: string | undefined): string | undefined {
  if (typeof v === 'string' && v.startsWith('torch.')) {
    const name = v.slice('torch.'.length);
    return dtypeAliases[name] ?? name;
  }
  return v === null || v === undefined ? fallback : undefined;
}

/** An argument that is an int (possibly symbolic or unknown), as opposed to some other value. */
export function isIntLike(v: ArgValue | undefined): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || v instanceof SymDim || typeof v === 'boolean' || isUnknown(v);
}

/**
 * The sizes of `view(*shape)`, `zeros(*size)`, `expand(*sizes)`: torch accepts them as separate
 * ints or as one tuple, list or `torch.Size`. Returns null when they cannot be read (an unknown
 * tuple, or something that is not an int).
 */
export function sizesArg(v: ArgValue | undefined): Dim[] | null {
  if (!Array.isArray(v)) return isIntLike(v) ? [toDim(v)] : null;
  const items = v.length === 1 && Array.isArray(v[0]) ? v[0] : v;
  if (!items.every(isIntLike)) return null;
  return items.map(toDim);
}

/** A dim index argument: a known int, or null when it is symbolic or unknown. */
export function dimIndex(v: ArgValue | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'boolean' ? Number(v) : null;
}

export function isShapeError(x: unknown): x is ShapeError {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}

export function failWith(error: ShapeError): OpResult {
  return { ok: false, error };
}

/** Wraps one dim index against a rank; null when the index is not a known int. */
export function wrapIndex(v: ArgValue | undefined, rank: number): number | null | ShapeError {
  const d = dimIndex(v);
  if (d === null) return null;
  const wrapped = wrapDim(d, rank);
  return wrapped.ok ? wrapped.dim : wrapped.error;
}

/** torch's `maybe_wrap_dim(..., wrap_scalar=false)`: ops that refuse any dim of a 0-d tensor. */
export function wrapIndexNoScalar(v: ArgValue | undefined, rank: number): number | null | ShapeError {
  const d = dimIndex(v);
  if (rank === 0 && d !== null) return { code: 'dim-out-of-range', message: `Dimension specified as ${d} but tensor has no dimensions` };
  return wrapIndex(v, rank);
}

/**
 * A reduction's dim argument (an int or a tuple of ints) wrapped against a rank, with torch's
 * check for repeats. `[]` means every dim; null means the dims are not known.
 */
export function wrapDimList(v: ArgValue | undefined, rank: number): number[] | null | ShapeError {
  const items = Array.isArray(v) ? v : [v];
  const out: number[] = [];
  for (const item of items) {
    const d = wrapIndex(item, rank);
    if (d === null || isShapeError(d)) return d;
    if (out.includes(d)) return { code: 'dim-repeated', message: `dim ${d} appears multiple times in the list of dims` };
    out.push(d);
  }
  return out;
}

/** `a / b` when `b` is known to divide `a` exactly (`400·B / B = 400`); null otherwise. */
export function dimDivExact(a: Dim, b: Dim): Dim {
  if (a === null || b === null || b === 0) return null;
  if (typeof a === 'number' && typeof b === 'number') return a % b === 0 ? a / b : null;
  if (typeof b === 'number') return divideTerms(a as SymDim, b, []);
  if (b.terms.size !== 1) return dimEquals(a, b) ? 1 : null;
  const [divisor] = b.terms.values();
  if (typeof a === 'number') return null;
  return divideTerms(a, divisor.coef, divisor.atoms);
}

/**
 * True when `a` and `b` differ whatever positive sizes their named dims take: named dims are
 * sizes of real tensors, so each is at least 1, and their difference is bounded away from 0.
 */
export function dimKnownDiffers(a: Dim, b: Dim): boolean {
  const same = dimEquals(a, b);
  if (same !== null) return !same;
  const diff = dimSub(a, b);
  if (diff === null || typeof diff === 'number') return diff !== null && diff !== 0;
  return (lowerBound(diff) ?? 0) > 0 || (lowerBound(dimNeg(diff)) ?? 0) > 0;
}

/** A lower bound of a size formula when every named dim is at least 1; null when it has none. */
function lowerBound(d: Dim): number | null {
  if (d === null) return null;
  if (typeof d === 'number') return d;
  let bound = 0;
  for (const term of d.terms.values()) {
    if (term.atoms.length === 0) {
      bound += term.coef;
      continue;
    }
    // Growing atoms only bound a term from below when its coefficient is positive.
    if (term.coef < 0) return null;
    let product = term.coef;
    for (const atom of term.atoms) {
      const least = atom.kind === 'name' ? 1 : atom.kind === 'mod' ? 0 : lowerBound(atom.num);
      if (least === null || least < 0) return null;
      product *= atom.kind === 'floordiv' ? Math.floor(least / atom.den) : least;
    }
    bound += product;
  }
  return bound;
}

/** Two sizes that cannot broadcast: they differ and neither can be 1. */
export function cannotBroadcast(a: Dim, b: Dim): boolean {
  return dimKnownDiffers(a, b) && dimKnownDiffers(a, 1) && dimKnownDiffers(b, 1);
}

type Term = SymDim['terms'] extends ReadonlyMap<string, infer T> ? T : never;
type Atom = Term['atoms'][number];

/** Divides each term of a polynomial by the monomial `coef · atoms`, or null if one is not a multiple. */
function divideTerms(a: SymDim, coef: number, atoms: readonly Atom[]): Dim {
  let quotient: Dim = 0;
  for (const term of a.terms.values()) {
    if (term.coef % coef !== 0) return null;
    const rest = [...term.atoms];
    for (const atom of atoms) {
      const at = rest.findIndex((r) => r.key === atom.key);
      if (at < 0) return null;
      rest.splice(at, 1);
    }
    let part: Dim = term.coef / coef;
    for (const atom of rest) part = dimMul(part, new SymDim(new Map([[atom.key, { coef: 1, atoms: [atom] }]])));
    quotient = dimAdd(quotient, part);
  }
  return quotient;
}

/** Keyword-only parameters every factory function accepts, none of which affects the shape. */
export const factoryKeywords: ParamSpec[] = ['out', 'dtype', 'layout', 'device', 'requires_grad', 'pin_memory', 'memory_format', 'generator', 'names'].map(
  (name) => ({ name, keywordOnly: true, default: name === 'requires_grad' || name === 'pin_memory' ? false : null }),
);
