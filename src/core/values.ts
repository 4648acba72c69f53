/**
 * The abstract values the evaluator computes with. Every Python value the analysis follows is
 * one of these; anything else is `unknown`, carrying why and where tracking stopped.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Shape, SourceRange } from './api';
import type { ParsedFile } from './parse';
import { dimEquals, type Dim } from './dims';
import type { LayerDef, LayerInstance } from './layers/types';

/** Where a tensor's shape came from, for hovers ("call site line 40: torch.randn(1, 1, 32, 32)"). */
export type Origin = string;

/** Receptive field and jump per spatial dimension, accumulated along a chain of windowed layers. */
export interface Geometry {
  receptiveField: number[];
  jump: number[];
}

export interface TensorValue {
  k: 'tensor';
  shape: Shape;
  /** Why the shape (or some of its dims) is unknown. */
  reason?: string;
  /** Set when torch would already have raised before this value: no cascade of errors. */
  poisoned?: boolean;
  /** torch's dtype name when known (`float32`). */
  dtype?: string;
  /** Strides of a non-contiguous view, from the ops (`TensorArg.layout`); absent means contiguous. */
  layout?: { shape: Dim[]; strides: Dim[] };
  /** An `nn.Parameter`: counted by `parameters()` when assigned to a module. */
  parameter?: boolean;
  /** True only when autograd certainly tracks it (`TensorArg.requiresGrad`); absent when not or not known. */
  requiresGrad?: boolean;
  origin?: Origin;
  geometry?: Geometry;
  values?: number[];
}

export interface UnknownValue {
  k: 'unknown';
  reason: string;
  /** An `nn` module the analysis does not model: its parameters make counts unknown. */
  module?: boolean;
}

export interface ListValue {
  k: 'list';
  items: Value[];
  /** Why its items are not known: changed in code that may not have run. */
  uncertain?: string;
  /** The evaluator's speculation depth where it was made; changes deeper than that are uncertain. */
  bornAt?: number;
}

export interface DictValue {
  k: 'dict';
  keys: Value[];
  values: Value[];
  /** Why its entries are not known: changed in code that may not have run, or by what the analysis does not see. */
  uncertain?: string;
  /** The evaluator's speculation depth where it was made; changes deeper than that are uncertain. */
  bornAt?: number;
}

/** An `nn.*` layer built from the registry. */
export interface LayerValue {
  k: 'layer';
  def: LayerDef;
  instance: LayerInstance;
  /** Range of the constructor call. */
  site: SourceRange;
  file: string;
  id: number;
  /** Why its forward may no longer be torch's (an attribute reassigned: `act.forward = ...`, `conv.padding = 2`). */
  patched?: string;
}

/** `nn.Sequential`, `nn.ModuleList`, `nn.ModuleDict`: ordered named children. */
export interface ContainerValue {
  k: 'container';
  kind: 'Sequential' | 'ModuleList' | 'ModuleDict';
  names: string[];
  /** Why its set of modules is not fully known. */
  incomplete?: string;
  /** The evaluator's speculation depth where it was made. */
  bornAt?: number;
  /** `module.training`; absent: True, as torch builds every module; null: set where the analysis cannot decide it. */
  training?: boolean | null;
  items: Value[];
  site: SourceRange;
  file: string;
  id: number;
}

export interface FunctionValue {
  k: 'function';
  node: SyntaxNode;
  /** The source file the function lives in. */
  module: ModuleScope;
  closure: Scope;
  qualname: string;
  name: string;
  isLambda?: boolean;
  /** The class whose body defined it, for `super()`. */
  ownerClass?: ClassValue;
  decorators: string[];
  /** Parameter defaults, evaluated once where the function is defined (as Python does), by name. */
  defaults?: Map<string, Value>;
}

export interface ClassValue {
  k: 'class';
  name: string;
  qualname: string;
  node: SyntaxNode;
  module: ModuleScope;
  bases: Value[];
  attrs: Map<string, Value>;
  /** True when `nn.Module` is among its bases (directly or through a user base class). */
  isModule: boolean;
  /** The torch container it extends (`class Stage(nn.Sequential)`), directly or through a user base. */
  containerBase?: 'Sequential' | 'ModuleList' | 'ModuleDict';
}

export interface ObjectValue {
  k: 'object';
  cls: ClassValue;
  attrs: Map<string, Value>;
  /** Submodule names in registration order (what `named_children` gives). */
  children: string[];
  /** Why its set of submodules is not fully known (`add_module` under an unknown name). */
  incomplete?: string;
  /** The torch layer a class extending one (`class LayerNorm2d(nn.LayerNorm)`) built in `super().__init__`. */
  layerBase?: LayerValue;
  /** The evaluator's speculation depth where it was made. */
  bornAt?: number;
  /** `self.training`; absent: True, as torch builds every module; null: set where the analysis cannot decide it. */
  training?: boolean | null;
  site: SourceRange;
  file: string;
  id: number;
}

export interface BoundMethodValue {
  k: 'bound';
  self: Value;
  fn: FunctionValue;
}

/** A Python-level builtin or a method of a non-user object, implemented in TypeScript. */
export interface BuiltinValue {
  k: 'builtin';
  name: string;
  call: (call: CallArgs) => Value;
  /** What the call does when a `*args` of unknown length hides its arguments (default: unknown, no effect). */
  callUncounted?: (why: string) => Value;
}

/** A reference into torch's namespace (`torch.nn.functional.conv2d`), or an external module. */
export interface TorchRef {
  k: 'torch';
  qualname: string;
}

/** A workspace Python module imported by the analysed code. */
export interface ModuleValue {
  k: 'module';
  scope: ModuleScope;
}

