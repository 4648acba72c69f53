/**
 * Helpers every layer family shares: reading bound arguments, torch's `_single/_pair/_triple`
 * normalisation, Python's repr of values, and result constructors.
 */
import { dimAdd, dimProduct, formatDim, type Dim, SymDim } from '../dims';
import type { LayerPreview } from '../api';
import type { ArgValue, BoundArgs, OpFacts, OpResult, ShapeError, TensorArg, UnknownArg } from './types';

export function isTensor(v: ArgValue | undefined): v is TensorArg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SymDim) && v.kind === 'tensor';
}

export function isUnknown(v: ArgValue | undefined): v is UnknownArg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SymDim) && v.kind === 'unknown';
}

export function tensor(shape: Dim[] | null): TensorArg {
  return { kind: 'tensor', shape };
}

export function unknown(reason: string): UnknownArg {
  return { kind: 'unknown', reason };
}

export function ok(value: ArgValue, facts?: OpFacts): OpResult {
  return facts ? { ok: true, value, facts } : { ok: true, value };
}

export function fail(code: string, message: string): { ok: false; error: ShapeError } {
  return { ok: false, error: { code, message } };
}

/** The result of an op whose input is not a tensor we know: unknown, never an error. */
export function notATensor(op: string, v: ArgValue | undefined): OpResult {
  if (isUnknown(v)) return ok(v);
  return ok(unknown(`${op}: its input is not a tensor the analysis tracks`));
}

/** A Python float argument (a non-integer number or an explicit float). */
export function float(value: number): ArgValue {
  return { kind: 'float', value };
}

/** An argument as a dimension-like integer: unknown and non-integers become `null`. */
export function toDim(v: ArgValue | undefined): Dim {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (v instanceof SymDim) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** An argument as a JS number when it is a known int or float; otherwise undefined. */
export function toNumber(v: ArgValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof SymDim) && v.kind === 'float') return v.value;
  return undefined;
}

/** Python truthiness where it is known; `undefined` when the value is unknown. */
export function toBool(v: ArgValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  const n = toNumber(v);
  return n === undefined ? undefined : n !== 0;
}

/**
 * torch's `_ntuple(n)`: a scalar is repeated n times, a sequence is kept as given (its length is
 * the caller's to check). Unknown values give n unknown dims.
 */
export function ntuple(v: ArgValue | undefined, n: number): Dim[] {
  if (Array.isArray(v)) return v.map(toDim);
  return new Array<Dim>(n).fill(toDim(v));
}

/** ATen's expansion of an int-list argument: one value serves every dim; otherwise exactly n. */
export function expandParam(v: ArgValue | undefined, n: number): Dim[] | undefined {
  if (!Array.isArray(v)) return new Array<Dim>(n).fill(toDim(v));
  if (v.length === 1) return new Array<Dim>(n).fill(toDim(v[0]));
  return v.length === n ? v.map(toDim) : undefined;
}

export function allKnown(dims: readonly Dim[]): dims is number[] {
  return dims.every((d) => typeof d === 'number');
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = Number.isInteger(x) ? x.toFixed(0) : String(x);
  return Number.isInteger(x) ? `${fixed}.0` : fixed;
}

/** Which Python sequence an array argument was; messages and reprs print them differently. */
export type SequenceKind = 'tuple' | 'list' | 'torch.Size';

const sequenceKinds = new WeakMap<ArgValue[], SequenceKind>();

/** Marks an array argument as a Python list or torch.Size (untagged arrays print as tuples). */
export function tagSequence<T extends ArgValue[]>(items: T, kind: SequenceKind): T {
  if (kind !== 'tuple') sequenceKinds.set(items, kind);
  return items;
}

/** Which Python sequence an array argument was (`tuple` when untagged). */
export function sequenceKind(items: ArgValue[]): SequenceKind {
  return sequenceKinds.get(items) ?? 'tuple';
}

/** `seq[start:]`, which keeps the sequence's type in Python. */
export function sliceSequence(items: ArgValue[], start: number): ArgValue[] {
  return tagSequence(items.slice(start), sequenceKinds.get(items) ?? 'tuple');
}

/** Python's `repr()` of an argument value, as module reprs print them. */
export function pyRepr(v: ArgValue | undefined): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return `'${v}'`;
  if (v instanceof SymDim) return formatDim(v, 'python');
  if (Array.isArray(v)) {
    const items = v.map(pyRepr).join(', ');
    const kind = sequenceKinds.get(v);
    if (kind === 'list') return `[${items}]`;
    if (kind === 'torch.Size') return `torch.Size([${items}])`;
    return v.length === 1 ? `(${items},)` : `(${items})`;
  }
  if (v.kind === 'float') return pyFloat(v.value);
  if (v.kind === 'tensor') return 'tensor(...)';
  if (v.kind === 'ellipsis') return 'Ellipsis';
  return '?';
}

/** Python's `str()`: like repr but strings unquoted (`'{padding}'.format(...)` in extra_repr). */
export function pyStr(v: ArgValue | undefined): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** A tuple of dims as torch prints sizes in messages: `[1, 3, 28, 28]`. */
export function sizeList(dims: readonly Dim[]): string {
  return `[${dims.map((d) => formatDim(d, 'python')).join(', ')}]`;
}

/** A dim in a derivation: symbolic expressions keep their form, with the real minus sign. */
export function showDim(d: Dim): string {
  // Plain numbers are most dims and every hover's derivation; they skip the regex.
  if (typeof d === 'number') return d < 0 ? `−${-d}` : String(d);
  return formatDim(d, 'pretty').replace(/(^|\s)-/g, '$1−');
}

/** `a=1, b=2` from ordered name/value pairs rendered with `pyRepr`, as extra_repr writes them. */
export function keywordArgs(entries: [string, ArgValue | undefined][]): string {
  return entries.map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ');
}

/** Normalises a possibly negative dim index against a rank, as torch's `maybe_wrap_dim`. */
export function wrapDim(dim: number, rank: number): { ok: true; dim: number } | { ok: false; error: ShapeError } {
  const lo = -Math.max(rank, 1);
  const hi = Math.max(rank, 1) - 1;
  if (dim < lo || dim > hi) {
    return fail('dim-out-of-range', `Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`);
  }
  return { ok: true, dim: dim < 0 ? dim + Math.max(rank, 1) : dim };
}

/** The tensor argument `name`, or undefined when absent or None. */
export function tensorArg(args: BoundArgs, name: string): TensorArg | undefined {
  const v = args[name];
  return isTensor(v) ? v : undefined;
}

/** `sum(p.numel() for p in parameters())` over parameter shapes. */
export function paramCount(weights: readonly { shape: readonly Dim[] }[]): Dim {
  return weights.reduce<Dim>((sum, w) => dimAdd(sum, dimProduct(w.shape)), 0);
}

/** A hyperparameter as the Kernel Lab's preview config takes it: known ints only, else null. */
export function previewNumbers(v: ArgValue | undefined): number | number[] | null {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((x): x is number => typeof x === 'number')) return v;
  return null;
}

/** A functional call's result with the Kernel Lab preview of the call attached. */
export function withPreview(result: OpResult, preview: Omit<LayerPreview, 'inputShape' | 'outputShape'>): OpResult {
  return result.ok ? { ...result, facts: { derivation: [], ...result.facts, preview } } : result;
}
