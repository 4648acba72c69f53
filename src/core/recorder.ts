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

/** A layer's constructor in the analysed file, for fixes that edit its arguments. */
interface ConstructorSite {
  node: SyntaxNode;
  range: SourceRange;
}

/** Hovers are keyed by their source span; ranges are computed once, when results are assembled. */
function spanKey(from: number, to: number): number {
  return from * 2 ** 26 + to;
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

export class Recorder {
  private readonly shapes = new Map<string, ShapeEntry>();
  /** Keys of shape entries that held a tensor at least once. */
  private readonly tensorKeys = new Set<string>();
  private readonly hovers = new Map<number, { from: number; to: number; entry: HoverEntry }>();
  private readonly diagnostics = new Map<string, Diagnostic>();
  /** Layer sites by source span (as hovers); a span's range is computed when first seen. */
  private readonly sites = new Map<number, LayerSite>();
  /** Hover facts of the op that produced a tensor, shown again where the tensor is assigned. */
  private readonly producedBy = new WeakMap<TensorValue, HoverEntry>();
  /** Shapes observed per statement line: assignments with one target and `print(x.shape)`. */
  readonly statementShapes = new Map<number, Shape[]>();
  /** Lines holding `print(x.shape)` / `print(x.size())`, whose shape a comment under them states. */
  readonly printLines = new Set<number>();
  readonly layerCalls = new Map<number, CallRecord>();
  readonly moduleCalls = new Map<number, CallRecord>();
  readonly instances: ObjectValue[] = [];
  readonly classes: ClassValue[] = [];
  readonly functions: FunctionValue[] = [];
  /** Module-level `nn.Sequential` variables of the analysed file. */
  readonly sequentials = new Map<string, { container: ContainerValue; range: SourceRange }>();
  private readonly constructors = new Map<number, ConstructorSite>();
  private readonly constructorHovers = new Map<number, HoverEntry>();
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
    const key = `${line}|${name}|${scope}`;
    // An unknown value is a tensor the analysis lost track of when the same target held tensors
    // on other runs of the statement; entries that never held a tensor are dropped at the end.
    const shape = v.k === 'tensor' ? v.shape : null;
    const reason = v.reason;
    const entry = this.shapes.get(key);
    // A run where torch has already raised never assigns: the target keeps its earlier value, as in Python.
    if (entry && v.k === 'tensor' && v.poisoned) return;
    if (entry) {
      entry.history = [...(entry.history ?? [entry.shape]), shape];
      entry.shape = shape;
      if (reason && (shape === null || shape.includes(null))) entry.unknownReason = reason;
      else delete entry.unknownReason;
    } else {
      const e: ShapeEntry = { line, name, scope, range: ev.range(target), shape };
      if (reason && (shape === null || shape.includes(null))) e.unknownReason = reason;
      this.shapes.set(key, e);
    }
    if (v.k === 'tensor') this.tensorKeys.add(key);
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

  private setHover(span: { from: number; to: number }, entry: HoverEntry): void {
    this.hovers.set(spanKey(span.from, span.to), { from: span.from, to: span.to, entry });
  }

  private tensorHover(span: { from: number; to: number }, t: TensorValue): void {
    const produced = this.producedBy.get(t);
    const h: HoverEntry = { range: UNRESOLVED, shape: t.shape, derivation: produced?.derivation ?? [] };
    if (produced?.layer) h.layer = produced.layer;
    if (produced?.preview) h.preview = produced.preview;
    if (t.reason && (t.shape === null || t.shape.includes(null))) h.unknownReason = t.reason;
    if (t.origin) h.origin = t.origin;
    this.setHover(span, h);
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
    if (!this.hovers.has(spanKey(node.from, node.to))) this.tensorHover(node, result);
  }

  /** A layer or function call's hover; a module's preview comes from its instance, a functional call's from its rule's facts. */
  opCall(ev: Evaluator, node: SyntaxNode, input: TensorValue | undefined, output: Value, facts: OpFacts | undefined, layer?: LayerValue): void {
    if (!ev.inMainFile || output.k !== 'tensor') return;
    const h: HoverEntry = { range: UNRESOLVED, shape: output.shape, derivation: facts?.derivation ?? [] };
    if (output.reason && (output.shape === null || output.shape.includes(null))) h.unknownReason = output.reason;
    if (input?.origin) h.origin = input.origin;
    if (layer) {
      h.layer = this.layerFacts(layer, output, facts);
      if (layer.instance.preview) h.preview = { ...layer.instance.preview, inputShape: input?.shape, outputShape: output.shape };
    } else if (facts?.preview) h.preview = { ...facts.preview, inputShape: input?.shape, outputShape: output.shape };
    if (h.preview) this.setSite(ev, node, h.preview);
    this.setHover(node, h);
    this.producedBy.set(output, h);
  }

  /**
   * Records the preview shown at a span (the latest one wins) and returns the span's range, computed
   * once per span; without a preview only the range is returned.
   */
  private setSite(ev: Evaluator, node: SyntaxNode, preview: LayerPreview | undefined): SourceRange {
    const key = spanKey(node.from, node.to);
    const range = this.sites.get(key)?.range ?? ev.range(node);
    if (preview) this.sites.set(key, { range, preview });
    return range;
  }

  private layerFacts(layer: LayerValue, output: TensorValue | undefined, facts: OpFacts | undefined): LayerFacts {
    const inst = layer.instance;
    const f: LayerFacts = { repr: inst.repr, type: layer.def.name, params: inst.params, weights: inst.weights };
    if (facts?.macs !== undefined) f.macs = facts.macs;
    if (output?.geometry) {
      f.receptiveField = output.geometry.receptiveField;
      f.jump = output.geometry.jump;
    }
    if (output) f.activationBytes = activationBytes(output.shape);
    return f;
  }

  layerBuilt(ev: Evaluator, node: SyntaxNode, layer: LayerValue): void {
    if (!ev.inMainFile) return;
    const range = this.setSite(ev, node, undefined);
    this.constructors.set(layer.id, { node, range });
    const h: HoverEntry = { range: UNRESOLVED, derivation: [], layer: this.layerFacts(layer, undefined, undefined) };
    if (layer.instance.preview) {
      h.preview = { ...layer.instance.preview };
      this.setSite(ev, node, h.preview);
    }
    this.setHover(node, h);
    this.constructorHovers.set(layer.id, h);
  }

  layerCalled(layer: LayerValue, args: CallArgs, result: Value): void {
    if (this.layerCalls.has(layer.id)) return;
    const input = args.positional[0];
    const produced = result.k === 'tensor' ? this.producedBy.get(result) : undefined;
    const rec: CallRecord = { input: shapeOf(input), output: shapeOf(result), macs: produced?.layer?.macs };
    if (result.k === 'tensor' && result.geometry) {
      rec.receptiveField = result.geometry.receptiveField;
      rec.jump = result.geometry.jump;
    }
    if (input?.k === 'tensor') rec.origin = input.origin;
    this.layerCalls.set(layer.id, rec);
    // The constructor's hover also shows what the layer produces at its first call.
    const ctor = this.constructorHovers.get(layer.id);
    if (ctor && result.k === 'tensor') {
      ctor.shape = result.shape;
      if (produced) {
        ctor.derivation = produced.derivation;
        ctor.layer = produced.layer;
      }
      if (ctor.preview) {
        ctor.preview.inputShape = rec.input;
        ctor.preview.outputShape = result.shape;
      }
      if (rec.origin) ctor.origin = rec.origin;
    }
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
    const site = ev.speculative ? undefined : ev.errorSite();
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
      const arg = this.argumentNode(ev, ctor.node, 0, 'in_channels');
      if (isKnown(channels) && arg) fixes.push({ title: `Set in_channels to ${channels}`, edits: [{ file: this.file, range: ev.range(arg), newText: String(channels) }], preferred: true });
    }
    if (name === 'Linear' && shape.length >= 2) {
      const inFeatures = layer.instance.attributes.in_features;
      const flat = dimProduct(shape.slice(1));
      const last = shape[shape.length - 1];
      const arg = this.argumentNode(ev, ctor.node, 0, 'in_features');
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
    return [...this.shapes.entries()]
      .filter(([key]) => this.tensorKeys.has(key))
      .map(([, e]) => e)
      .sort((a, b) => a.line - b.line || a.range.column - b.range.column);
  }

  /** The hovers with their ranges resolved; entries are the recorder's own, completed in place. */
  hoverEntries(lines: LineMap): HoverEntry[] {
    const out: HoverEntry[] = [];
    for (const { from, to, entry } of this.hovers.values()) {
      entry.range = lines.range(from, to);
      out.push(entry);
    }
    return out.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }

  layerSites(): LayerSite[] {
    return [...this.sites.values()].sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }

  diagnosticList(): Diagnostic[] {
    return [...this.diagnostics.values()].sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  }
}
