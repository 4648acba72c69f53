/**
 * Collects what the evaluator observes in the analysed file into the results hosts render:
 * shape entries (with history when a statement runs more than once), hovers, layer sites,
 * diagnostics with their fixes, and the facts the module summaries are built from. The evaluator
 * calls these hooks as it runs; code in imported files is evaluated but not recorded.
 */
import type { SyntaxNode } from '@lezer/common';
import type { Diagnostic, Fix, HoverEntry, LayerFacts, LayerPreview, LayerSite, Shape, ShapeEntry, SourceRange } from './api';
import { dimProduct, isKnown, type Dim } from './dims';
import type { Evaluator } from './evaluator';
import { GraphRecorder } from './graph';
import type { OpFacts, ShapeError } from './layers/types';
import { children, type LineMap } from './parse';
import { activationBytes } from './torchsem';
import type { CallArgs, ClassValue, ContainerValue, FunctionValue, LayerValue, ObjectValue, TensorValue, Value } from './values';

/** The first call of a layer or module: what the summary rows show. */
export interface CallRecord {
  input?: Shape;
  output?: Shape;
  macs?: Dim;
  receptiveField?: number[];
  jump?: number[];
  origin?: string;
  /** Whether the call received some tensor of known shape (the forward ran on real input). */
  knownInput?: boolean;
}

/**
 * What a hover will show, as the evaluator saw it. Hovers are built when results are assembled,
 * only for what each span shows last (a block's forward runs once per call), so a pending hover
 * copies the facts a later in-place op could change (`x.unsqueeze_(0)` reshapes its tensor).
 */
type PendingHover = PendingTensor | PendingOp | PendingConstructor;

/** A tensor at an assignment target, a use or a `.shape` access: the op that produced it adds its facts. */
interface PendingTensor {
  kind: 'tensor';
  shape: Shape;
  reason: string | undefined;
  origin: string | undefined;
  produced: PendingOp | undefined;
}

/** A layer or function call with its output. */
interface PendingOp {
  kind: 'op';
  preview?: LayerPreview;
  shape: Shape;
  reason: string | undefined;
  inputShape: Shape | undefined;
  origin: string | undefined;
  geometry: TensorValue['geometry'];
  facts: OpFacts | undefined;
  layer: LayerValue | undefined;
  entry?: HoverEntry;
}

/** A layer's constructor; it also shows what the layer produces at its first call. */
interface PendingConstructor {
  kind: 'ctor';
  preview?: LayerPreview;
  layer: LayerValue;
  firstCall?: { shape: Shape; input: Shape | undefined; origin: string | undefined; produced: PendingOp | undefined };
  entry?: HoverEntry;
}

/**
 * Values by source span, the latest one kept. Keyed by start offset first (a small integer, where
 * one number for both ends would not be), as spans starting at one offset are few.
 */
class SpanMap<T> {
  private readonly byStart = new Map<number, SpanEntry<T>>();

  set(span: { from: number; to: number }, value: T): void {
    const entry: SpanEntry<T> = { from: span.from, to: span.to, value, next: undefined };
    let e = this.byStart.get(span.from);
    if (!e) {
      this.byStart.set(span.from, entry);
      return;
    }
    // Kept in the order first seen, as results list them.
    for (; ; e = e.next) {
      if (e.to === span.to) {
        e.value = value;
        return;
      }
      if (!e.next) break;
    }
    e.next = entry;
  }

  has(span: { from: number; to: number }): boolean {
    for (let e = this.byStart.get(span.from); e; e = e.next) if (e.to === span.to) return true;
    return false;
  }

  *entries(): Iterable<SpanEntry<T>> {
    for (const first of this.byStart.values()) for (let e: SpanEntry<T> | undefined = first; e; e = e.next) yield e;
  }
}

/** One span's value; spans starting at the same offset are chained. */
interface SpanEntry<T> {
  from: number;
  to: number;
  value: T;
  next: SpanEntry<T> | undefined;
}

