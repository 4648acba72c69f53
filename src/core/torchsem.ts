/**
 * What torch does with the evaluator's values: building `nn` layers and containers, calling
 * modules (a user module's `forward`, a layer's rule, a Sequential's chain), tensor attributes and
 * methods, tensor operators and `torch.*` functions. Shape formulas and error texts live in the
 * layer and op families; this file binds Python calls to them and turns their answers into values,
 * diagnostics and hover facts.
 */
import type { SyntaxNode } from '@lezer/common';
import { dimProduct, isKnown, type Dim } from './dims';
import type { Evaluator } from './evaluator';
import { MATH_CONSTANTS, iterate, knownInt } from './pybuiltins';
import { bindArgs, findFunctionDef, findLayerDef, tensorProperties } from './registry';
import { tagSequence } from './layers/common';
import type { ArgValue, BoundArgs, FunctionDef, LayerInstance, OpFacts, OpResult, ShapeError, TensorArg } from './layers/types';
import type { Shape } from './api';
import {
  NONE,
  isModuleValue,
  tensor,
  truthy,
  unknown,
  type CallArgs,
  type ClassValue,
  type ContainerValue,
  type Geometry,
  type LayerValue,
  type ObjectValue,
  type TensorValue,
  type TorchRef,
  type Value,
} from './values';

/** Python operators on tensors and the torch functions that implement them. */
const TENSOR_OPERATORS: Record<string, string> = {
  '+': 'operator.add',
  '-': 'operator.sub',
  '*': 'operator.mul',
  '/': 'operator.truediv',
  '//': 'operator.floordiv',
  '%': 'operator.mod',
  '**': 'operator.pow',
  '@': 'operator.matmul',
  '==': 'operator.eq',
  '!=': 'operator.ne',
  '<': 'operator.lt',
  '<=': 'operator.le',
  '>': 'operator.gt',
  '>=': 'operator.ge',
  '&': 'operator.and_',
  '|': 'operator.or_',
  '^': 'operator.xor',
};

const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict']);

/** Buffers the layers declare among their weights: module state, not parameters. */
const BUFFERS = new Set(['running_mean', 'running_var', 'num_batches_tracked']);

/** Tensor methods that change the shape of the tensor they are called on. */
const RESHAPING_IN_PLACE = new Set(['unsqueeze_', 'squeeze_', 'transpose_', 't_', 'swapaxes_', 'swapdims_', 'resize_', 'resize_as_', 'set_', 'as_strided_']);

/** Layer attributes code may set without changing what the layer computes or its shapes. */
const HARMLESS_LAYER_ATTRIBUTES = new Set(['inplace', 'momentum', 'eps', 'track_running_stats']);

/** `nn.Module` methods that return the module itself. */
const SELF_RETURNING = new Set(['to', 'cuda', 'cpu', 'float', 'double', 'half', 'apply', 'zero_grad']);

/** The qualified names under which torch exposes `nn` classes and functions. */
const nnClassNames = new Map<string, string | undefined>();

function nnClassName(qualname: string): string | undefined {
  let name = nnClassNames.get(qualname);
  if (name === undefined && !nnClassNames.has(qualname)) {
    name = /^torch\.nn\.(?:modules\.(?:\w+\.)?)?([A-Z]\w*)$/.exec(qualname)?.[1];
    // Qualified names come from source text: the cache stays as small as the names a workspace uses.
    if (nnClassNames.size < 10_000) nnClassNames.set(qualname, name);
  }
  return name;
}

const functionDefs = new Map<string, FunctionDef | undefined>();

/** The keywords of a rule call that has none (most calls): one shared, never written, map. */
const NO_RULE_KEYWORDS: ReadonlyMap<string, ArgValue> = new Map();

/** The shape rule of a torch function; `torch.relu`, `torch.nn.functional.relu` and `F.relu` are the same op to it. */
function functionDefFor(qualname: string): FunctionDef | undefined {
  if (functionDefs.has(qualname)) return functionDefs.get(qualname);
  const names = [qualname];
  const fn = /^torch\.nn\.functional\.(\w+)$/.exec(qualname);
  if (fn) names.push(`torch.${fn[1]}`);
  const top = /^torch\.(\w+)$/.exec(qualname);
  if (top) names.push(`torch.nn.functional.${top[1]}`);
  let def: FunctionDef | undefined;
  for (const name of names) if ((def = findFunctionDef(name))) break;
  if (functionDefs.size < 10_000) functionDefs.set(qualname, def);
  return def;
}

export class TorchSemantics {
  constructor(private readonly ev: Evaluator) {}

  /** Layers whose mode was set by `.eval()`/`.train()` in code that may not have run. */
  private readonly undecidedMode = new WeakSet<LayerInstance>();
  /** Layers whose parameters `requires_grad_(False)` may have frozen: their outputs are not certainly tracked. */
  private readonly mayBeFrozen = new WeakSet<LayerInstance>();
  /** Set once code assigns `p.requires_grad` (`for p in net.parameters(): p.requires_grad = False`), which the analysis does not follow to its modules. */
  private parametersMayBeFrozen = false;

  isModuleBase(v: Value): boolean {
    // Every `torch.nn` class is a module: `nn.Module` itself, containers, layers a user extends.
    if (v.k === 'torch') return nnClassName(v.qualname) !== undefined;
    if (v.k === 'class') return v.isModule;
    return false;
  }

  /** The torch container a class extends, through user base classes too. */
  containerBaseOf(bases: Value[]): ContainerValue['kind'] | undefined {
    for (const b of bases) {
      if (b.k === 'class' && b.containerBase) return b.containerBase;
      const cls = b.k === 'torch' ? nnClassName(b.qualname) : undefined;
      if (cls && CONTAINERS.has(cls)) return cls as ContainerValue['kind'];
    }
    return undefined;
  }

  /** `super().__init__(*modules)` of a class extending a torch container. */
  private initContainerObject(obj: ObjectValue, args: CallArgs): void {
    const built = this.buildContainer(obj.cls.containerBase as ContainerValue['kind'], { positional: args.positional, keywords: args.keywords });
    if (built.k === 'container') built.names.forEach((n, i) => this.setAttribute(obj, n, built.items[i]));
  }

