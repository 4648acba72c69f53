/**
 * Python's builtins and the `math` functions model code uses to compute sizes: `len`, `range`,
 * `max`, `min`, `sum`, `int`, `abs`, `zip`, `enumerate`, `math.floor` and friends. Each works on
 * known values and answers unknown (with the reason) otherwise.
 */
import { LIMITS } from './budget';
import { dimAdd, dimEquals, isKnown, type Dim } from './dims';
import { rangeLength, truthy, unknown, type CallArgs, type Value } from './values';

/** The items of an iterable the analysis can enumerate, or an unknown saying why not. */
export function iterate(v: Value): Value[] | { k: 'unknown'; reason: string } {
  switch (v.k) {
    case 'tuple':
      return v.items;
    case 'list':
      return v.uncertain ? unknown(v.uncertain) : v.items;
    case 'dict':
      return v.uncertain ? unknown(v.uncertain) : v.keys;
    case 'str':
      return [...v.v].map((c) => ({ k: 'str', v: c }) as Value);
    case 'range': {
      const n = rangeLength(v);
      if (n > LIMITS.loopUnroll) return unknown(`range of ${n} items is longer than the analysis unrolls`);
      return Array.from({ length: n }, (_, i) => ({ k: 'int', v: v.start + i * v.step }) as Value);
    }
    case 'container':
      if (v.incomplete) return unknown(v.incomplete);
      return v.kind === 'ModuleDict' ? v.names.map((n) => ({ k: 'str', v: n }) as Value) : v.items;
    case 'object':
      if (!v.cls.containerBase) return unknown(`iterating over ${v.cls.name}`);
      if (v.incomplete) return unknown(v.incomplete);
      return v.cls.containerBase === 'ModuleDict' ? v.children.map((n) => ({ k: 'str', v: n }) as Value) : v.children.map((n) => v.attrs.get(n) ?? unknown(n));
    case 'tensor':
      if (v.shape && v.shape.length > 0 && isKnown(v.shape[0]) && v.shape[0] <= LIMITS.loopUnroll) {
        const rest = v.shape.slice(1);
        return Array.from({ length: v.shape[0] }, () => ({ k: 'tensor', shape: rest, origin: v.origin }) as Value);
      }
      return unknown('iterating over a tensor of unknown length');
    case 'unknown':
      return v;
    default:
      return unknown(`cannot iterate over ${v.k}`);
  }
}

export function knownInt(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.k === 'int' && isKnown(v.v)) return v.v;
  if (v.k === 'bool') return v.v ? 1 : 0;
  return undefined;
}

export function numberOf(v: Value | undefined): number | undefined {
  if (v?.k === 'float') return v.v;
  return knownInt(v);
}

/** A Python number from a JS number: an int when integral and the source was int arithmetic. */
export function pyNumber(x: number, asInt: boolean): Value {
  if (!Number.isFinite(x)) return unknown('number out of range');
  if (asInt) return Number.isSafeInteger(x) ? { k: 'int', v: x } : unknown('integer too large to follow');
  return { k: 'float', v: x };
}

function lengthOf(v: Value): Value {
  switch (v.k) {
    case 'tuple':
      return { k: 'int', v: v.items.length };
    case 'list':
      return v.uncertain ? unknown(v.uncertain) : { k: 'int', v: v.items.length };
    case 'str':
      return { k: 'int', v: v.v.length };
    case 'dict':
      return v.uncertain ? unknown(v.uncertain) : { k: 'int', v: v.keys.length };
    case 'range':
      return { k: 'int', v: rangeLength(v) };
    case 'container':
      return { k: 'int', v: v.items.length };
    case 'object':
      return v.cls.containerBase ? { k: 'int', v: v.children.length } : unknown(`len() of ${v.cls.name}`);
    case 'tensor':
      return v.shape && v.shape.length > 0 ? { k: 'int', v: v.shape[0] } : unknown('len() of a tensor of unknown shape');
    default:
      return unknown(`len() of ${v.k}`);
  }
}

function range(args: Value[]): Value {
  const nums = args.map(knownInt);
  if (nums.some((n) => n === undefined) || nums.length === 0 || nums.length > 3) return unknown('range() with arguments the analysis does not know');
  const [a, b, c] = nums as number[];
  if (nums.length === 1) return { k: 'range', start: 0, stop: a, step: 1 };
  if (c === 0) return unknown('range() step is zero');
  return { k: 'range', start: a, stop: b, step: c ?? 1 };
}