function isUnknownIn(shape: Shape, reason: string | undefined): reason is string {
  return !!reason && (shape === null || shape.includes(null));
}

const UNRESOLVED: SourceRange = { line: 0, column: 0, endLine: 0, endColumn: 0 };

function rangeKey(r: SourceRange): string {
  return `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;
}

function shapeOf(v: Value | undefined): Shape | undefined {
  return v?.k === 'tensor' ? v.shape : undefined;
}

/** A tensor of known rank, or a tuple/list holding one (an FPN's list of feature maps). */
function holdsKnownTensor(v: Value): boolean {
  if (v.k === 'tensor') return v.shape !== null;
  if (v.k === 'tuple' || v.k === 'list') return v.items.some(holdsKnownTensor);
  return false;
}

/** `x = ...` with one target, whose value a comment on the line describes. */
function isSingleTarget(stmt: SyntaxNode): boolean {
  let assignOps = 0;
  for (let c = stmt.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp') assignOps++;
    else if (c.name === ',' && assignOps === 0) return false;
  }
  return assignOps === 1;
}

/** A layer's facts for a hover, with those of a call when it is one. */
function layerFacts(layer: LayerValue, call: PendingOp | undefined): LayerFacts {
  const inst = layer.instance;
  const f: LayerFacts = { repr: inst.repr, type: layer.def.name, params: inst.params, weights: inst.weights };
  if (call?.facts?.macs !== undefined) f.macs = call.facts.macs;
  if (call?.geometry) {
    f.receptiveField = call.geometry.receptiveField;
    f.jump = call.geometry.jump;
  }
  if (call) f.activationBytes = activationBytes(call.shape);
  return f;
}

export class Recorder {
  /** Shape entries in the order first seen, found by the start of their target. */
  private readonly shapes: ShapeEntry[] = [];
  private readonly shapesByTarget = new Map<number, ShapeEntry[]>();
  /** Shape entries that held a tensor at least once. */
  private readonly tensorEntries = new Set<ShapeEntry>();
  private readonly hovers = new SpanMap<PendingHover>();
  private readonly diagnostics = new Map<string, Diagnostic>();
  /** Spans showing a Kernel Lab preview (as hovers): the hover there holds it. */
  private readonly sites = new SpanMap<PendingOp | PendingConstructor>();
  /** The op that produced a tensor, whose facts show again where the tensor is assigned. */
  private readonly producedBy = new WeakMap<TensorValue, PendingOp>();
  /** Shapes observed per statement line: assignments with one target and `print(x.shape)`. */
  readonly statementShapes = new Map<number, Shape[]>();
  /** Lines holding `print(x.shape)` / `print(x.size())`, whose shape a comment under them states. */
  readonly printLines = new Set<number>();
  readonly layerCalls = new Map<number, CallRecord>();
  readonly moduleCalls = new Map<number, CallRecord>();
  readonly instances: ObjectValue[] = [];
  private readonly instancesByClass = new Map<ClassValue, ObjectValue[]>();
  readonly classes: ClassValue[] = [];
  readonly functions: FunctionValue[] = [];
  /** Module-level `nn.Sequential` variables of the analysed file. */
  readonly sequentials = new Map<string, { container: ContainerValue; range: SourceRange }>();
  /** Constructor calls of layers built in the analysed file, for fixes that edit their arguments. */
  private readonly constructors = new Map<number, SyntaxNode>();
  private readonly constructorHovers = new Map<number, PendingConstructor>();
  /** Dataflow between tensor ops, for each model's layer graph. */
  readonly graph = new GraphRecorder();
  /** The shape a `.shape`/`.size` access saw, by node start, for `print(x.shape)` comments. */
  private readonly accessedShapes = new Map<number, Shape>();

  constructor(readonly file: string) {}

  // ---------------------------------------------------------------- hooks

  assignment(ev: Evaluator, stmt: SyntaxNode, target: SyntaxNode, name: string, scope: string, v: Value): void {
    if (!ev.inMainFile) return;
    if (v.k === 'container' && v.kind === 'Sequential' && scope === '<module>' && target.name === 'VariableName') this.sequentials.set(name, { container: v, range: ev.range(target) });
    if (v.k !== 'tensor' && v.k !== 'unknown') return;
    const line = ev.parsed.lines.lineOf(stmt.from);
    // An unknown value is a tensor the analysis lost track of when the same target held tensors
    // on other runs of the statement; entries that never held a tensor are dropped at the end.
    const shape = v.k === 'tensor' ? v.shape : null;
    const reason = v.reason;
    const sameTarget = this.shapesByTarget.get(target.from);
    let entry = sameTarget?.find((e) => e.line === line && e.name === name && e.scope === scope);
    // A run where torch has already raised never assigns: the target keeps its earlier value, as in Python.
    if (entry && v.k === 'tensor' && v.poisoned) return;
    if (entry) {
      entry.history = [...(entry.history ?? [entry.shape]), shape];
      entry.shape = shape;
      if (reason && (shape === null || shape.includes(null))) entry.unknownReason = reason;
      else delete entry.unknownReason;
    } else {
      entry = { line, name, scope, range: ev.range(target), shape };
      if (reason && (shape === null || shape.includes(null))) entry.unknownReason = reason;
      this.shapes.push(entry);
      if (sameTarget) sameTarget.push(entry);
      else this.shapesByTarget.set(target.from, [entry]);
    }
    if (v.k === 'tensor') this.tensorEntries.add(entry);
    else return;
    if (stmt.name === 'AssignStatement' && isSingleTarget(stmt)) {
      this.pushStatementShape(line, v.shape);
    }
    this.tensorHover(target, v);
  }

  private pushStatementShape(line: number, shape: Shape): void {
    const list = this.statementShapes.get(line);
    if (list) list.push(shape);
    else this.statementShapes.set(line, [shape]);
  }

  tensorUse(ev: Evaluator, node: SyntaxNode, t: TensorValue): void {
    if (ev.inMainFile) this.tensorHover(node, t);
  }

  private setHover(span: { from: number; to: number }, pending: PendingHover): void {
    this.hovers.set(span, pending);
  }

  /** A span showing a Kernel Lab preview (the latest one wins). */
  private setSite(span: { from: number; to: number }, pending: PendingOp | PendingConstructor): void {
    this.sites.set(span, pending);
  }

  private tensorHover(span: { from: number; to: number }, t: TensorValue): void {
    this.setHover(span, { kind: 'tensor', shape: t.shape, reason: t.reason, origin: t.origin, produced: this.producedBy.get(t) });
  }

  memberAccess(ev: Evaluator, node: SyntaxNode, obj: Value, prop: string): void {
    if (!ev.inMainFile || obj.k !== 'tensor' || (prop !== 'shape' && prop !== 'size')) return;
    this.accessedShapes.set(node.from, obj.shape);
    this.tensorHover(node, obj);
  }

  expressionStatement(ev: Evaluator, stmt: SyntaxNode, expr: SyntaxNode): void {
    if (!ev.inMainFile || expr.name !== 'CallExpression') return;
    const [callee, argList] = children(expr);
    if (callee?.name !== 'VariableName' || ev.text(callee) !== 'print' || !argList) return;
    const args = children(argList).filter((c) => c.name !== '(' && c.name !== ')');
    if (args.length !== 1) return;
    // print(x.shape) or print(x.size())
    let member: SyntaxNode | null = args[0];
    if (member.name === 'CallExpression') member = member.firstChild;
    if (member?.name !== 'MemberExpression') return;
    const shape = this.accessedShapes.get(member.from);
    if (shape === undefined) return;
    const line = ev.range(stmt).line;
    this.printLines.add(line);
    this.pushStatementShape(line, shape);
  }

  call(ev: Evaluator, node: SyntaxNode, result: Value): void {
    if (!ev.inMainFile || result.k !== 'tensor') return;
    if (!this.hovers.has(node)) this.tensorHover(node, result);
  }

  /** A layer or function call's hover; a module's preview comes from its instance, a functional call's from its rule's facts. */
  opCall(ev: Evaluator, node: SyntaxNode, input: TensorValue | undefined, output: Value, facts: OpFacts | undefined, layer?: LayerValue): void {
    if (!ev.inMainFile || output.k !== 'tensor') return;
    const pending: PendingOp = { kind: 'op', shape: output.shape, reason: output.reason, inputShape: input?.shape, origin: input?.origin, geometry: output.geometry, facts, layer };
    if (layer ? layer.instance.preview : facts?.preview) this.setSite(node, pending);
    this.setHover(node, pending);
    this.producedBy.set(output, pending);
  }

  layerBuilt(ev: Evaluator, node: SyntaxNode, layer: LayerValue): void {
    if (!ev.inMainFile) return;
    this.constructors.set(layer.id, node);
    const pending: PendingConstructor = { kind: 'ctor', layer };
    if (layer.instance.preview) this.setSite(node, pending);
    this.setHover(node, pending);
    this.constructorHovers.set(layer.id, pending);
  }

  layerCalled(layer: LayerValue, args: CallArgs, result: Value): void {
    if (this.layerCalls.has(layer.id)) return;
    const input = args.positional[0];
    const produced = result.k === 'tensor' ? this.producedBy.get(result) : undefined;
    const rec: CallRecord = { input: shapeOf(input), output: shapeOf(result), macs: produced?.layer ? produced.facts?.macs : undefined };
    if (result.k === 'tensor' && result.geometry) {
      rec.receptiveField = result.geometry.receptiveField;
      rec.jump = result.geometry.jump;
    }
    if (input?.k === 'tensor') rec.origin = input.origin;
    this.layerCalls.set(layer.id, rec);
    const ctor = this.constructorHovers.get(layer.id);
    if (ctor && result.k === 'tensor') ctor.firstCall = { shape: result.shape, input: rec.input, origin: rec.origin, produced };
  }

  moduleCalled(m: ObjectValue | ContainerValue, args: CallArgs, result: Value): void {
    this.graph.moduleCalled(m, args, result);
    const input = args.positional[0];
    const known = args.positional.some(holdsKnownTensor) || [...args.keywords.values()].some(holdsKnownTensor);
    const prev = this.moduleCalls.get(m.id);
    if (prev && (prev.knownInput || !known)) return;
    this.moduleCalls.set(m.id, { input: input?.k === 'tensor' && input.shape !== null ? input.shape : undefined, output: shapeOf(result), origin: input?.k === 'tensor' ? input.origin : undefined, knownInput: known });
  }

  instantiated(obj: ObjectValue): void {
    this.instances.push(obj);
    const same = this.instancesByClass.get(obj.cls);
    if (same) same.push(obj);
    else this.instancesByClass.set(obj.cls, [obj]);
  }

  /** Instances of a class, in the order they were built. */
  instancesOf(cls: ClassValue): readonly ObjectValue[] {
    return this.instancesByClass.get(cls) ?? [];
  }

  definedClass(ev: Evaluator, cls: ClassValue): void {
    if (ev.inMainFile) this.classes.push(cls);
  }

  definedFunction(ev: Evaluator, fn: FunctionValue): void {
    if (ev.inMainFile) this.functions.push(fn);
  }

  // ---------------------------------------------------------------- diagnostics

  addDiagnostic(d: Diagnostic): void {
    const key = `${rangeKey(d.range)}|${d.code}|${d.message}`;
    if (!this.diagnostics.has(key)) this.diagnostics.set(key, d);
  }

  shapeError(ev: Evaluator, error: ShapeError, input: TensorValue | undefined, layer?: LayerValue): void {
    // In code that may not run, or where a handler catches it, torch's error is no error to report.
    const site = ev.speculative || ev.catching > 0 ? undefined : ev.errorSite();
    if (!site) return;
    const related: Diagnostic['related'] = [];
    for (const r of site.callSites) related.push({ location: { file: this.file, range: r }, message: 'called from here' });
    if (layer && layer.file === this.file) related.push({ location: { file: this.file, range: layer.site }, message: `${layer.def.name} defined here` });
    this.addDiagnostic({
      range: site.range,
      severity: 'error',
      code: error.code,
      message: error.message,
      related,
      fixes: layer && input ? this.fixesFor(ev, error, layer, input, site.node) : [],
    });
  }

  private fixesFor(ev: Evaluator, error: ShapeError, layer: LayerValue, input: TensorValue, callNode: SyntaxNode): Fix[] {
    const ctor = this.constructors.get(layer.id);
    const shape = input.shape;
    if (!ctor || !shape) return [];
    const fixes: Fix[] = [];
    const name = layer.def.name;
    if (error.code === 'conv-channels') {
      const kernel = layer.instance.attributes.kernel_size;
      const spatial = Array.isArray(kernel) ? kernel.length : 0;
      const channels = shape[shape.length - spatial - 1];
      const arg = this.argumentNode(ev, ctor, 0, 'in_channels');
      if (isKnown(channels) && arg) fixes.push({ title: `Set in_channels to ${channels}`, edits: [{ file: this.file, range: ev.range(arg), newText: String(channels) }], preferred: true });
    }
    if (name === 'Linear' && shape.length >= 2) {
      const inFeatures = layer.instance.attributes.in_features;
      const flat = dimProduct(shape.slice(1));
      const last = shape[shape.length - 1];
      const arg = this.argumentNode(ev, ctor, 0, 'in_features');
      if (shape.length > 2 && flat === inFeatures) {
        const insert = this.flattenInsertion(ev, callNode);
        if (insert) fixes.push({ title: 'Insert torch.flatten(x, 1) before the Linear', edits: [insert], preferred: true });
      } else if (isKnown(last) && arg) {
        fixes.push({ title: `Set in_features to ${last}`, edits: [{ file: this.file, range: ev.range(arg), newText: String(last) }], preferred: true });
      }
    }
    return fixes;
  }

  /** The node of a constructor argument given positionally at `index` or by keyword. */
  private argumentNode(ev: Evaluator, call: SyntaxNode, index: number, keyword: string): SyntaxNode | undefined {
    const argList = call.getChild('ArgList');
    if (!argList) return undefined;
    const items: SyntaxNode[][] = [[]];
    for (const c of children(argList)) {
      if (c.name === '(' || c.name === ')') continue;
      if (c.name === ',') items.push([]);
      else items[items.length - 1].push(c);
    }
    const keywordItem = items.find((i) => i[1]?.name === 'AssignOp' && ev.text(i[0]) === keyword);
    if (keywordItem) return keywordItem[2];
    const positional = items.filter((i) => i.length === 1);
    return positional[index]?.[0];
  }

  /** `x = torch.flatten(x, 1)` on a new line before the statement that calls the Linear on `x`. */
  private flattenInsertion(ev: Evaluator, callNode: SyntaxNode) {
    const argList = callNode.getChild('ArgList');
    const arg = argList ? children(argList).find((c) => c.name === 'VariableName') : undefined;
    let stmt: SyntaxNode | null = callNode;
    while (stmt?.parent && stmt.parent.name !== 'Body' && stmt.parent.name !== 'Script') stmt = stmt.parent;
    if (!arg || !stmt) return undefined;
    const name = ev.text(arg);
    const lines = ev.parsed.lines;
    const line = lines.lineOf(stmt.from);
    const indent = /^\s*/.exec(lines.lineText(line))?.[0] ?? '';
    const at = lines.range(lines.lineStart(line), lines.lineStart(line));
    return { file: this.file, range: at, newText: `${indent}${name} = torch.flatten(${name}, 1)\n` };
  }

  // ---------------------------------------------------------------- results

  shapeEntries(): ShapeEntry[] {
    return this.shapes
      .filter((e) => this.tensorEntries.has(e))
      .sort((a, b) => a.line - b.line || a.range.column - b.range.column);
  }

  /** The hover each span shows, with its range. */
  hoverEntries(lines: LineMap): HoverEntry[] {
    const out: HoverEntry[] = [];
    for (const { from, to, value: pending } of this.hovers.entries()) {
      const entry = this.hoverEntry(pending);
      entry.range = lines.range(from, to);
      out.push(entry);
    }
    return out.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }

  /** The spans showing a Kernel Lab preview; a site's preview is its hover's. */
  layerSites(lines: LineMap): LayerSite[] {
    const out: LayerSite[] = [];
    for (const { from, to, value: pending } of this.sites.entries()) {
      const preview = this.previewOf(pending);
      if (preview) out.push({ range: lines.range(from, to), preview });
    }
    return out.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }

  private hoverEntry(p: PendingHover): HoverEntry {
    if (p.kind === 'tensor') {
      const produced = p.produced && this.hoverEntry(p.produced);
      const h: HoverEntry = { range: UNRESOLVED, shape: p.shape, derivation: produced?.derivation ?? [] };
      if (produced?.layer) h.layer = produced.layer;
      if (produced?.preview) h.preview = produced.preview;
      if (isUnknownIn(p.shape, p.reason)) h.unknownReason = p.reason;
      if (p.origin) h.origin = p.origin;
      return h;
    }
    if (p.entry) return p.entry;
    return (p.entry = p.kind === 'op' ? this.opEntry(p) : this.constructorEntry(p));
  }

  private opEntry(p: PendingOp): HoverEntry {
    const h: HoverEntry = { range: UNRESOLVED, shape: p.shape, derivation: p.facts?.derivation ?? [] };
    if (isUnknownIn(p.shape, p.reason)) h.unknownReason = p.reason;
    if (p.origin) h.origin = p.origin;
    if (p.layer) h.layer = layerFacts(p.layer, p);
    const preview = this.previewOf(p);
    if (preview) h.preview = preview;
    return h;
  }

  private constructorEntry(p: PendingConstructor): HoverEntry {
    const h: HoverEntry = { range: UNRESOLVED, derivation: [], layer: layerFacts(p.layer, undefined) };
    const preview = this.previewOf(p);
    if (preview) h.preview = preview;
    const call = p.firstCall;
    if (!call) return h;
    h.shape = call.shape;
    const produced = call.produced && this.hoverEntry(call.produced);
    if (produced) {
      h.derivation = produced.derivation;
      h.layer = produced.layer;
    }
    if (call.origin) h.origin = call.origin;
    return h;
  }

  /** The Kernel Lab preview of a call or constructor (one object, shared by its hover and its site). */
  private previewOf(p: PendingOp | PendingConstructor): LayerPreview | undefined {
    if (p.preview) return p.preview;
    if (p.kind === 'op') {
      const base = p.layer ? p.layer.instance.preview : p.facts?.preview;
      if (base) p.preview = { ...base, inputShape: p.inputShape, outputShape: p.shape };
    } else {
      const base = p.layer.instance.preview;
      // A constructor shows what the layer received and produced at its first call.
      if (base) p.preview = p.firstCall ? { ...base, inputShape: p.firstCall.input, outputShape: p.firstCall.shape } : { ...base };
    }
    return p.preview;
  }

  diagnosticList(): Diagnostic[] {
    return [...this.diagnostics.values()].sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }
}