  /** The torch layer class (not a container, not `nn.Module`) a class extends, directly or through a user base. */
  layerBaseOf(cls: ClassValue): string | undefined {
    for (const b of cls.bases) {
      if (b.k === 'class') {
        const inherited = this.layerBaseOf(b);
        if (inherited) return inherited;
      }
      const name = b.k === 'torch' ? nnClassName(b.qualname) : undefined;
      if (b.k === 'torch' && name && name !== 'Module' && !CONTAINERS.has(name)) return b.qualname;
    }
    return undefined;
  }

  /**
   * `super().__init__(...)` of a class extending a torch layer: the layer torch builds gives the
   * instance its parameters, attributes and (without a forward of its own) its forward.
   */
  private initLayerObject(obj: ObjectValue, qualname: string, args: CallArgs): void {
    const built = this.callTorch(qualname, args);
    if (built.k === 'layer') obj.layerBase = built;
    else obj.incomplete = `the ${shortName(qualname)} it extends is not modelled with these arguments`;
  }

  /** The `__init__` of the torch container or layer a class extends (called by `super().__init__`, or in place of a missing one). */
  initInherited(obj: ObjectValue, args: CallArgs): void {
    const layerBase = obj.cls.containerBase ? undefined : this.layerBaseOf(obj.cls);
    if (obj.cls.containerBase) this.initContainerObject(obj, args);
    else if (layerBase) this.initLayerObject(obj, layerBase, args);
  }

  /** A container-derived instance seen as its container (same children, same identity). */
  asContainer(obj: ObjectValue): ContainerValue {
    return { k: 'container', incomplete: obj.incomplete, kind: obj.cls.containerBase ?? 'Sequential', names: [...obj.children], items: obj.children.map((n) => obj.attrs.get(n) ?? NONE), site: obj.site, file: obj.file, id: obj.id, bornAt: obj.bornAt };
  }

  // ---------------------------------------------------------------- value conversion

  /** A call's arguments as its rule reads them, built with loops: this runs for every op. */
  private ruleArgs(args: CallArgs): [ArgValue[], ReadonlyMap<string, ArgValue>] {
    const positional: ArgValue[] = [];
    for (const v of args.positional) positional.push(this.toArg(v));
    if (args.keywords.size === 0) return [positional, NO_RULE_KEYWORDS];
    const keywords = new Map<string, ArgValue>();
    for (const [k, v] of args.keywords) keywords.set(k, this.toArg(v));
    return [positional, keywords];
  }

  toArg(v: Value): ArgValue {
    switch (v.k) {
      case 'int':
        return v.v;
      case 'float':
        return { kind: 'float', value: v.v };
      case 'bool':
        return v.v;
      case 'str':
        return v.v;
      case 'none':
        return null;
      case 'tuple':
      case 'list':
        // Layer messages and reprs print a list, a tuple and a torch.Size differently.
        return tagSequence(v.items.map((i) => this.toArg(i)), v.k === 'list' ? 'list' : v.size ? 'torch.Size' : 'tuple');
      case 'range': {
        const items = iterate(v);
        return Array.isArray(items) ? items.map((i) => this.toArg(i)) : { kind: 'unknown', reason: items.reason };
      }
      case 'tensor': {
        const t: TensorArg = { kind: 'tensor', shape: v.shape };
        if (v.values) t.values = v.values;
        if (v.dtype) t.dtype = v.dtype;
        if (v.reason) t.reason = v.reason;
        if (v.layout) t.layout = v.layout;
        if (v.requiresGrad) t.requiresGrad = true;
        return t;
      }
      case 'torch':
        // dtypes and other torch constants travel by name (`torch.float16`).
        return v.qualname;
      case 'unknown':
        return { kind: 'unknown', reason: v.reason };
      case 'slice':
        return { kind: 'slice', start: this.toArg(v.lower), stop: this.toArg(v.upper), step: this.toArg(v.step) };
      case 'ellipsis':
        return { kind: 'ellipsis' };
      case 'layer':
        // A layer handed to another's constructor (TransformerEncoder's encoder_layer, its norm).
        return v.patched ? { kind: 'unknown', reason: `nn.${v.def.name} was patched: ${v.patched}` } : { kind: 'module', name: v.def.name, layer: v.instance };
      default:
        return { kind: 'unknown', reason: `a ${v.k} value` };
    }
  }

  fromArg(a: ArgValue, like?: TensorValue): Value {
    if (a === null) return NONE;
    if (typeof a === 'boolean') return { k: 'bool', v: a };
    if (typeof a === 'string') return { k: 'str', v: a };
    if (typeof a === 'number') return Number.isInteger(a) ? { k: 'int', v: a } : { k: 'float', v: a };
    if (Array.isArray(a)) return { k: 'tuple', items: a.map((x) => this.fromArg(x, like)) };
    if (typeof a === 'object' && 'kind' in a) {
      if (a.kind === 'tensor') {
        const t = tensor(a.shape, like?.origin);
        if (a.values) t.values = a.values;
        if (a.dtype) t.dtype = a.dtype;
        if (a.reason) t.reason = a.reason;
        if (a.layout) t.layout = a.layout;
        if (a.requiresGrad) t.requiresGrad = true;
        if (like?.poisoned) t.poisoned = true;
        return t;
      }
      if (a.kind === 'unknown') return unknown(a.reason);
      if (a.kind === 'float') return { k: 'float', v: a.value };
    }
    // A symbolic dim.
    return { k: 'int', v: a as Dim };
  }

  // ---------------------------------------------------------------- calling definitions