/** max/min over known numbers; symbolic dims only when they compare equal. */
function extreme(args: Value[], pick: (a: number, b: number) => number): Value {
  const items = args.length === 1 ? iterate(args[0]) : args;
  if (!Array.isArray(items) || items.length === 0) return unknown('max()/min() of values the analysis does not know');
  let allInt = true;
  let best: number | undefined;
  let firstDim: Dim | undefined;
  let allSameDim = true;
  for (const it of items) {
    if (it.k === 'int' && !isKnown(it.v)) {
      if (firstDim === undefined) firstDim = it.v;
      else if (dimEquals(firstDim, it.v) !== true) allSameDim = false;
      continue;
    }
    const n = numberOf(it);
    if (n === undefined) return unknown('max()/min() of values the analysis does not know');
    if (it.k === 'float') allInt = false;
    best = best === undefined ? n : pick(best, n);
    allSameDim = false;
  }
  if (firstDim !== undefined) return allSameDim ? { k: 'int', v: firstDim } : unknown('max()/min() of symbolic sizes');
  return pyNumber(best as number, allInt);
}

function sum(args: Value[], call: CallArgs): Value {
  const items = iterate(args[0] ?? unknown('sum() without arguments'));
  if (!Array.isArray(items)) return items;
  const start = args[1] ?? call.keywords.get('start');
  if (start && start.k !== 'int' && start.k !== 'float') return unknown('sum() from a start that is not a number');
  let total: Dim = start?.k === 'int' ? start.v : 0;
  let float = start?.k === 'float' ? start.v : 0;
  let isFloat = start?.k === 'float';
  for (const it of items) {
    if (it.k === 'int') total = dimAdd(total, it.v);
    else if (it.k === 'float') {
      float += it.v;
      isFloat = true;
    } else if (it.k === 'bool') total = dimAdd(total, it.v ? 1 : 0);
    else return unknown('sum() over values that are not numbers');
  }
  if (isFloat) return isKnown(total) ? pyNumber(total + float, false) : unknown('sum() mixing floats and symbolic sizes');
  return { k: 'int', v: total };
}

function toInt(v: Value): Value {
  if (v.k === 'int') return v;
  if (v.k === 'bool') return { k: 'int', v: v.v ? 1 : 0 };
  if (v.k === 'float') return pyNumber(Math.trunc(v.v), true);
  if (v.k === 'str' && /^\s*[-+]?\d+\s*$/.test(v.v)) return pyNumber(Number(v.v), true);
  return unknown('int() of a value the analysis does not know');
}

function toFloat(v: Value): Value {
  const n = numberOf(v);
  return n === undefined ? unknown('float() of a value the analysis does not know') : pyNumber(n, false);
}

function unaryMath(fn: (x: number) => number, resultIsInt: boolean) {
  return (args: Value[]): Value => {
    const v = args[0];
    if (resultIsInt && v?.k === 'int') return v;
    const n = numberOf(v);
    return n === undefined ? unknown('math on a value the analysis does not know') : pyNumber(fn(n), resultIsInt);
  };
}

/** Python's round(): halves go to the even neighbour (round(2.5) is 2, round(0.5) is 0). */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** pow(a, b) and divmod(a, b) of known ints, as Python computes them (floor division). */
function intPair(name: string, compute: (a: number, b: number) => Value) {
  return (args: Value[]): Value => {
    const [a, b] = args.map((v) => (v?.k === 'int' && typeof v.v === 'number' ? v.v : undefined));
    if (args.length !== 2 || a === undefined || b === undefined) return unknown(`${name}() of values the analysis does not know`);
    return compute(a, b);
  };
}

const pow = intPair('pow', (a, b) => (b >= 0 ? pyNumber(a ** b, true) : pyNumber(a ** b, false)));
const divmod = intPair('divmod', (a, b) => {
  if (b === 0) return unknown('divmod() by zero');
  const q = Math.floor(a / b);
  return { k: 'tuple', items: [pyNumber(q, true), pyNumber(a - b * q, true)] };
});

/** any()/all(): decided only when every item's truth is known (Python stops at the first deciding one). */
function anyAll(wanted: boolean) {
  return (args: Value[]): Value => {
    const items = iterate(args[0] ?? unknown('any()/all() without arguments'));
    if (!Array.isArray(items)) return items;
    for (const item of items) {
      const t = truthy(item);
      if (t === null) return unknown(`${wanted ? 'any' : 'all'}() of values the analysis cannot decide`);
      if (t === wanted) return { k: 'bool', v: wanted };
    }
    return { k: 'bool', v: !wanted };
  };
}

/** round(x); with ndigits the result stays a float, which shapes do not take: not followed. */
function round(args: Value[]): Value {
  if (args.length > 1) return unknown('round() to digits is not followed');
  return unaryMath(roundHalfEven, true)(args);
}

function zip(args: Value[]): Value {
  const lists = args.map(iterate);
  for (const l of lists) if (!Array.isArray(l)) return l;
  const arrays = lists as Value[][];
  const n = Math.min(...arrays.map((a) => a.length));
  return { k: 'list', items: Array.from({ length: arrays.length ? n : 0 }, (_, i) => ({ k: 'tuple', items: arrays.map((a) => a[i]) }) as Value) };
}

