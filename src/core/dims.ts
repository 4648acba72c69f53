/**
 * Symbolic tensor dimensions.
 *
 * A dimension is a known integer, a symbolic expression over named dimensions (`B`, `H`), or
 * `null` when the analysis cannot know it. Expressions are kept as normalised integer
 * polynomials whose atoms are names or floor divisions that could not be simplified, so that
 * `(H + 2) // 2 * 2` and `2 * ((H + 2) // 2)` compare equal, and `(2·H + 3) // 2` becomes `H + 1`.
 */

export type Dim = number | SymDim | null;

/** A product of atoms with an integer coefficient; `atoms` is sorted by key. */
interface Term {
  coef: number;
  atoms: Atom[];
}

type Atom =
  | { kind: 'name'; key: string; name: string }
  | { kind: 'floordiv'; key: string; num: SymDim; den: number }
  | { kind: 'mod'; key: string; num: SymDim; den: number };

/** An integer polynomial over atoms. Never a bare constant: those collapse to `number`. */
export class SymDim {
  /** Terms keyed by the product of their atom keys; the constant term has key ''. */
  readonly terms: ReadonlyMap<string, Term>;
  readonly key: string;

  constructor(terms: Map<string, Term>) {
    this.terms = terms;
    this.key = [...terms.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, t]) => `${t.coef}*${k}`)
      .join('+');
  }

  toString(): string {
    return formatDim(this, 'pretty');
  }
}

const MAX_TERMS = 64;

function termKey(atoms: Atom[]): string {
  return atoms.map((a) => a.key).join('*');
}

function fromTerms(terms: Term[]): Dim {
  const map = new Map<string, Term>();
  for (const t of terms) {
    if (t.coef === 0) continue;
    const key = termKey(t.atoms);
    const prev = map.get(key);
    const coef = (prev?.coef ?? 0) + t.coef;
    if (coef === 0) map.delete(key);
    else map.set(key, { coef, atoms: t.atoms });
  }
  if (map.size === 0) return 0;
  if (map.size === 1 && map.has('')) return map.get('')!.coef;
  // Runaway expressions (deep recursion, huge loops) stop being useful long before this.
  if (map.size > MAX_TERMS) return null;
  return new SymDim(map);
}

function termsOf(d: number | SymDim): Term[] {
  return typeof d === 'number' ? [{ coef: d, atoms: [] }] : [...d.terms.values()];
}

export function sym(name: string): SymDim {
  return new SymDim(new Map([[`$${name}`, { coef: 1, atoms: [{ kind: 'name', key: `$${name}`, name }] }]]));
}

export function isKnown(d: Dim): d is number {
  return typeof d === 'number';
}

export function dimAdd(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  return fromTerms([...termsOf(a), ...termsOf(b)]);
}

export function dimNeg(a: Dim): Dim {
  if (a === null) return null;
  if (typeof a === 'number') return -a;
  return fromTerms(termsOf(a).map((t) => ({ coef: -t.coef, atoms: t.atoms })));
}

export function dimSub(a: Dim, b: Dim): Dim {
  return dimAdd(a, dimNeg(b));
}

export function dimMul(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 0 || b === 0) return 0;
  const out: Term[] = [];
  for (const x of termsOf(a)) {
    for (const y of termsOf(b)) {
      const atoms = [...x.atoms, ...y.atoms].sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
      out.push({ coef: x.coef * y.coef, atoms });
    }
  }
  return fromTerms(out);
}

/** Python's `a // b` on dimensions. Division by zero or by a symbol yields `null`. */
export function dimFloorDiv(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof b !== 'number') {
    if (typeof a !== 'number' && a.key === b.key) return 1;
    return null;
  }
  if (b === 0) return null;
  if (typeof a === 'number') return Math.floor(a / b);
  if (b === 1) return a;
  // Symbolic floor division by a negative number does not arise from shape formulas.
  if (b < 0) return null;
  // floor((Q + c) / b) = Q / b + floor(c / b) when every coefficient of Q is divisible by b.
  const terms = termsOf(a);
  const constant = terms.find((t) => t.atoms.length === 0)?.coef ?? 0;
  const rest = terms.filter((t) => t.atoms.length > 0);
  if (rest.every((t) => t.coef % b === 0)) {
    return fromTerms([...rest.map((t) => ({ coef: t.coef / b, atoms: t.atoms })), { coef: Math.floor(constant / b), atoms: [] }]);
  }
  const atom: Atom = { kind: 'floordiv', key: `⌊${a.key}/${b}⌋`, num: a, den: b };
  return fromTerms([{ coef: 1, atoms: [atom] }]);
}