  /**
   * Calls a shape rule. A poisoned input (torch already raised before it) short-circuits so one
   * mistake gives one diagnostic.
   */
  private apply(
    label: string,
    run: (positional: ArgValue[], keywords: ReadonlyMap<string, ArgValue>) => OpResult,
    args: CallArgs,
    layer?: LayerValue,
    boundArgs?: () => BoundArgs | undefined,
  ): Value {
    const inputs: TensorValue[] = [];
    for (const v of args.positional) if (v.k === 'tensor') inputs.push(v);
    for (const v of args.keywords.values()) if (v.k === 'tensor') inputs.push(v);
    const first = inputs[0];
    const poisoned = inputs.find((t) => t.poisoned);
    if (poisoned) return { ...tensor(null, poisoned.origin), poisoned: true, reason: poisoned.reason };
    let result: OpResult;
    try {
      result = run(...this.ruleArgs(args));
    } catch {
      return unknown(`${label}: its shape rule could not handle these arguments`);
    }
    if (!result.ok) return this.raise(result.error, first, layer);
    const value = this.tracked(label, this.fromArg(result.value, first), inputs.some((t) => t.requiresGrad) || (layer !== undefined && this.hasTrackedParameters(layer.instance)), args);
    // A tensor made from no tensor (`torch.randn(1, 1, 32, 32)`) is where a shape comes from.
    if (value.k === 'tensor' && !first && args.node) value.origin = this.creationSite(args.node);
    if (value.k === 'tensor') {
      // Without a window, a same-rank result (activations, norms, elementwise ops) keeps the
      // receptive field of its inputs; a reshaped one (flatten, Linear) no longer has one.
      const sameRank = first?.shape && value.shape && first.shape.length === value.shape.length;
      value.geometry = this.advanceGeometry(first?.geometry, result.facts) ?? (sameRank ? inputs.reduce<Geometry | undefined>((g, t) => widest(g, t.geometry), undefined) : undefined);
      if (value.shape === null && !value.reason) value.reason = first?.reason ?? `${label}: result shape not known`;
    }
    const bound = boundArgs?.();
    if (args.node) this.ev.recorder.opCall(this.ev, args.node, first, value, result.facts, layer);
    this.ev.recorder.graph.op(label, args, value, layer, bound);
    return value;
  }

  /**
   * Marks what autograd tracks, as torch decides it: outputs of a layer with parameters or of an op
   * on a tracked tensor, and tensors made with `requires_grad=True`; never under `torch.no_grad()`,
   * after `detach`, or for integer and bool results.
   */
  private tracked(label: string, v: Value, fromTracked: boolean, args: CallArgs): Value {
    if (v.k === 'tuple') return { ...v, items: v.items.map((i) => this.tracked(label, i, fromTracked, args)) };
    if (v.k !== 'tensor') return v;
    const requested = args.keywords.get('requires_grad') ?? (label === 'Tensor.requires_grad_' ? (args.positional[1] ?? { k: 'bool', v: true }) : undefined);
    const differentiable = !v.dtype || /^(float|bfloat|complex)/.test(v.dtype);
    // Asking for tracking (a leaf's flag) works under no_grad too; only what ops compute depends on the grad mode.
    const tracks = differentiable && (requested ? truthy(requested) === true : this.ev.gradEnabled === true && fromTracked) && !/^Tensor\.detach_?$/.test(label);
    if (tracks) v.requiresGrad = true;
    else delete v.requiresGrad;
    // `x.requires_grad_()` sets the flag on x itself.
    const receiver = args.positional[0];
    if (label === 'Tensor.requires_grad_' && receiver?.k === 'tensor' && receiver !== v) {
      if (tracks) receiver.requiresGrad = true;
      else delete receiver.requiresGrad;
    }
    return v;
  }

  private hasTrackedParameters(inst: LayerInstance): boolean {
    return inst.params !== 0 && !this.parametersMayBeFrozen && !this.mayBeFrozen.has(inst);
  }