export type Value =
  | { k: 'int'; v: Dim }
  | { k: 'float'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'str'; v: string }
  | { k: 'none' }
  | { k: 'tuple'; items: Value[]; /** a torch.Size */ size?: boolean }
  | ListValue
  | DictValue
  | { k: 'slice'; lower: Value; upper: Value; step: Value }
  | { k: 'ellipsis' }
  | { k: 'range'; start: number; stop: number; step: number }
  | { k: 'super'; self: Value; cls: ClassValue }
  | TensorValue
  | LayerValue
  | ContainerValue
  | FunctionValue
  | ClassValue
  | ObjectValue
  | BoundMethodValue
  | BuiltinValue
  | TorchRef
  | ModuleValue
  | UnknownValue;

export interface CallArgs {
  positional: Value[];
  keywords: Map<string, Value>;
  /** Set when `*args` spread a sequence of unknown length: the arguments cannot be bound. */
  unknownArity?: string;
  /** The call expression, for ranges. */
  node?: SyntaxNode;
}

/** A Python namespace: module globals, a function's locals or a class body. */
export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(
    readonly parent: Scope | undefined,
    readonly qualname: string,
  ) {}

  lookup(name: string): Value | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

/** One analysed source file's globals. */
export interface ModuleScope {
  file: string;
  globals: Scope;
  parsed: ParsedFile;
}

export const NONE: Value = { k: 'none' };

export function unknown(reason: string): UnknownValue {
  return { k: 'unknown', reason };
}

export function int(v: Dim): Value {
  return { k: 'int', v };
}

export function tensor(shape: Shape, origin?: Origin, geometry?: Geometry): TensorValue {
  const t: TensorValue = { k: 'tensor', shape };
  if (origin !== undefined) t.origin = origin;
  if (geometry !== undefined) t.geometry = geometry;
  return t;
}

/** Python truthiness when it is decided; null when it depends on what the analysis cannot know. */
export function truthy(v: Value): boolean | null {
  switch (v.k) {
    case 'bool':
      return v.v;
    case 'int':
      return typeof v.v === 'number' ? v.v !== 0 : null;
    case 'float':
      return v.v !== 0;
    case 'str':
      return v.v.length > 0;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.keys.length > 0;
    case 'layer':
    case 'container':
    case 'function':
    case 'class':
    case 'object':
    case 'bound':
    case 'builtin':
    case 'torch':
    case 'module':
    case 'ellipsis':
    case 'super':
      return true;
    case 'range':
      return rangeLength(v) > 0;
    default:
      return null;
  }
}

/** Structural equality for joining branches: equal values survive a join, differing ones do not. */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return dimEquals(a.v, (b as typeof a).v) === true;
    case 'float':
    case 'bool':
    case 'str':
      return a.v === (b as typeof a).v;
    case 'none':
    case 'ellipsis':
      return true;
    case 'tuple':
    case 'list': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => sameValue(x, bi[i]));
    }
    case 'tensor': {
      const bs = (b as TensorValue).shape;
      if (a.shape === null || bs === null) return a.shape === bs;
      // A join keeps a layout only when both branches have it: view raises on layouts alone.
      const [la, lb] = [a.layout?.strides ?? [], (b as TensorValue).layout?.strides ?? []];
      if (la.length !== lb.length || la.some((s, i) => dimEquals(s, lb[i]) !== true)) return false;
      return a.shape.length === bs.length && a.shape.every((d, i) => dimEquals(d, bs[i]) === true);
    }
    default:
      return false;
  }
}

/** The value after two branches that the analysis cannot decide between. */
export function joinValues(a: Value, b: Value, why: string): Value {
  if (sameValue(a, b)) {
    if (a.k === 'tensor' && b.k === 'tensor') {
      // Tracked on one path only, or values written out differently: not known after the join.
      const gradDiffers = a.requiresGrad !== b.requiresGrad;
      const valuesDiffer = String(a.values) !== String(b.values);
      if (gradDiffers || valuesDiffer) return { ...a, ...(gradDiffers ? { requiresGrad: undefined } : {}), ...(valuesDiffer ? { values: undefined } : {}) };
    }
    return a;
  }
  if (a.k === 'tensor' && b.k === 'tensor' && a.shape && b.shape && a.shape.length === b.shape.length) {
    // Same rank: keep the dims both branches agree on.
    const bs = b.shape;
    return tensor(a.shape.map((d, i) => (dimEquals(d, bs[i]) === true ? d : null)), a.origin);
  }
  if ((a.k === 'tensor' || a.k === 'unknown') && (b.k === 'tensor' || b.k === 'unknown')) {
    if (a.k === 'tensor' && b.k === 'tensor') return tensor(null, a.origin);
  }
  return unknown(why);
}

export function typeName(v: Value): string {
  switch (v.k) {
    case 'tuple':
      return v.size ? 'torch.Size' : 'tuple';
    case 'tensor':
      return 'Tensor';
    case 'layer':
      return v.def.name;
    case 'container':
      return v.kind;
    case 'object':
      return v.cls.name;
    default:
      return v.k;
  }
}

export function rangeLength(r: { start: number; stop: number; step: number }): number {
  if (r.step > 0) return Math.max(0, Math.ceil((r.stop - r.start) / r.step));
  return Math.max(0, Math.ceil((r.start - r.stop) / -r.step));
}

/** Whether a value is a module that `nn.Module.__setattr__` registers as a child. */
export function isModuleValue(v: Value): v is LayerValue | ContainerValue | ObjectValue {
  return v.k === 'layer' || v.k === 'container' || (v.k === 'object' && v.cls.isModule);
}