function enumerate(args: Value[], call: CallArgs): Value {
  const items = iterate(args[0] ?? unknown('enumerate() without arguments'));
  if (!Array.isArray(items)) return items;
  const given = args[1] ?? call.keywords.get('start');
  const start = given ? knownInt(given) : 0;
  if (start === undefined) return unknown('enumerate() from a start the analysis does not know');
  return { k: 'list', items: items.map((v, i) => ({ k: 'tuple', items: [{ k: 'int', v: start + i }, v] }) as Value) };
}

function sequence(kind: 'list' | 'tuple') {
  return (args: Value[]): Value => {
    if (args.length === 0) return { k: kind, items: [] };
    const items = iterate(args[0]);
    return Array.isArray(items) ? { k: kind, items: [...items] } : items;
  };
}

/** `sorted(xs)` / `sorted(xs, reverse=True)` of plain numbers or strings; a `key` is not followed. */
function sorted(args: Value[], call: CallArgs): Value {
  const items = iterate(args[0] ?? unknown('sorted() without arguments'));
  if (!Array.isArray(items)) return items;
  const reverse = call.keywords.get('reverse');
  if (call.keywords.has('key') || args.length > 1 || (reverse && reverse.k !== 'bool')) return unknown('sorted() with a key or order the analysis does not follow');
  const numbers = items.every((x) => (x.k === 'int' && typeof x.v === 'number') || x.k === 'float');
  const strings = items.every((x) => x.k === 'str');
  if (!numbers && !strings) return unknown('sorted() of values the analysis cannot order');
  const key = (x: Value) => (x.k === 'str' ? x.v : (x as { v: number }).v);
  const out = [...items].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  if (reverse?.k === 'bool' && reverse.v) out.reverse();
  return { k: 'list', items: out };
}

function reversed(args: Value[]): Value {
  const items = iterate(args[0] ?? unknown('reversed() without arguments'));
  return Array.isArray(items) ? { k: 'list', items: [...items].reverse() } : items;
}

function abs(args: Value[]): Value {
  const v = args[0];
  if (v?.k === 'int' && isKnown(v.v)) return { k: 'int', v: Math.abs(v.v) };
  if (v?.k === 'float') return { k: 'float', v: Math.abs(v.v) };
  return unknown('abs() of a value the analysis does not know');
}

function isinstanceOf(args: Value[]): Value {
  void args;
  return unknown('isinstance() is not followed');
}

type BuiltinFn = (args: Value[], call: CallArgs) => Value;

/** Builtins whose keywords the analysis reads; called with keywords, the others are not followed. */
const KEYWORD_BUILTINS = new Set(['print', 'enumerate', 'sum', 'sorted']);

/** Calls a builtin by name, or says why it is not followed; keywords it does not read make it unknown. */
export function callBuiltinFunction(name: string, call: CallArgs): Value | undefined {
  const fn = BUILTIN_FUNCTIONS[name];
  if (!fn) return undefined;
  if (call.keywords.size > 0 && !KEYWORD_BUILTINS.has(name)) return unknown(`${name}() with keywords is not followed`);
  return fn(call.positional, call);
}

/** Python builtins by name. `print` and friends evaluate to None; their arguments still run. */
export const BUILTIN_FUNCTIONS: Record<string, BuiltinFn> = {
  len: (a) => lengthOf(a[0] ?? unknown('len() without arguments')),
  range,
  max: (a) => extreme(a, Math.max),
  min: (a) => extreme(a, Math.min),
  sum,
  int: (a) => (a.length === 0 ? { k: 'int', v: 0 } : toInt(a[0])),
  float: (a) => (a.length === 0 ? { k: 'float', v: 0 } : toFloat(a[0])),
  bool: (a) => (a.length === 0 ? { k: 'bool', v: false } : unknown('bool() is not followed')),
  str: (a) => (a[0]?.k === 'str' ? a[0] : unknown('str() is not followed')),
  abs,
  round,
  pow,
  divmod,
  any: anyAll(true),
  all: anyAll(false),
  zip,
  enumerate,
  list: sequence('list'),
  tuple: sequence('tuple'),
  reversed,
  sorted,
  isinstance: isinstanceOf,
  print: () => ({ k: 'none' }),
  'math.floor': unaryMath(Math.floor, true),
  'math.ceil': unaryMath(Math.ceil, true),
  'math.sqrt': unaryMath(Math.sqrt, false),
  'math.log2': unaryMath(Math.log2, false),
  'math.log': unaryMath(Math.log, false),
  'math.exp': unaryMath(Math.exp, false),
  'math.prod': (a) => {
    const items = iterate(a[0] ?? unknown('math.prod() without arguments'));
    if (!Array.isArray(items)) return items;
    const nums = items.map(knownInt);
    return nums.every((n) => n !== undefined) ? pyNumber((nums as number[]).reduce((p, n) => p * n, 1), true) : unknown('math.prod() of unknown values');
  },
};

/** Module-level constants of `math`. */
export const MATH_CONSTANTS: Record<string, Value> = {
  'math.pi': { k: 'float', v: Math.PI },
  'math.e': { k: 'float', v: Math.E },
  'math.inf': { k: 'float', v: Infinity },
};