  private creationSite(node: SyntaxNode): string {
    const text = this.ev.text(node).replace(/\s+/g, ' ');
    return `line ${this.ev.range(node).line}: ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
  }

  /** Reports torch's error at the innermost statement in the analysed file; the result is poisoned. */
  private raise(error: ShapeError, input: TensorValue | undefined, layer?: LayerValue): Value {
    this.ev.recorder.shapeError(this.ev, error, input, layer);
    if (!this.ev.speculative) this.ev.raised = true;
    return { ...tensor(null, input?.origin), poisoned: true, reason: `torch raises here: ${error.message}` };
  }

  private callFunctionDef(def: FunctionDef, label: string, args: CallArgs, layer?: LayerValue): Value {
    let bound: BoundArgs | undefined;
    return this.apply(label, (p, k) => def.call((bound = bindArgs(def.params, p, k))), args, layer, () => bound);
  }

  private advanceGeometry(g: Geometry | undefined, facts: OpFacts | undefined): Geometry | undefined {
    if (!facts?.window && !facts?.scale) return undefined;
    const n = facts.window?.kernel.length ?? facts.scale?.length ?? 0;
    const rf = g && g.receptiveField.length === n ? [...g.receptiveField] : Array<number>(n).fill(1);
    const jump = g && g.jump.length === n ? [...g.jump] : Array<number>(n).fill(1);
    if (facts.window) {
      const w = facts.window;
      for (let i = 0; i < n; i++) {
        rf[i] = rf[i] + (w.kernel[i] - 1) * w.dilation[i] * jump[i];
        jump[i] = jump[i] * w.stride[i];
      }
    }
    if (facts.scale) for (let i = 0; i < n; i++) jump[i] = jump[i] / (facts.scale[i] || 1);
    return { receptiveField: rf, jump };
  }

  // ---------------------------------------------------------------- torch namespace

  callTorch(qualname: string, args: CallArgs): Value {
    const cls = nnClassName(qualname);
    if (cls && CONTAINERS.has(cls)) return this.buildContainer(cls as ContainerValue['kind'], args);
    if (qualname === 'torch.nn.Parameter' || qualname === 'torch.nn.parameter.Parameter') {
      const data = args.positional[0] ?? args.keywords.get('data');
      const requiresGrad = args.positional[1] ?? args.keywords.get('requires_grad');
      if (data?.k !== 'tensor') return unknown('nn.Parameter of a value the analysis does not know');
      return { ...data, parameter: true, requiresGrad: !requiresGrad || truthy(requiresGrad) === true ? true : undefined };
    }
    if (qualname === 'torch.Size') {
      const items = iterate(args.positional[0] ?? { k: 'tuple', items: [] });
      return Array.isArray(items) ? { k: 'tuple', items, size: true } : items;
    }
    const pretrained = /^torch\.nn\.(Embedding|EmbeddingBag)\.from_pretrained$/.exec(qualname);
    if (pretrained) return this.fromPretrained(pretrained[1], args);
    if (cls) {
      const def = findLayerDef(cls);
      if (def) return this.buildLayer(def.name, def, args);
      return { ...unknown(`nn.${cls} is not modelled by ConvLens`), module: true };
    }
    const def = functionDefFor(qualname);
    if (def) return this.callFunctionDef(def, shortName(qualname), args);
    return unknown(`\`${shortName(qualname)}\` is not modelled by ConvLens`);
  }

  /**
   * `nn.Embedding.from_pretrained(weights, freeze, ...)`: the table takes its size from the weights'
   * shape; the other settings are the constructor's keywords.
   */
  private fromPretrained(cls: string, args: CallArgs): Value {
    const weights = args.positional[0] ?? args.keywords.get('embeddings');
    const def = findLayerDef(cls);
    // Settings after `freeze` come positionally in an order of their own: left unknown.
    if (!def || weights?.k !== 'tensor' || weights.shape?.length !== 2 || args.positional.length > 2) {
      return { ...unknown(`nn.${cls}.from_pretrained: the table's size is not known`), module: true };
    }
    const keywords = new Map([...args.keywords].filter(([k]) => k !== 'embeddings' && k !== 'freeze'));
    const [rows, dim] = weights.shape.map((d): Value => ({ k: 'int', v: d }));
    return this.buildLayer(def.name, def, { ...args, positional: [rows, dim], keywords });
  }

  private buildLayer(name: string, def: NonNullable<ReturnType<typeof findLayerDef>>, args: CallArgs): Value {
    let built;
    try {
      built = def.build(bindArgs(def.params, ...this.ruleArgs(args)));
    } catch {
      return { ...unknown(`nn.${name}: its rule could not handle these arguments`), module: true };
    }
    if (!built.ok) {
      this.ev.recorder.shapeError(this.ev, built.error, undefined, undefined);
      if (!this.ev.speculative) this.ev.raised = true;
      return { ...unknown(`torch raises here: ${built.error.message}`), module: true };
    }
    const site = args.node ? this.ev.range(args.node) : { line: 0, column: 0, endLine: 0, endColumn: 0 };
    const layer: LayerValue = { k: 'layer', def, instance: built.layer, site, file: this.ev.mod.file, id: this.ev.newId() };
    if (args.node) this.ev.recorder.layerBuilt(this.ev, args.node, layer);
    return layer;
  }

  private buildContainer(kind: ContainerValue['kind'], args: CallArgs): Value {
    const site = args.node ? this.ev.range(args.node) : { line: 0, column: 0, endLine: 0, endColumn: 0 };
    const c: ContainerValue = { k: 'container', kind, names: [], items: [], site, file: this.ev.mod.file, id: this.ev.newId(), bornAt: this.ev.speculative };
    const src = args.positional;
    if (kind === 'Sequential') {
      if (src.length === 1 && src[0].k === 'dict') src[0].keys.forEach((key, i) => this.containerAdd(c, key.k === 'str' ? key.v : String(i), src[0].k === 'dict' ? src[0].values[i] : NONE));
      else src.forEach((m) => this.containerAdd(c, String(c.items.length), m));
    } else if (kind === 'ModuleList') {
      const items = src[0] ? iterate(src[0]) : [];
      if (!Array.isArray(items)) return unknown(`nn.ModuleList of ${items.reason}`);
      items.forEach((m) => this.containerAdd(c, String(c.items.length), m));
    } else if (src[0]?.k === 'dict') {
      const d = src[0];
      d.keys.forEach((key, i) => this.containerAdd(c, key.k === 'str' ? key.v : String(i), d.values[i]));
    }
    return c;
  }

  containerAdd(c: ContainerValue, name: string, m: Value): void {
    if (this.ev.speculative > (c.bornAt ?? 0)) c.incomplete = 'a module added in a branch the analysis cannot decide';
    const at = c.names.indexOf(name);
    if (at >= 0) c.items[at] = m;
    else {
      c.names.push(name);
      c.items.push(m);
    }
  }

  containerIndex(c: ContainerValue, index: Value): Value {
    if (c.kind === 'ModuleDict') {
      if (index.k !== 'str') return unknown('ModuleDict key the analysis does not know');
      const at = c.names.indexOf(index.v);
      return at >= 0 ? c.items[at] : unknown(`ModuleDict has no key ${index.v}`);
    }
    if (index.k === 'slice') {
      const picked = this.ev.subscript({ k: 'list', items: c.items.map((_, i) => ({ k: 'int', v: i }) as Value) }, index);
      const idx = iterate(picked);
      if (!Array.isArray(idx)) return idx;
      const sub: ContainerValue = { ...c, names: [], items: [], id: this.ev.newId() };
      for (const i of idx) {
        const n = knownInt(i) as number;
        this.containerAdd(sub, c.names[n], c.items[n]);
      }
      return sub;
    }
    const i = knownInt(index);
    if (i === undefined) return unknown('container index the analysis does not know');
    return c.items[i < 0 ? i + c.items.length : i] ?? unknown(`index ${i} is out of range`);
  }

  // ---------------------------------------------------------------- modules

  callModule(m: ObjectValue | LayerValue | ContainerValue, args: CallArgs): Value {
    if (m.k === 'layer') return this.callLayer(m, args);
    if (m.k === 'container') return this.callSequential(m, args);
    // `module.forward = f` on the instance: torch's __call__ calls f (no self).
    const ownForward = m.attrs.get('forward');
    if (ownForward) {
      const result = this.ev.call(ownForward, args);
      this.ev.recorder.moduleCalled(m, args, result);
      return result;
    }
    const forward = this.ev.lookupClassAttr(m.cls, 'forward');
    if ((!forward || forward.value.k !== 'function') && m.cls.containerBase === 'Sequential') {
      const result = m.incomplete ? this.unmodelledCall({ ...unknown(m.incomplete), module: true }, args.positional[0] ?? NONE) : this.chain(m.children.map((n) => m.attrs.get(n) ?? NONE), args);
      this.ev.recorder.moduleCalled(m, args, result);
      return result;
    }
    if ((!forward || forward.value.k !== 'function') && m.layerBase) {
      const result = this.callLayer(m.layerBase, args);
      this.ev.recorder.moduleCalled(m, args, result);
      return result;
    }
    if (!forward || forward.value.k !== 'function') {
      const call = this.ev.lookupClassAttr(m.cls, '__call__');
      if (call?.value.k === 'function') return this.ev.callFunction(call.value, [m, ...args.positional], args.keywords);
      return unknown(`${m.cls.name} has no forward the analysis can see`);
    }
    const result = this.ev.callFunction(forward.value, [m, ...args.positional], args.keywords);
    this.ev.recorder.moduleCalled(m, args, result);
    return result;
  }

  private callLayer(layer: LayerValue, args: CallArgs): Value {
    const patched = layer.patched ?? (this.patchedClasses.has(layer.def.name) ? `code changed nn.${layer.def.name}` : undefined);
    if (patched) return this.unmodelledCall({ ...unknown(patched), module: true }, args.positional[0] ?? NONE);
    const inst = layer.instance;
    const result = this.apply(layer.def.name, (p, k) => this.forwardInMode(inst, bindArgs(inst.forwardParams, p, k)), args, layer);
    this.ev.recorder.layerCalled(layer, args, result);
    return result;
  }

  /**
   * A layer's forward in its mode. When that mode is undecided, torch raises only what both modes
   * raise: a check that depends on the mode (BatchNorm's batch of one) must not report.
   */
  private forwardInMode(inst: LayerInstance, args: BoundArgs): OpResult {
    if (!this.undecidedMode.has(inst)) return inst.forward(args);
    const kept = inst.training;
    try {
      inst.training = true;
      const training = inst.forward(args);
      inst.training = false;
      const evaluating = inst.forward(args);
      return training.ok ? training : evaluating;
    } finally {
      inst.training = kept;
    }
  }

  /** `module.eval()` / `module.train(mode=True)`: set the mode of the module and all it contains; returns the module. */
  private modeSetter(m: ObjectValue | LayerValue | ContainerValue, name: 'eval' | 'train'): Value {
    return {
      k: 'builtin',
      name: `Module.${name}`,
      call: (a) => {
        const arg = a.positional[0] ?? a.keywords.get('mode');
        const mode = name === 'eval' ? false : arg === undefined ? true : truthy(arg);
        const decided = this.ev.speculative <= (m.k === 'layer' ? 0 : (m.bornAt ?? 0));
        for (const module of this.modulesWithin(m)) {
          if (module.k === 'layer') this.setLayerMode(module.instance, mode, decided);
          else this.setTraining(module, mode);
        }
        return m;
      },
    };
  }

  /** A layer's mode set to `mode` (null: not known); set where the analysis cannot tell whether it runs, it may or may not have changed. */
  private setLayerMode(inst: LayerInstance, mode: boolean | null, decided: boolean): void {
    if (decided && mode !== null) {
      inst.training = mode;
      this.undecidedMode.delete(inst);
    } else if (mode === null || (inst.training ?? true) !== mode) this.undecidedMode.add(inst);
  }

  /**
   * `module.training = mode` on a user module or a container. Set where the analysis cannot tell
   * whether it runs, judged by the module's own birth (a shared submodule may predate the branch).
   */
  private setTraining(module: ObjectValue | ContainerValue, mode: boolean | null): void {
    if (mode !== null && this.ev.speculative <= (module.bornAt ?? 0)) module.training = mode;
    else if (mode === null || (module.training ?? true) !== mode) module.training = null;
  }

  /** `module.training` as code reads it: True as torch builds a module, unknown where its mode may or may not have changed. */
  private trainingFlag(module: ObjectValue | LayerValue | ContainerValue): Value {
    const training = module.k !== 'layer' ? module.training : this.undecidedMode.has(module.instance) ? null : module.instance.training;
    return training === null ? unknown('the module\'s mode is set where the analysis cannot decide it') : { k: 'bool', v: training ?? true };
  }

  /** `module.requires_grad_(requires_grad=True)`: unless it certainly asks for tracking, the module's outputs are not certainly tracked. */
  private freezer(m: ObjectValue | LayerValue | ContainerValue): Value {
    return {
      k: 'builtin',
      name: 'Module.requires_grad_',
      call: (a) => {
        const arg = a.positional[0] ?? a.keywords.get('requires_grad');
        const tracking = arg === undefined || truthy(arg) === true;
        const decided = this.ev.speculative <= (m.k === 'layer' ? 0 : (m.bornAt ?? 0));
        for (const inst of this.layersWithin(m)) {
          if (!tracking) this.mayBeFrozen.add(inst);
          else if (decided) this.mayBeFrozen.delete(inst);
        }
        return m;
      },
    };
  }

  /** The layer instances of a module and all its submodules (each once, whatever the nesting). */
  private layersWithin(root: Value): Set<LayerInstance> {
    const found = new Set<LayerInstance>();
    for (const m of this.modulesWithin(root)) if (m.k === 'layer') found.add(m.instance);
    return found;
  }

  /** A module and all its submodules, a class extending a torch layer with that layer (each once, whatever the nesting). */
  private modulesWithin(root: Value): Set<ObjectValue | LayerValue | ContainerValue> {
    const found = new Set<ObjectValue | LayerValue | ContainerValue>();
    const visit = (v: Value | undefined): void => {
      if (!v || (v.k !== 'layer' && v.k !== 'container' && v.k !== 'object') || found.has(v)) return;
      if (v.k === 'layer') found.add(v);
      else if (v.k === 'container') {
        found.add(v);
        v.items.forEach(visit);
      } else if (v.cls.isModule) {
        found.add(v);
        visit(v.layerBase);
        v.children.forEach((n) => visit(v.attrs.get(n)));
      }
    };
    visit(root);
    return found;
  }

  private callSequential(c: ContainerValue, args: CallArgs): Value {
    if (c.kind !== 'Sequential') return unknown(`nn.${c.kind} is not callable`);
    const x = c.incomplete ? this.unmodelledCall({ ...unknown(c.incomplete), module: true }, args.positional[0] ?? NONE) : this.chain(c.items, args);
    this.ev.recorder.moduleCalled(c, args, x);
    return x;
  }

  /** `nn.Sequential.forward`: each module on the previous one's output. */
  private chain(modules: Value[], args: CallArgs): Value {
    let x: Value = args.positional[0] ?? unknown('Sequential called without input');
    // Inner layers run inside torch's Sequential.forward; errors point at this call.
    const inner: CallArgs = { positional: [], keywords: new Map() };
    for (const m of modules) {
      inner.positional = [x];
      x = isModuleValue(m) ? this.callModule(m, inner) : this.unmodelledCall(m, x);
    }
    return x;
  }

  /**
   * A call whose `*args` spread a sequence of unknown length. Nothing can be bound; what is built
   * is unknown, an `nn.Sequential(*layers)` an incomplete container (so counts become unknown).
   */
  callWithUnknownArity(callee: Value, why: string, args: CallArgs): Value {
    if (callee.k === 'builtin' && callee.callUncounted) return callee.callUncounted(why);
    const cls = callee.k === 'torch' ? nnClassName(callee.qualname) : undefined;
    if (cls && CONTAINERS.has(cls)) {
      const site = args.node ? this.ev.range(args.node) : { line: 0, column: 0, endLine: 0, endColumn: 0 };
      return { k: 'container', kind: cls as ContainerValue['kind'], names: [], items: [], site, file: this.ev.mod.file, id: this.ev.newId(), incomplete: why };
    }
    if (cls || (callee.k === 'class' && callee.isModule)) return { ...unknown(why), module: true };
    return unknown(why);
  }

  /** Calling a module the analysis does not model: a tensor goes in, a tensor of unknown shape comes out. */
  unmodelledCall(m: Value, input: Value): Value {
    const reason = m.k === 'unknown' ? m.reason : `a ${m.k} is not a module`;
    if (m.k === 'unknown' && m.module && input.k === 'tensor') {
      const result: Value = { ...tensor(null, input.origin), reason, poisoned: input.poisoned };
      this.ev.recorder.graph.unmodelled(reason, input, result);
      return result;
    }
    return unknown(reason);
  }

  /** `nn.Module` methods a user class inherits. */
  moduleMethod(obj: ObjectValue, name: string): Value {
    const builtin = (call: (a: CallArgs) => Value): Value => ({ k: 'builtin', name: `Module.${name}`, call });
    if (name === 'forward') return unknown(`${obj.cls.name} has no forward`);
    if (name === 'add_module' || name === 'register_module')
      return builtin((a) => {
        const [n, m] = a.positional;
        if (n?.k === 'str' && m) this.setAttribute(obj, n.v, m);
        else obj.incomplete = 'a module is registered under a name the analysis does not know';
        return NONE;
      });
    if (name === 'register_buffer' || name === 'register_parameter')
      return builtin((a) => {
        const [n, t] = a.positional;
        if (n?.k === 'str' && t) obj.attrs.set(n.v, name === 'register_parameter' && t.k === 'tensor' ? { ...t, parameter: true } : t);
        return NONE;
      });
    if (name === 'eval' || name === 'train') return this.modeSetter(obj, name);
    if (name === 'requires_grad_') return this.freezer(obj);
    if (SELF_RETURNING.has(name)) return builtin(() => obj);
    if (obj.cls.containerBase && ['append', 'extend', 'items', 'keys', 'values', 'children', 'insert'].includes(name)) {
      // Mutations go through a view and are written back, so the instance keeps its identity.
      return builtin((a) => {
        const view = this.asContainer(obj);
        const result = this.containerAttribute(view, name);
        const out = result.k === 'builtin' ? result.call(a) : result;
        for (const n of [...obj.children]) if (!view.names.includes(n)) obj.children.splice(obj.children.indexOf(n), 1);
        view.names.forEach((n, i) => this.setAttribute(obj, n, view.items[i]));
        return out === view ? obj : out;
      });
    }
    if (name === 'training' && obj.cls.isModule) return this.trainingFlag(obj);
    if (obj.layerBase) return this.layerAttribute(obj.layerBase, name);
    return unknown(`${obj.cls.name}.${name} is not followed`);
  }

  /** `F.relu = my_relu`, `nn.ReLU.forward = f`: what code assigned to names in torch's namespace. */
  private readonly reassigned = new Map<string, Value>();
  /** `nn` classes whose attributes code reassigned: their layers no longer follow torch's rule. */
  private readonly patchedClasses = new Set<string>();

  /** Torch names as values, by parent name and member (`nn` then `Conv2d`), while code reassigns none. */
  private readonly members = new Map<string, Map<string, Value>>();

  /** `torch.nn.Conv2d` from `torch.nn` and `Conv2d`: what code assigned to it, a math constant, or torch's own name. */
  member(parent: TorchRef, name: string): Value {
    const known = this.reassigned.size === 0 ? this.members.get(parent.qualname)?.get(name) : undefined;
    if (known) return known;
    const qualname = `${parent.qualname}.${name}`;
    const reassigned = this.reassigned.get(qualname);
    if (reassigned) return reassigned;
    const value: Value = MATH_CONSTANTS[qualname] ?? { k: 'torch', qualname };
    const names = this.members.get(parent.qualname) ?? new Map<string, Value>();
    if (names.size < 1000) names.set(name, value);
    this.members.set(parent.qualname, names);
    return value;
  }

  setAttribute(obj: Value, name: string, value: Value): void {
    if (name === 'requires_grad' && truthy(value) !== true) this.parametersMayBeFrozen = true;
    if (obj.k === 'torch') {
      const qualname = `${obj.qualname}.${name}`;
      this.reassigned.set(qualname, this.ev.speculative > 0 ? unknown(`\`${qualname}\` is reassigned in a branch the analysis cannot decide`) : value);
      const cls = nnClassName(obj.qualname);
      if (cls) this.patchedClasses.add(cls);
      return;
    }
    if (name === 'training' && (obj.k === 'layer' || obj.k === 'container' || (obj.k === 'object' && obj.cls.isModule))) {
      // A plain attribute in torch: assigning it sets this module's mode only, not its submodules'.
      const mode = value.k === 'bool' ? value.v : null;
      if (obj.k === 'layer') this.setLayerMode(obj.instance, mode, this.ev.speculative === 0);
      else {
        this.setTraining(obj, mode);
        if (obj.k === 'object' && obj.layerBase) this.setLayerMode(obj.layerBase.instance, mode, this.ev.speculative <= (obj.bornAt ?? 0));
      }
      return;
    }
    if (obj.k === 'layer') {
      if (!HARMLESS_LAYER_ATTRIBUTES.has(name)) obj.patched = `\`${name}\` of this nn.${obj.def.name} was reassigned`;
      return;
    }
    // A class attribute (`Counter.count += 1`, `type(self).count = n`) or a workspace module's global
    // (`config.WIDTH = 8`): every later read sees it; set in code that may not run, it is unknown.
    if (obj.k === 'class' || obj.k === 'module') {
      const target = obj.k === 'class' ? obj.attrs : obj.scope.globals.vars;
      target.set(name, this.ev.speculative > 0 ? unknown(`\`${name}\` is set in a branch the analysis cannot decide`) : value);
      return;
    }
    if (obj.k === 'container') {
      // A module set as an attribute joins a Sequential's chain, as in torch; a new forward replaces it.
      if (name === 'forward') obj.incomplete = 'its forward was reassigned';
      else if (isModuleValue(value) || (value.k === 'unknown' && value.module)) this.containerAdd(obj, name, value);
      return;
    }
    if (obj.k === 'object') {
      // Set in code that may not run: the attribute may or may not be there (nor its parameters).
      const before = obj.attrs.get(name);
      const isModuleLike = (x: Value | undefined) => !!x && (isModuleValue(x) || (x.k === 'unknown' && !!x.module));
      const v: Value = this.ev.speculative > (obj.bornAt ?? 0) ? { ...unknown(`\`${name}\` is set in a branch the analysis cannot decide`), module: isModuleLike(value) || isModuleLike(before) } : value;
      obj.attrs.set(name, v);
      const registered = isModuleValue(v) || (v.k === 'tensor' && v.parameter) || (v.k === 'unknown' && v.module);
      if (registered && !obj.children.includes(name)) obj.children.push(name);
      if (!registered && obj.children.includes(name)) obj.children.splice(obj.children.indexOf(name), 1);
    }
  }

  // ---------------------------------------------------------------- tensors and layers as objects

  attribute(obj: Value, name: string): Value {
    if (obj.k === 'tensor') return this.tensorAttribute(obj, name);
    if (obj.k === 'layer') return this.layerAttribute(obj, name);
    if (obj.k === 'container') return this.containerAttribute(obj, name);
    return unknown(`${obj.k}.${name} is not followed`);
  }

  private tensorAttribute(t: TensorValue, name: string): Value {
    switch (name) {
      case 'shape':
        return this.sizeOf(t);
      case 'ndim':
        return t.shape ? { k: 'int', v: t.shape.length } : unknown(t.reason ?? 'rank unknown');
      case 'dtype':
        return t.dtype ? { k: 'torch', qualname: `torch.${t.dtype}` } : unknown('dtype');
      case 'data':
        return t;
      case 'device':
      case 'grad':
      case 'requires_grad':
        return unknown(`Tensor.${name}`);
    }
    const property = tensorProperties.has(`Tensor.${name}`) ? findFunctionDef(`Tensor.${name}`) : undefined;
    if (property) return this.callFunctionDef(property, `Tensor.${name}`, { positional: [t], keywords: new Map() });
    return { k: 'builtin', name: `Tensor.${name}`, call: (a) => this.callTensorMethod(t, name, a) };
  }

  sizeOf(t: TensorValue): Value {
    if (!t.shape) return unknown(t.reason ?? 'shape unknown');
    return { k: 'tuple', items: t.shape.map((d) => ({ k: 'int', v: d }) as Value), size: true };
  }

  sizeNumel(size: { items: Value[] }): Value {
    return { k: 'int', v: dimProduct(size.items.map((i) => (i.k === 'int' ? i.v : null))) };
  }

  private callTensorMethod(t: TensorValue, name: string, args: CallArgs): Value {
    if (RESHAPING_IN_PLACE.has(name)) return this.reshapeInPlace(t, name, args);
    // An in-place method (`add_`, `clamp_`, `fill_`) may change the values the code spelled out.
    if (name.endsWith('_')) delete t.values;
    const def = findFunctionDef(`Tensor.${name}`);
    if (def) return this.callFunctionDef(def, `Tensor.${name}`, { ...args, positional: [t, ...args.positional] });
    // Shape queries are Python-level facts about the value, answered here when no rule exists.
    if (name === 'size') {
      const size = this.sizeOf(t);
      const dim = args.positional[0] ?? args.keywords.get('dim');
      if (!dim) return size;
      const i = knownInt(dim);
      if (size.k !== 'tuple' || i === undefined) return unknown(t.reason ?? 'size of an unknown dim');
      return size.items[i < 0 ? i + size.items.length : i] ?? unknown('dim out of range');
    }
    if (name === 'dim') return t.shape ? { k: 'int', v: t.shape.length } : unknown(t.reason ?? 'rank unknown');
    if (name === 'numel') return t.shape ? { k: 'int', v: dimProduct(t.shape) } : unknown(t.reason ?? 'shape unknown');
    return unknown(`Tensor.${name} is not modelled by ConvLens`);
  }

  /**
   * `x.unsqueeze_(0)`, `x.resize_(2, 3)`…: the tensor object itself takes the new shape, so every name
   * bound to it sees it. Where the new shape is not known, or the call may not run (an undecided
   * branch), the tensor's shape becomes unknown rather than stale.
   */
  private reshapeInPlace(t: TensorValue, name: string, args: CallArgs): Value {
    const outOfPlace = name.slice(0, -1);
    let shape: Shape = null;
    let layout: TensorValue['layout'];
    if (findFunctionDef(`Tensor.${outOfPlace}`)) {
      // The in-place form validates its arguments as the out-of-place one does, with the same message.
      const result = this.callTensorMethod(t, outOfPlace, args);
      if (result.k === 'tensor') ({ shape, layout } = result);
    } else shape = this.explicitShape(name, args);
    if (this.ev.speculative > 0) shape = null;
    t.shape = shape;
    if (layout && shape) t.layout = layout;
    else delete t.layout;
    delete t.values;
    delete t.geometry;
    if (!shape) t.reason = `its shape after \`${name}\` is not known here`;
    return t;
  }

  /** The size `resize_`, `resize_as_`, `set_` or `as_strided_` gives a tensor, where its arguments spell it out. */
  private explicitShape(name: string, args: CallArgs): Shape {
    const [first] = args.positional;
    if (name === 'resize_as_' || name === 'set_') {
      if (name === 'set_' && args.positional.length === 0 && args.keywords.size === 0) return [0];
      return first?.k === 'tensor' && args.positional.length === 1 ? first.shape : null;
    }
    const sizes = name === 'as_strided_' ? first : args.positional.length === 1 && first.k !== 'int' ? first : { k: 'tuple' as const, items: args.positional };
    const items = sizes ? iterate(sizes) : [];
    if (!Array.isArray(items) || items.length === 0) return null;
    const dims = items.map((i) => (i.k === 'int' && (typeof i.v !== 'number' || i.v >= 0) ? i.v : null));
    return dims.every((d) => d !== null) ? dims : null;
  }

  tensorIndex(t: TensorValue, index: Value, node?: SyntaxNode): Value {
    const def = findFunctionDef('operator.getitem');
    if (!def) return tensor(null, t.origin);
    return this.atSite(node, () => this.callFunctionDef(def, 'indexing', { positional: [t, index], keywords: new Map(), node }));
  }

  tensorBinary(op: string, a: Value, b: Value, node: SyntaxNode): Value {
    const fname = TENSOR_OPERATORS[op];
    const def = fname ? findFunctionDef(fname) : undefined;
    if (!def) return unknown(`\`${op}\` on tensors is not modelled by ConvLens`);
    return this.atSite(node, () => this.callFunctionDef(def, op, { positional: [a, b], keywords: new Map(), node }));
  }

  /** An operator is where torch raises, like a call: errors point at its expression. */
  private atSite(node: SyntaxNode | undefined, run: () => Value): Value {
    const frame = this.ev.frame;
    const previous = frame.callNode;
    if (node) frame.callNode = node;
    try {
      return run();
    } finally {
      frame.callNode = previous;
    }
  }

  private layerAttribute(layer: LayerValue, name: string): Value {
    const inst = layer.instance;
    if (name === 'forward' || name === '__call__') return { k: 'builtin', name: `${layer.def.name}.forward`, call: (a) => this.callLayer(layer, a) };
    const w = inst.weights.find((x) => x.name === name);
    // Buffers (BatchNorm's running statistics) are not parameters and autograd does not track them.
    if (w) return { ...tensor(w.shape, `${name} of ${inst.repr}`), parameter: true, ...(this.hasTrackedParameters(inst) && !BUFFERS.has(name) ? { requiresGrad: true } : {}) };
    if (name in inst.attributes) return this.fromArg(inst.attributes[name]);
    if (name === 'bias') return NONE;
    if (name === 'eval' || name === 'train') return this.modeSetter(layer, name);
    if (name === 'training') return this.trainingFlag(layer);
    if (name === 'requires_grad_') return this.freezer(layer);
    if (SELF_RETURNING.has(name)) return { k: 'builtin', name, call: () => layer };
    return unknown(`${layer.def.name}.${name} is not followed`);
  }

  private containerAttribute(c: ContainerValue, name: string): Value {
    const builtin = (call: (a: CallArgs) => Value): Value => ({ k: 'builtin', name: `${c.kind}.${name}`, call });
    switch (name) {
      case 'append':
        return builtin((a) => {
          if (a.positional[0]) this.containerAdd(c, String(c.items.length), a.positional[0]);
          return c;
        });
      case 'extend':
        return builtin((a) => {
          const items = iterate(a.positional[0] ?? NONE);
          if (Array.isArray(items)) items.forEach((m) => this.containerAdd(c, String(c.items.length), m));
          return c;
        });
      case 'add_module':
      case 'register_module':
        return builtin((a) => {
          const [n, m] = a.positional;
          if (n?.k === 'str' && m) this.containerAdd(c, n.v, m);
          else c.incomplete = 'a module is registered under a name the analysis does not know';
          return NONE;
        });
      case 'insert':
        return builtin((a) => {
          const i = knownInt(a.positional[0]);
          if (i !== undefined && a.positional[1]) {
            c.items.splice(i, 0, a.positional[1]);
            c.names = c.items.map((_, j) => String(j));
          }
          return NONE;
        });
      case 'forward':
        return builtin((a) => this.callSequential(c, a));
      case 'items':
        return builtin(() => ({ k: 'list', items: c.names.map((n, i) => ({ k: 'tuple', items: [{ k: 'str', v: n }, c.items[i]] }) as Value) }));
      case 'keys':
        return builtin(() => ({ k: 'list', items: c.names.map((n) => ({ k: 'str', v: n }) as Value) }));
      case 'values':
      case 'children':
        return builtin(() => ({ k: 'list', items: [...c.items] }));
    }
    if (name === 'eval' || name === 'train') return this.modeSetter(c, name);
    if (name === 'training') return this.trainingFlag(c);
    if (name === 'requires_grad_') return this.freezer(c);
    if (SELF_RETURNING.has(name)) return builtin(() => c);
    const at = c.names.indexOf(name);
    return at >= 0 ? c.items[at] : unknown(`${c.kind}.${name} is not followed`);
  }
}

function shortName(qualname: string): string {
  return qualname.replace(/^torch\.nn\.functional\./, 'F.').replace(/^torch\.nn\./, 'nn.');
}

function widest(a: Geometry | undefined, b: Geometry | undefined): Geometry | undefined {
  if (!a) return b;
  if (!b) return a;
  const size = (g: Geometry) => g.receptiveField.reduce((p, x) => p * x, 1);
  return size(b) > size(a) ? b : a;
}

export function activationBytes(shape: Dim[] | null): Dim {
  if (!shape) return null;
  const n = dimProduct(shape);
  return isKnown(n) ? n * 4 : null;
}