/** Python's `a % b` on dimensions. */
export function dimMod(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof b !== 'number' || b === 0) return null;
  if (typeof a === 'number') return ((a % b) + b) % b;
  const terms = termsOf(a);
  const constant = terms.find((t) => t.atoms.length === 0)?.coef ?? 0;
  const rest = terms.filter((t) => t.atoms.length > 0);
  if (rest.every((t) => t.coef % b === 0)) return ((constant % b) + b) % b;
  const atom: Atom = { kind: 'mod', key: `(${a.key})%${b}`, num: a, den: b };
  return fromTerms([{ coef: 1, atoms: [atom] }]);
}

/** Ceil division `⌈a / b⌉` as torch's ceil_mode and adaptive pooling use it. */
export function dimCeilDiv(a: Dim, b: Dim): Dim {
  return dimNeg(dimFloorDiv(dimNeg(a), b)) ?? dimAdd(dimFloorDiv(dimSub(a, 1), b), 1);
}

/** True when both are known to be equal; false when known to differ; null when it depends. */
export function dimEquals(a: Dim, b: Dim): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a !== 'number' && typeof b !== 'number' && a.key === b.key) return true;
  // A symbolic dim may take any value; two different expressions are not known to differ.
  return null;
}

export function dimProduct(dims: readonly Dim[]): Dim {
  let p: Dim = 1;
  for (const d of dims) p = dimMul(p, d);
  return p;
}

/** Names of the symbolic dimensions an expression mentions. */
export function dimNames(d: Dim): string[] {
  if (d === null || typeof d === 'number') return [];
  const names = new Set<string>();
  const visit = (s: SymDim) => {
    for (const t of s.terms.values()) {
      for (const a of t.atoms) {
        if (a.kind === 'name') names.add(a.name);
        else visit(a.num);
      }
    }
  };
  visit(d);
  return [...names];
}

/** Substitutes known values for named dimensions. */
export function dimSubstitute(d: Dim, values: ReadonlyMap<string, Dim>): Dim {
  if (d === null || typeof d === 'number') return d;
  let out: Dim = 0;
  for (const t of d.terms.values()) {
    let term: Dim = t.coef;
    for (const a of t.atoms) {
      const v: Dim =
        a.kind === 'name'
          ? (values.get(a.name) ?? sym(a.name))
          : a.kind === 'floordiv'
            ? dimFloorDiv(dimSubstitute(a.num, values), a.den)
            : dimMod(dimSubstitute(a.num, values), a.den);
      term = dimMul(term, v);
    }
    out = dimAdd(out, term);
  }
  return out;
}

export type DimStyle = 'pretty' | 'python';

/** `pretty` uses ⌊ ⌋ and · for hovers; `python` is what a user could paste back into code. */
export function formatDim(d: Dim, style: DimStyle = 'pretty'): string {
  if (d === null) return '?';
  if (typeof d === 'number') return String(d);
  const parts: string[] = [];
  const terms = [...d.terms.values()].sort((a, b) => b.atoms.length - a.atoms.length || (termKey(a.atoms) < termKey(b.atoms) ? -1 : 1));
  for (const t of terms) {
    const atoms = t.atoms.map((a) => formatAtom(a, style));
    const mag = Math.abs(t.coef);
    const mulSign = style === 'pretty' ? '·' : '*';
    const body = atoms.length === 0 ? String(mag) : mag === 1 ? atoms.join(mulSign) : [String(mag), ...atoms].join(mulSign);
    if (parts.length === 0) parts.push(t.coef < 0 ? `-${body}` : body);
    else parts.push(t.coef < 0 ? `- ${body}` : `+ ${body}`);
  }
  return parts.join(' ');
}

function formatAtom(a: Atom, style: DimStyle): string {
  if (a.kind === 'name') return a.name;
  const inner = formatDim(a.num, style);
  const wrapped = a.num.terms.size > 1 ? `(${inner})` : inner;
  if (a.kind === 'mod') return `(${wrapped} % ${a.den})`;
  return style === 'pretty' ? `⌊${wrapped}/${a.den}⌋` : `(${wrapped} // ${a.den})`;
}

/** A shape as torch prints it: `torch.Size([1, 3, 28, 28])`. */
export function formatTorchSize(shape: readonly Dim[], style: DimStyle = 'pretty'): string {
  return `torch.Size([${shape.map((d) => formatDim(d, style)).join(', ')}])`;
}

export function formatShapeList(shape: readonly Dim[], style: DimStyle = 'pretty'): string {
  return `[${shape.map((d) => formatDim(d, style)).join(', ')}]`;
}

/** JSON form used by the CLI contract: integers, strings for symbolic dims, null when unknown. */
export function dimToJson(d: Dim): number | string | null {
  if (d === null || typeof d === 'number') return d;
  return formatDim(d, 'python');
}
