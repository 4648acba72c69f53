/**
 * Abstract interpretation of Python over the values in values.ts.
 *
 * The evaluator runs the syntax tree the way Python would, but with values that may be symbolic or
 * unknown: a decided `if` takes its branch, an undecided one runs both and joins what they leave
 * behind; loops unroll up to a bound and are widened beyond it; calls into user code run with the
 * argument values of each call site. What torch itself does (layers, tensor ops) is delegated to
 * torchsem.ts. Nothing here throws out of the analysis except BudgetExceeded, which analyze.ts
 * catches to keep the results so far.
 */
import type { SyntaxNode } from '@lezer/common';
import type { SourceRange } from './api';
import { BudgetExceeded, LIMITS, type Budget } from './budget';
import { jaxtypingDims, declaredInputsOn } from './declarations';
import { dimAdd, dimEquals, dimFloorDiv, dimMod, dimMul, dimNeg, dimSub, isKnown, type Dim } from './dims';
import { children, nodeText, type ParsedFile } from './parse';
import { BUILTIN_FUNCTIONS, callBuiltinFunction, iterate, knownInt, numberOf, pyNumber } from './pybuiltins';
import type { Recorder } from './recorder';
import { TorchSemantics } from './torchsem';
import {
  NONE,
  Scope,
  joinValues,
  sameValue,
  tensor,
  truthy,
  unknown,
  type CallArgs,
  type ClassValue,
  type DictValue,
  type FunctionValue,
  type ListValue,
  type ModuleScope,
  type ObjectValue,
  type Value,
} from './values';

/** How a block of statements ended. */
type Signal = undefined | { kind: 'return'; value: Value } | { kind: 'break' } | { kind: 'continue' } | { kind: 'stop' };

interface Frame {
  mod: ModuleScope;
  qualname: string;
  /** The call expression currently being evaluated in this frame, for error locations. */
  callNode?: SyntaxNode;
  /** Return values of branches that returned while the analysis could not tell which runs. */
  pendingReturns: Value[];
}

/** Loads a workspace module for `import`; undefined when the file is not in the workspace. */
export type ModuleLoader = (fromFile: string, dotted: string, level: number) => ModuleScope | 'cycle' | undefined;

const MUTATING_LIST_METHODS = new Set(['append', 'extend', 'insert', 'pop', 'reverse', 'remove', 'clear', 'sort']);
/** nn.Module's public attributes in torch 1.13 (`dir(nn.Module)` and an instance's `training`). */
const NN_MODULE_ATTRIBUTES = new Set([
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'children', 'cpu', 'cuda', 'double', 'dump_patches', 'eval', 'extra_repr', 'float', 'forward',
  'get_buffer', 'get_extra_state', 'get_parameter', 'get_submodule', 'half', 'ipu', 'load_state_dict', 'modules', 'named_buffers', 'named_children',
  'named_modules', 'named_parameters', 'parameters', 'register_backward_hook', 'register_buffer', 'register_forward_hook', 'register_forward_pre_hook',
  'register_full_backward_hook', 'register_load_state_dict_post_hook', 'register_module', 'register_parameter', 'requires_grad_', 'set_extra_state',
  'share_memory', 'state_dict', 'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad',
]);
/** Exception classes that catch torch's shape errors (RuntimeError, IndexError, ValueError) and their bases. */
const TORCH_ERROR_CATCHERS = new Set(['BaseException', 'Exception', 'RuntimeError', 'IndexError', 'ValueError', 'LookupError']);
const MUTATING_DICT_METHODS = new Set(['update', 'setdefault', 'pop', 'popitem', 'clear']);

const EXTERNAL_MODULES = new Set(['torch', 'math', 'collections', 'typing', 'functools', 'torchvision', 'numpy', 'jaxtyping', 'itertools', 'einops', 'os', 'sys']);

/** A field of a dataclass or NamedTuple: an `__init__` parameter unless `init=False`. */
interface ClassField {
  name: string;
  default?: Value;
  init: boolean;
}

export class Evaluator {
  readonly torch: TorchSemantics;
  private readonly frames: Frame[] = [];
  private exprDepth = 0;
  private nextObjectId = 1;

  constructor(
    readonly budget: Budget,
    readonly recorder: Recorder,
    readonly loadModule: ModuleLoader,
  ) {
    this.torch = new TorchSemantics(this);
  }

  newId(): number {
    return this.nextObjectId++;
  }

  get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  get mod(): ModuleScope {
    return this.frame.mod;
  }

  get parsed(): ParsedFile {
    return this.mod.parsed;
  }

  text(node: SyntaxNode): string {
    return nodeText(this.parsed, node);
  }

  range(node: SyntaxNode): SourceRange {
    return this.parsed.lines.range(node.from, node.to);
  }

  /** True while evaluating code of the file the results are for. */
  get inMainFile(): boolean {
    return this.mod.file === this.recorder.file;
  }

  /** Innermost call expression in the analysed file: where torch's traceback points in it. */
  errorSite(): { node: SyntaxNode; range: SourceRange; callSites: SourceRange[] } | undefined {
    const callSites: SourceRange[] = [];
    let found: { node: SyntaxNode; range: SourceRange } | undefined;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.mod.file !== this.recorder.file || !f.callNode) continue;
      const range = f.mod.parsed.lines.range(f.callNode.from, f.callNode.to);
      if (!found) found = { node: f.callNode, range };
      else callSites.push(range);
    }
    return found ? { ...found, callSites } : undefined;
  }

  /** Runs a whole module's top-level code. */
  runModule(mod: ModuleScope): void {
    this.frames.push({ mod, qualname: '<module>', pendingReturns: [] });
    try {
      this.execBody(children(mod.parsed.tree.topNode), mod.globals);
    } finally {
      this.frames.pop();
    }
  }

  // ---------------------------------------------------------------- statements

  private execBody(nodes: SyntaxNode[], scope: Scope): Signal {
    for (const node of nodes) {
      const signal = this.execStatement(node, scope);
      if (signal) return signal;
      // torch raised in this statement: like the exception, stop every function up to the top
      // level, where the rest of the file still runs (with the failed values unknown).
      if (this.raised) {
        if (this.frames.length > 1 || this.catching > 0) return { kind: 'stop' };
        this.raised = false;
      }
    }
    return undefined;
  }

  /** Depth of alternatives the analysis cannot decide (undecided branches, loops of unknown length). */
  speculative = 0;

  /** Runs code that may not run at all: torch errors found in it stay unreported. */
  speculatively<T>(run: () => T): T {
    this.speculative++;
    try {
      return run();
    } finally {
      this.speculative--;
    }
  }

  /**
   * Whether autograd records: false inside `with torch.no_grad():` (and `@torch.no_grad()`
   * functions), null where the analysis cannot tell. Only a certain true makes outputs tracked.
   */
  gradEnabled: boolean | null = true;

  private inGradMode<T>(mode: boolean | null, run: () => T): T {
    const outer = this.gradEnabled;
    this.gradEnabled = mode;
    try {
      return run();
    } finally {
      this.gradEnabled = outer;
    }
  }

  /** The grad mode a `with` item sets (`torch.no_grad()`, `torch.set_grad_enabled(flag)`), undefined when it sets none. */
  private gradModeOf(item: SyntaxNode, scope: Scope): boolean | null | undefined {
    const calleeNode = item.name === 'CallExpression' ? item.firstChild : null;
    const argList = item.lastChild?.name === 'ArgList' ? item.lastChild : null;
    if (!calleeNode || !argList) return undefined;
    const callee = this.evalExpr(calleeNode, scope);
    if (callee.k !== 'torch') return undefined;
    const name = callee.qualname.replace(/^torch\.autograd\.(grad_mode\.)?/, 'torch.');
    if (name !== 'torch.no_grad' && name !== 'torch.inference_mode' && name !== 'torch.enable_grad' && name !== 'torch.set_grad_enabled') return undefined;
    const args = this.evalArgs(argList, scope);
    const flag = args.positional[0] ?? args.keywords.get('mode');
    if (name === 'torch.set_grad_enabled') return flag ? truthy(flag) : null;
    if (name === 'torch.inference_mode' && flag) return truthy(flag) === false ? this.gradEnabled : null;
    return name === 'torch.enable_grad';
  }

  /** Definitions some code called, by their syntax node. */
  readonly calledFunctions = new WeakSet<SyntaxNode>();

  /** Set when a shape rule reports torch's error, until the top-level statement ends. */
  raised = false;

  private bodyStatements(body: SyntaxNode | null): SyntaxNode[] {
    if (!body) return [];
    return children(body).filter((c) => c.name !== ':' && c.name !== 'Comment');
  }

  private execStatement(node: SyntaxNode, scope: Scope): Signal {
    this.budget.step();
    try {
      return this.execStatementUnguarded(node, scope);
    } catch (e) {
      if (e instanceof BudgetExceeded) throw e;
      // A construct this evaluator does not follow must not take the rest of the file with it.
      return undefined;
    }
  }

  private execStatementUnguarded(node: SyntaxNode, scope: Scope): Signal {
    switch (node.name) {
      case 'ExpressionStatement': {
        const expr = node.firstChild;
        if (expr) {
          this.evalExpr(expr, scope);
          this.recorder.expressionStatement(this, node, expr);
        }
        return undefined;
      }
      case 'AssignStatement':
        this.execAssign(node, scope);
        return undefined;
      case 'UpdateStatement':
        this.execUpdate(node, scope);
        return undefined;
      case 'IfStatement':
        return this.execIf(node, scope);
      case 'ForStatement':
        return this.execFor(node, scope);
      case 'WhileStatement':
        return this.execWhile(node, scope);
      case 'FunctionDefinition':
        this.defineFunction(node, scope, []);
        return undefined;
      case 'ClassDefinition':
        this.defineClass(node, scope);
        return undefined;
      case 'DecoratedStatement':
        return this.execDecorated(node, scope);
      case 'ReturnStatement': {
        const expr = children(node).filter((c) => c.name !== 'return');
        return { kind: 'return', value: expr.length === 0 ? NONE : this.evalSequence(expr, scope) };
      }
      case 'BreakStatement':
        return { kind: 'break' };
      case 'ContinueStatement':
        return { kind: 'continue' };
      case 'RaiseStatement':
        return { kind: 'stop' };
      case 'ImportStatement':
        this.execImport(node, scope);
        return undefined;
      case 'AssertStatement':
        this.execAssert(node, scope);
        return undefined;
      case 'WithStatement':
        return this.execWith(node, scope);
      case 'TryStatement':
        return this.execTry(node, scope);
      case 'ScopeStatement':
        this.declareOuterNames(node, scope);
        return undefined;
      case 'StatementGroup':
        return this.execBody(children(node).filter((c) => c.name !== ';'), scope);
      default:
        // pass, del, global, error nodes, comments: nothing the shapes depend on.
        return undefined;
    }
  }

  private execDecorated(node: SyntaxNode, scope: Scope): Signal {
    const decorators = children(node)
      .filter((c) => c.name === 'Decorator')
      .map((d) => this.text(d).replace(/^@/, '').trim());
    const target = node.getChild('FunctionDefinition') ?? node.getChild('ClassDefinition');
    if (target?.name === 'FunctionDefinition') this.defineFunction(target, scope, decorators);
    else if (target) this.defineClass(target, scope, decorators);
    return undefined;
  }

  /** Splits `a, b = c = d` into target groups and the value group. */
  private assignmentParts(node: SyntaxNode): { targets: SyntaxNode[][]; value: SyntaxNode[]; annotation?: SyntaxNode } {
    const groups: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | undefined;
    for (const c of children(node)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name === 'TypeDef') annotation = c;
      else groups[groups.length - 1].push(c);
    }
    const value = groups.pop() ?? [];
    return { targets: groups, value, annotation };
  }

  private execAssign(node: SyntaxNode, scope: Scope): void {
    const parts = children(node);
    if (parts.length === 3 && parts[1].name === 'AssignOp' && parts[0].name !== 'TypeDef') {
      // `target = value`, most statements of model code: no grouping needed.
      const v = this.evalExpr(parts[2], scope);
      this.assignTarget(parts[0], this.declaredValue(node) ?? v, scope, node);
      return;
    }
    const { targets, value, annotation } = this.assignmentParts(node);
    if (targets.length === 0) {
      // `x: Float[Tensor, "b c"]` without a value declares nothing the evaluator can use yet.
      return;
    }
    let v = this.evalSequence(value, scope);
    const declared = this.declaredValue(node);
    if (declared) v = declared;
    else if (annotation && v.k !== 'tensor') {
      const dims = this.jaxtypingAnnotation(annotation);
      if (dims) v = tensor(dims, `annotation on line ${this.range(node).line}`);
    }
    for (const group of targets) this.assignTargets(group, v, scope, node);
  }

  /** The tensor a `# convlens: input (...)` comment on the statement's line declares, in place of its value. */
  private declaredValue(node: SyntaxNode): Value | undefined {
    const line = this.parsed.lines.lineOf(node.from);
    const declared = declaredInputsOn(this.parsed, line);
    return declared && declared.length > 0 ? tensor(declared[0], `declaration on line ${line}`) : undefined;
  }

  /** `Float[Tensor, "batch 3 224 224"]` → dims. */
  private jaxtypingAnnotation(typeDef: SyntaxNode): Dim[] | undefined {
    const expr = children(typeDef).find((c) => c.name === 'MemberExpression');
    if (!expr) return undefined;
    const str = children(expr).find((c) => c.name === 'String');
    if (!str) return undefined;
    return jaxtypingDims(this.text(str).replace(/^[rRbBuU]*["']+|["']+$/g, ''));
  }

  /** Assigns a value to a comma-separated target list (a flat group of nodes). */
  private assignTargets(group: SyntaxNode[], v: Value, scope: Scope, stmt: SyntaxNode): void {
    const items = this.splitCommas(group);
    if (items.length === 1 && !this.hasTrailingComma(group) && items[0].length === 1) {
      this.assignTarget(items[0][0], v, scope, stmt);
      return;
    }
    this.unpackInto(items, v, scope, stmt);
  }

  private hasTrailingComma(group: SyntaxNode[]): boolean {
    return group.length > 0 && group[group.length - 1].name === ',';
  }

  /** Splits flat nodes on commas; each item is its nodes (`*` then a name for a starred one). */
  private splitCommas(nodes: readonly SyntaxNode[]): readonly (readonly SyntaxNode[])[] {
    // Most sequences are one item (`x = f(x)`): no copies then.
    if (nodes.length === 1) return nodes[0].name === ',' ? [] : [nodes];
    const items: SyntaxNode[][] = [[]];
    for (const n of nodes) {
      if (n.name === ',') items.push([]);
      else items[items.length - 1].push(n);
    }
    return items.filter((i) => i.length > 0);
  }

  private unpackInto(items: readonly (readonly SyntaxNode[])[], v: Value, scope: Scope, stmt: SyntaxNode): void {
    const starIndex = items.findIndex((i) => i[0].name === '*');
    const values = iterate(v);
    if (Array.isArray(values) && (v.k === 'tuple' || v.k === 'tensor') && this.unpackError(items.length, starIndex >= 0, values.length, stmt)) {
      for (const item of items) this.assignTarget(item[item.length - 1], unknown('unpacking raised'), scope, stmt);
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const target = item[item.length - 1];
      let part: Value;
      if (!Array.isArray(values)) part = unknown(`unpacking ${values.reason}`);
      else if (starIndex < 0) part = values.length === items.length ? values[i] : unknown('unpacking a sequence of a different length');
      else if (i < starIndex) part = values[i] ?? unknown('unpacking too few values');
      else if (i === starIndex) part = { k: 'list', items: values.slice(starIndex, values.length - (items.length - starIndex - 1)) };
      else part = values[values.length - (items.length - i)] ?? unknown('unpacking too few values');
      this.assignTarget(target, part, scope, stmt);
    }
  }

  /**
   * Python's ValueError when a tuple of known length (from a tensor op, e.g. `chunk`) does not
   * unpack into the targets; reported like torch's errors, at the statement.
   */
  private unpackError(targets: number, starred: boolean, got: number, stmt: SyntaxNode): boolean {
    let message: string | undefined;
    if (starred && got < targets - 1) message = `not enough values to unpack (expected at least ${targets - 1}, got ${got})`;
    else if (!starred && got < targets) message = `not enough values to unpack (expected ${targets}, got ${got})`;
    else if (!starred && got > targets) message = `too many values to unpack (expected ${targets})`;
    if (!message) return false;
    const frame = this.frame;
    const previous = frame.callNode;
    frame.callNode = stmt;
    try {
      this.recorder.shapeError(this, { code: 'unpack', message }, undefined);
    } finally {
      frame.callNode = previous;
    }
    if (!this.speculative) this.raised = true;
    return true;
  }

  private assignTarget(target: SyntaxNode, v: Value, scope: Scope, stmt: SyntaxNode): void {
    switch (target.name) {
      case 'VariableName': {
        const name = this.text(target);
        this.bind(scope, name, v);
        this.recorder.assignment(this, stmt, target, name, this.frame.qualname, v);
        return;
      }
      case 'MemberExpression': {
        const parts = children(target);
        const obj = this.evalExpr(parts[0], scope);
        if (parts[1]?.name === '.') {
          const prop = parts[2];
          if (!prop) return;
          this.torch.setAttribute(obj, this.text(prop), v);
          this.recorder.assignment(this, stmt, target, this.text(target), this.frame.qualname, v);
        } else {
          this.setItem(obj, this.evalSubscript(parts.slice(2, -1), scope), v);
        }
        return;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression': {
        const inner = children(target).filter((c) => !['(', ')', '[', ']'].includes(c.name));
        this.assignTargets(inner, v, scope, stmt);
        return;
      }
      default:
        return;
    }
  }

  private setItem(obj: Value, index: Value, v: Value): void {
    if (obj.k === 'list' && this.speculative > (obj.bornAt ?? 0)) {
      obj.uncertain = 'an item set in a branch the analysis cannot decide';
      return;
    }
    if (obj.k === 'list') {
      const i = knownInt(index);
      if (i !== undefined && i >= -obj.items.length && i < obj.items.length) obj.items[i < 0 ? i + obj.items.length : i] = v;
    } else if (obj.k === 'dict') {
      const before = this.attributeDicts.has(obj) ? [...obj.keys] : undefined;
      if (this.speculative > (obj.bornAt ?? 0)) obj.uncertain = 'an entry set in a branch the analysis cannot decide';
      else this.dictUpdate(obj, [index], [v]);
      if (before) this.syncAttributeDict(obj, before);
    } else if (obj.k === 'container' && obj.kind === 'ModuleDict' && index.k === 'str') {
      this.torch.containerAdd(obj, index.v, v);
    } else if (obj.k === 'tensor') {
      // Written elements: the values the code spelled out no longer describe the tensor.
      delete obj.values;
    }
  }

  private execUpdate(node: SyntaxNode, scope: Scope): void {
    const parts = children(node);
    const opNode = parts.find((c) => c.name === 'UpdateOp');
    if (!opNode) return;
    const target = parts[0];
    const valueNodes = parts.slice(parts.indexOf(opNode) + 1);
    const current = this.evalExpr(target, scope);
    const rhs = this.evalSequence(valueNodes, scope);
    const op = this.text(opNode).slice(0, -1);
    // `x += ...` changes a tensor in place, under every name bound to it.
    if (current.k === 'tensor') delete current.values;
    let result: Value;
    if (op === '+' && current.k === 'list') {
      const items = iterate(rhs);
      if (Array.isArray(items)) {
        current.items.push(...items);
        result = current;
      } else result = unknown(`list extended with ${items.reason}`);
    } else result = this.binary(op, current, rhs, node);
    this.assignTarget(target, result, scope, node);
  }

  /** `global W` / `nonlocal n` in a function: which of its names live in an outer scope. */
  private readonly outerNames = new WeakMap<Scope, Map<string, 'global' | 'nonlocal'>>();

  private declareOuterNames(node: SyntaxNode, scope: Scope): void {
    if (scope === this.mod.globals) return;
    const kind = node.firstChild?.name === 'nonlocal' ? 'nonlocal' : 'global';
    const names = this.outerNames.get(scope) ?? new Map<string, 'global' | 'nonlocal'>();
    for (const c of children(node)) if (c.name === 'VariableName') names.set(this.text(c), kind);
    this.outerNames.set(scope, names);
  }

  /**
   * Binds a name where Python binds it: in the scope itself, or in the module or enclosing function
   * its `global`/`nonlocal` declaration names. An outer binding made in code that may not run is
   * unknown there, as no branch join covers the outer scope.
   */
  private bind(scope: Scope, name: string, v: Value): void {
    // Module-level code declares nothing outer (the common case, kept off the WeakMap).
    const declared = scope === this.mod.globals ? undefined : this.outerNames.get(scope)?.get(name);
    let owner = scope;
    if (declared === 'global') owner = this.mod.globals;
    else if (declared === 'nonlocal') {
      for (let s = scope.parent; s && s !== this.mod.globals; s = s.parent) {
        if (s.vars.has(name)) {
          owner = s;
          break;
        }
      }
    }
    owner.vars.set(name, owner !== scope && this.speculative > 0 ? unknown(`\`${name}\` is set in a branch the analysis cannot decide`) : v);
  }

  private condition(node: SyntaxNode, scope: Scope): boolean | null {
    return truthy(this.evalExpr(node, scope));
  }

  private execIf(node: SyntaxNode, scope: Scope): Signal {
    // Children: if cond Body (elif cond Body)* (else Body)?
    const parts = children(node);
    const branches: { cond?: SyntaxNode; body: SyntaxNode }[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if ((p.name === 'if' || p.name === 'elif') && parts[i + 2]?.name === 'Body') {
        branches.push({ cond: parts[i + 1], body: parts[i + 2] });
        i += 2;
      } else if (p.name === 'else' && parts[i + 1]?.name === 'Body') {
        branches.push({ body: parts[i + 1] });
        i += 1;
      }
    }
    return this.execBranches(branches, 0, scope);
  }

  private execBranches(branches: { cond?: SyntaxNode; body: SyntaxNode }[], from: number, scope: Scope): Signal {
    for (let i = from; i < branches.length; i++) {
      const b = branches[i];
      const decided = b.cond ? this.condition(b.cond, scope) : true;
      if (decided === true) return this.execBody(this.bodyStatements(b.body), scope);
      if (decided === false) continue;
      // Undecided: run this branch and the rest on separate copies, then join them.
      const why = `depends on \`${this.text(b.cond as SyntaxNode)}\`, which the analysis cannot decide`;
      return this.fork(
        scope,
        why,
        (s) => this.execBody(this.bodyStatements(b.body), s),
        (s) => this.execBranches(branches, i + 1, s),
      );
    }
    return undefined;
  }

  /** Runs two alternatives on copies of the local scope and joins the surviving states. */
  private fork(scope: Scope, why: string, left: (s: Scope) => Signal, right: (s: Scope) => Signal): Signal {
    const before = new Map(scope.vars);
    const runAlternative = (run: (s: Scope) => Signal) => {
      scope.vars.clear();
      for (const [k, v] of before) scope.vars.set(k, v);
      const signal = this.speculatively(() => run(scope));
      return { signal, vars: new Map(scope.vars) };
    };
    const a = runAlternative(left);
    const b = runAlternative(right);
    const live = [a, b].filter((r) => !r.signal);
    for (const r of [a, b]) if (r.signal?.kind === 'return') this.frame.pendingReturns.push(r.signal.value);
    scope.vars.clear();
    if (live.length === 0) {
      const returned = [a, b].filter((r) => r.signal?.kind === 'return');
      if (returned.length === 0) return a.signal;
      this.frame.pendingReturns.splice(this.frame.pendingReturns.length - returned.length, returned.length);
      const value = returned.map((r) => (r.signal as { value: Value }).value).reduce((x, y) => joinValues(x, y, why));
      for (const [k, v] of before) scope.vars.set(k, v);
      return { kind: 'return', value };
    }
    if (live.length === 1) {
      for (const [k, v] of live[0].vars) scope.vars.set(k, v);
      return undefined;
    }
    const names = new Set([...a.vars.keys(), ...b.vars.keys()]);
    for (const name of names) {
      const x = a.vars.get(name);
      const y = b.vars.get(name);
      scope.vars.set(name, x && y ? joinValues(x, y, why) : unknown(why));
    }
    return undefined;
  }

  /** Names a loop body assigns, widened when the loop runs an unknown number of times. */
  private assignedNames(body: SyntaxNode): string[] {
    const names = new Set<string>();
    const visit = (n: SyntaxNode) => {
      if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') return;
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement' || n.name === 'ForStatement') {
        for (const c of children(n)) {
          if (c.name === 'AssignOp' || c.name === 'UpdateOp' || c.name === 'in') break;
          if (c.name === 'VariableName') names.add(this.text(c));
          if (c.name === 'TupleExpression' || c.name === 'ParenthesizedExpression' || c.name === 'ArrayExpression')
            for (const v of c.getChildren('VariableName')) names.add(this.text(v));
        }
      }
      for (const c of children(n)) visit(c);
    };
    visit(body);
    return [...names];
  }

  private loopTargets(node: SyntaxNode): SyntaxNode[] {
    const parts = children(node);
    const inAt = parts.findIndex((c) => c.name === 'in');
    return parts.slice(1, inAt);
  }

  private execFor(node: SyntaxNode, scope: Scope): Signal {
    const parts = children(node);
    const inAt = parts.findIndex((c) => c.name === 'in');
    const body = node.getChild('Body');
    if (inAt < 0 || !body) return undefined;
    const iterNodes = parts.slice(inAt + 1).filter((c) => c.name !== 'Body' && c.name !== ':');
    const iterable = this.evalSequence(iterNodes, scope);
    const items = iterate(iterable);
    const targets = this.loopTargets(node);
    if (!Array.isArray(items)) {
      return this.runWidened(node, body, scope, `loop over ${items.reason}`, (s) => this.assignTargets(targets, unknown(`loop variable: ${items.reason}`), s, node));
    }
    for (const item of items) {
      this.assignTargets(targets, item, scope, node);
      const signal = this.execBody(this.bodyStatements(body), scope);
      if (signal?.kind === 'break') return undefined;
      if (signal && signal.kind !== 'continue') return signal;
    }
    return undefined;
  }

  /** A loop that runs an unknown number of times: its variables are unknown inside and after. */
  private runWidened(node: SyntaxNode, body: SyntaxNode, scope: Scope, why: string, bindTargets: (s: Scope) => void): Signal {
    for (const name of this.assignedNames(node)) this.bind(scope, name, unknown(why));
    bindTargets(scope);
    const signal = this.fork(scope, why, (s) => this.execBody(this.bodyStatements(body), s), () => undefined);
    for (const name of this.assignedNames(node)) this.bind(scope, name, unknown(why));
    return signal?.kind === 'return' ? signal : undefined;
  }

  private execWhile(node: SyntaxNode, scope: Scope): Signal {
    const parts = children(node);
    const cond = parts[1];
    const body = node.getChild('Body');
    if (!cond || !body) return undefined;
    for (let i = 0; i < LIMITS.loopUnroll; i++) {
      const decided = this.condition(cond, scope);
      if (decided === false) return undefined;
      if (decided === null) break;
      const signal = this.execBody(this.bodyStatements(body), scope);
      if (signal?.kind === 'break') return undefined;
      if (signal && signal.kind !== 'continue') return signal;
    }
    return this.runWidened(node, body, scope, `while loop on \`${this.text(cond)}\``, () => undefined);
  }

  private execWith(node: SyntaxNode, scope: Scope): Signal {
    const parts = children(node);
    let mode = this.gradEnabled;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].name === 'as' && parts[i + 1]) this.assignTarget(parts[i + 1], unknown('value of a with statement'), scope, node);
      else if (parts[i].name !== 'with' && parts[i].name !== ',' && parts[i].name !== 'Body' && parts[i - 1]?.name !== 'as') {
        const set = this.gradModeOf(parts[i], scope);
        if (set !== undefined) mode = set;
      }
    }
    return this.inGradMode(mode, () => this.execBody(this.bodyStatements(node.getChild('Body')), scope));
  }

  /** Inside `try` bodies whose handlers catch what torch raises: its errors are caught, not reported. */
  catching = 0;

  /**
   * try/except/else/finally. Where a handler catches torch's errors (a bare `except`, Exception,
   * RuntimeError, IndexError, ValueError...), an error in the try body is no error: the body stops
   * there and the handler runs, as in Python; when there is more than one such handler, what they
   * assign is unknown. Without an error the `else` body runs. The `finally` body always runs.
   */
  private execTry(node: SyntaxNode, scope: Scope): Signal {
    const parts = children(node);
    const handlers: { body: SyntaxNode; catches: boolean; bound?: SyntaxNode }[] = [];
    let elseBody: SyntaxNode | undefined;
    let finallyBody: SyntaxNode | undefined;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i].name;
      if (name === 'except') {
        let j = i + 1;
        const type = parts[j] && parts[j].name !== 'Body' && parts[j].name !== 'as' ? parts[j++] : undefined;
        const bound = parts[j]?.name === 'as' ? parts[j + 1] : undefined;
        if (bound) j += 2;
        if (parts[j]?.name === 'Body') handlers.push({ body: parts[j], catches: !type || this.catchesTorchErrors(type), bound });
        i = j;
      } else if (name === 'else' && parts[i + 1]?.name === 'Body') elseBody = parts[i + 1];
      else if (name === 'finally' && parts[i + 1]?.name === 'Body') finallyBody = parts[i + 1];
    }
    const catchers = handlers.filter((h) => h.catches);
    const tryBody = parts[1]?.name === 'Body' ? parts[1] : null;
    if (catchers.length > 0) this.catching++;
    let signal: Signal;
    try {
      signal = this.execBody(this.bodyStatements(tryBody), scope);
    } finally {
      if (catchers.length > 0) this.catching--;
    }
    if (signal?.kind === 'stop' && this.raised && catchers.length > 0) {
      this.raised = false;
      const why = 'assigned in one of several handlers of the error torch raises';
      for (const h of catchers) if (h.bound) this.bind(scope, this.text(h.bound), unknown('the exception torch raises'));
      if (catchers.length === 1) signal = this.execBody(this.bodyStatements(catchers[0].body), scope);
      else {
        signal = undefined;
        for (const h of catchers) for (const name of this.assignedNames(h.body)) this.bind(scope, name, unknown(why));
      }
    } else if (!signal && elseBody) signal = this.execBody(this.bodyStatements(elseBody), scope);
    if (finallyBody) {
      const after = this.execBody(this.bodyStatements(finallyBody), scope);
      if (after) return after;
    }
    return signal;
  }

  /** Whether an `except` clause's type catches what torch raises for shapes (RuntimeError, IndexError, ValueError). */
  private catchesTorchErrors(type: SyntaxNode): boolean {
    return this.text(type)
      .split(/[^\w]+/)
      .some((name) => TORCH_ERROR_CATCHERS.has(name));
  }

  private execAssert(node: SyntaxNode, scope: Scope): void {
    const expr = children(node).find((c) => c.name !== 'assert');
    if (!expr || expr.name !== 'BinaryExpression') return;
    const [left, op, right] = children(expr);
    if (!left || !right || op?.name !== 'CompareOp' || this.text(op) !== '==') return;
    // `assert x.shape == (B, 3, H, W)`: the shape is a fact from here on.
    if (left.name !== 'MemberExpression') return;
    const [objNode, dot, prop] = children(left);
    if (dot?.name !== '.' || !prop || this.text(prop) !== 'shape' || objNode.name !== 'VariableName') return;
    const stated = this.evalExpr(right, scope);
    const items = iterate(stated);
    if (!Array.isArray(items) || !items.every((i) => i.k === 'int')) return;
    const name = this.text(objNode);
    const current = scope.lookup(name);
    const dims = items.map((i) => (i as { v: Dim }).v);
    if (current?.k === 'tensor' && current.shape && current.shape.length === dims.length) {
      scope.vars.set(name, { ...current, shape: current.shape.map((d, i) => (d === null ? dims[i] : d)), reason: undefined });
    } else if (!current || current.k === 'unknown' || (current.k === 'tensor' && current.shape === null)) {
      scope.vars.set(name, tensor(dims, `assert on line ${this.range(node).line}`));
    }
  }

  // ---------------------------------------------------------------- definitions

  private defineFunction(node: SyntaxNode, scope: Scope, decorators: string[]): void {
    const nameNode = node.getChild('VariableName');
    if (!nameNode) return;
    const name = this.text(nameNode);
    const qualname = this.frame.qualname === '<module>' ? name : `${this.frame.qualname}.<locals>.${name}`;
    const fn: FunctionValue = { k: 'function', node, module: this.mod, closure: scope, qualname, name, decorators, defaults: this.parameterDefaults(node, scope) };
    scope.vars.set(name, fn);
    this.recorder.definedFunction(this, fn);
  }

  private defineClass(node: SyntaxNode, scope: Scope, decorators: string[] = []): void {
    const nameNode = node.getChild('VariableName');
    if (!nameNode) return;
    const name = this.text(nameNode);
    const argList = node.getChild('ArgList');
    const bases = argList ? this.evalArgs(argList, scope).positional : [];
    const qualname = this.frame.qualname === '<module>' ? name : `${this.frame.qualname}.<locals>.${name}`;
    const cls: ClassValue = {
      k: 'class',
      name,
      qualname,
      node,
      module: this.mod,
      bases,
      attrs: new Map(),
      isModule: bases.some((b) => this.torch.isModuleBase(b)),
      containerBase: this.torch.containerBaseOf(bases),
    };
    // The class body runs in its own namespace; methods close over the enclosing scope instead.
    const body = new Scope(undefined, qualname);
    this.frames.push({ mod: this.mod, qualname, pendingReturns: [] });
    try {
      for (const stmt of this.bodyStatements(node.getChild('Body'))) {
        if (stmt.name === 'FunctionDefinition' || stmt.name === 'DecoratedStatement') {
          const decorators =
            stmt.name === 'DecoratedStatement'
              ? children(stmt)
                  .filter((c) => c.name === 'Decorator')
                  .map((d) => this.text(d).replace(/^@/, '').trim())
              : [];
          const def = stmt.name === 'FunctionDefinition' ? stmt : stmt.getChild('FunctionDefinition');
          const fnName = def?.getChild('VariableName');
          if (def && fnName) {
            const n = this.text(fnName);
            // Defaults are evaluated in the class body, where earlier class attributes are names.
            const defaults = this.parameterDefaults(def, body);
            const fn: FunctionValue = { k: 'function', node: def, module: this.mod, closure: scope, qualname: `${qualname}.${n}`, name: n, ownerClass: cls, decorators, defaults };
            body.vars.set(n, fn);
          }
          continue;
        }
        this.execStatement(stmt, body);
      }
    } finally {
      this.frames.pop();
    }
    for (const [k, v] of body.vars) cls.attrs.set(k, v);
    const namedTuple = bases.some((b) => b.k === 'torch' && /^(typing\.)?NamedTuple$/.test(b.qualname));
    if (namedTuple || decorators.some((d) => /^(dataclasses\.)?dataclass\b/.test(d))) this.recordFields(cls, node, body);
    scope.vars.set(name, cls);
    this.recorder.definedClass(this, cls);
  }

  /**
   * The fields a dataclass's (or a typing.NamedTuple's) generated `__init__` takes: annotated class
   * attributes in order, after those of dataclass bases, with their defaults (`field(default=...)`
   * read as its default; `ClassVar`s are no fields; `init=False` fields keep their default).
   */
  private recordFields(cls: ClassValue, node: SyntaxNode, body: Scope): void {
    const fields: ClassField[] = [];
    for (const base of [...cls.bases].reverse()) {
      const inherited = base.k === 'class' ? this.classFields.get(base) : undefined;
      for (const f of inherited ?? []) if (!fields.some((g) => g.name === f.name)) fields.push(f);
    }
    for (const stmt of this.bodyStatements(node.getChild('Body'))) {
      const parts = stmt.name === 'AssignStatement' ? children(stmt) : [];
      const [target, typeDef, assignOp, value] = parts;
      if (target?.name !== 'VariableName' || typeDef?.name !== 'TypeDef' || /\bClassVar\b/.test(this.text(typeDef))) continue;
      const name = this.text(target);
      const field: ClassField = { name, init: true };
      if (assignOp?.name === 'AssignOp' && value) {
        const spec = this.fieldSpec(value, body);
        if (spec) {
          Object.assign(field, spec);
          if (spec.default) cls.attrs.set(name, spec.default);
          else cls.attrs.delete(name);
        } else field.default = body.vars.get(name) ?? unknown(`default of ${name}`);
      }
      const at = fields.findIndex((f) => f.name === name);
      if (at >= 0) fields[at] = field;
      else fields.push(field);
    }
    this.classFields.set(cls, fields);
  }

  /** `field(default=..., default_factory=..., init=...)`; undefined when the value is a plain default. */
  private fieldSpec(value: SyntaxNode, scope: Scope): Partial<ClassField> | undefined {
    const callee = value.name === 'CallExpression' ? value.firstChild : null;
    const argList = value.lastChild?.name === 'ArgList' ? value.lastChild : null;
    if (!callee || !argList || !/^(dataclasses\.)?field$/.test(this.text(callee))) return undefined;
    const args = this.evalArgs(argList, scope);
    const spec: Partial<ClassField> = {};
    const given = args.keywords.get('default');
    if (given) spec.default = given;
    else if (args.keywords.has('default_factory')) spec.default = unknown('a field built by its default_factory');
    const init = args.keywords.get('init');
    if (init && truthy(init) !== true) spec.init = false;
    return spec;
  }

  /** Fields of dataclasses and NamedTuples, whose `__init__` the analysis writes as Python generates it. */
  private readonly classFields = new WeakMap<ClassValue, ClassField[]>();

  /**
   * Instances whose data attributes may have been set where the analysis cannot see (built with
   * arguments by a constructor it does not follow, or through `__dict__` with unknown entries):
   * class-level defaults no longer tell their values.
   */
  private readonly unseenAttributes = new WeakMap<ObjectValue, string>();

  /** `obj.__dict__` views, by the dict handed to code: writes to them are writes to the attributes. */
  private readonly attributeDicts = new WeakMap<DictValue, ObjectValue>();

  /**
   * `obj.__dict__`: the instance's plain attributes as a dict whose changes reach the instance.
   * A module's submodules and parameters are not in it (torch keeps them in `_modules` and `_parameters`).
   */
  private attributeDict(obj: ObjectValue): DictValue {
    const dict: DictValue = { k: 'dict', keys: [], values: [], bornAt: this.speculative };
    for (const [name, v] of obj.attrs) {
      if (obj.cls.isModule && (v.k === 'layer' || v.k === 'container' || (v.k === 'object' && v.cls.isModule) || (v.k === 'tensor' && v.parameter))) continue;
      dict.keys.push({ k: 'str', v: name });
      dict.values.push(v);
    }
    this.attributeDicts.set(dict, obj);
    return dict;
  }

  /** Whether an instance has no attribute of that name on any path the analysis followed. */
  private certainlyLacks(obj: ObjectValue, name: string): boolean {
    if (obj.attrs.has(name) || this.lookupClassAttr(obj.cls, name) || this.unseenAttributes.has(obj) || obj.incomplete) return false;
    if (obj.cls.isModule) {
      // nn.Module itself defines these (and private names); a torch layer or container base defines more.
      if (obj.layerBase || obj.cls.containerBase || name.startsWith('_') || NN_MODULE_ATTRIBUTES.has(name)) return false;
      return this.basesAreSeen(obj.cls, (b) => b.k === 'torch' && /^torch\.nn\.(modules\.module\.)?Module$/.test(b.qualname));
    }
    return this.basesAreSeen(obj.cls, (b) => b.k === 'torch' && b.qualname === 'builtins.object');
  }

  /** Whether every base up the hierarchy is a class the analysis read, or one `known` accepts. */
  private basesAreSeen(cls: ClassValue, known: (b: Value) => boolean, seen = new Set<ClassValue>()): boolean {
    if (seen.has(cls)) return true;
    seen.add(cls);
    return cls.bases.every((b) => (b.k === 'class' ? this.basesAreSeen(b, known, seen) : known(b)));
  }

  /** After a change to an `obj.__dict__` view: the instance's attributes follow it. */
  private syncAttributeDict(dict: DictValue, before: readonly Value[]): void {
    const obj = this.attributeDicts.get(dict);
    if (!obj) return;
    if (dict.uncertain) {
      for (const key of before) if (key.k === 'str') obj.attrs.set(key.v, unknown(dict.uncertain));
      this.unseenAttributes.set(obj, dict.uncertain);
      return;
    }
    for (const key of before) if (key.k === 'str' && !dict.keys.some((k) => sameValue(k, key))) obj.attrs.delete(key.v);
    dict.keys.forEach((key, i) => {
      if (key.k === 'str') obj.attrs.set(key.v, dict.values[i]);
    });
  }

  /** A generated `__init__`: arguments bound to fields, as Python binds them; anything unusual leaves the fields unknown. */
  private initFields(obj: ObjectValue, fields: ClassField[], args: CallArgs): void {
    const params = fields.filter((f) => f.init);
    const stray = [...args.keywords.keys()].find((k) => !params.some((f) => f.name === k));
    const unusual = args.unknownArity ?? (args.positional.length > params.length ? 'more arguments than fields' : stray && `no field named ${stray}`);
    params.forEach((f, i) => {
      const given = unusual ? unknown(`${obj.cls.name}(...): ${unusual}`) : (args.positional[i] ?? args.keywords.get(f.name) ?? f.default ?? unknown(`${obj.cls.name}(...) without ${f.name}`));
      obj.attrs.set(f.name, given);
    });
    for (const f of fields) if (!f.init) obj.attrs.set(f.name, f.default ?? unknown(`${f.name} is set after __init__`));
    const postInit = this.lookupClassAttr(obj.cls, '__post_init__');
    if (postInit?.value.k === 'function') this.callFunction(postInit.value, [obj], new Map());
  }

  /** The fields of a class or of the nearest base that has them. */
  private fieldsOf(cls: ClassValue, seen = new Set<ClassValue>()): ClassField[] | undefined {
    if (seen.has(cls)) return undefined;
    seen.add(cls);
    const own = this.classFields.get(cls);
    if (own) return own;
    for (const b of cls.bases) {
      const found = b.k === 'class' ? this.fieldsOf(b, seen) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** Finds an attribute along a user class's bases (depth-first, as simple hierarchies resolve). */
  lookupClassAttr(cls: ClassValue, name: string, seen = new Set<ClassValue>()): { value: Value; owner: ClassValue } | undefined {
    if (seen.has(cls)) return undefined;
    seen.add(cls);
    const own = cls.attrs.get(name);
    if (own !== undefined) return { value: own, owner: cls };
    for (const b of cls.bases) {
      if (b.k === 'class') {
        const found = this.lookupClassAttr(b, name, seen);
        if (found) return found;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- imports

  private execImport(node: SyntaxNode, scope: Scope): void {
    const parts = children(node);
    if (parts[0]?.name === 'from') {
      const importAt = parts.findIndex((c) => c.name === 'import');
      let level = 0;
      const moduleParts: string[] = [];
      for (const p of parts.slice(1, importAt)) {
        if (p.name === '.') {
          if (moduleParts.length === 0) level++;
        } else if (p.name === 'Ellipsis') level += 3;
        else if (p.name === 'VariableName') moduleParts.push(this.text(p));
      }
      const dotted = moduleParts.join('.');
      const names = parts.slice(importAt + 1).filter((c) => c.name === 'VariableName' || c.name === 'as' || c.name === '*');
      for (let i = 0; i < names.length; i++) {
        if (names[i].name === '*') {
          this.importStar(dotted, level, scope);
          continue;
        }
        if (names[i].name !== 'VariableName') continue;
        const imported = this.text(names[i]);
        let bindAs = imported;
        if (names[i + 1]?.name === 'as' && names[i + 2]) {
          bindAs = this.text(names[i + 2]);
          i += 2;
        }
        scope.vars.set(bindAs, this.importFrom(dotted, level, imported));
      }
      return;
    }
    // import a.b.c [as x], d
    const items = this.splitCommas(parts.slice(1));
    for (const item of items) {
      const asAt = item.findIndex((c) => c.name === 'as');
      const dottedNodes = (asAt >= 0 ? item.slice(0, asAt) : item).filter((c) => c.name === 'VariableName');
      const dotted = dottedNodes.map((c) => this.text(c)).join('.');
      if (!dotted) continue;
      if (asAt >= 0 && item[asAt + 1]) scope.vars.set(this.text(item[asAt + 1]), this.importModule(dotted, 0));
      else {
        const head = dotted.split('.')[0];
        scope.vars.set(head, this.importModule(head, 0));
      }
    }
  }

  private importModule(dotted: string, level: number): Value {
    const head = dotted.split('.')[0];
    if (level === 0 && EXTERNAL_MODULES.has(head)) return { k: 'torch', qualname: dotted };
    const loaded = this.loadModule(this.mod.file, dotted, level);
    if (loaded === 'cycle') return unknown(`import cycle through ${dotted}`);
    if (loaded) return { k: 'module', scope: loaded };
    return unknown(`module ${'.'.repeat(level)}${dotted} is not in the workspace`);
  }

  private importFrom(dotted: string, level: number, name: string): Value {
    const mod = this.importModule(dotted, level);
    if (mod.k === 'torch') return { k: 'torch', qualname: `${mod.qualname}.${name}` };
    if (mod.k === 'module') {
      const v = mod.scope.globals.vars.get(name);
      if (v !== undefined) return v;
      // `from package import submodule`
      const sub = this.importModule(dotted ? `${dotted}.${name}` : name, level);
      return sub.k === 'module' ? sub : unknown(`${name} is not defined in ${dotted || '.'}`);
    }
    if (level > 0 && !dotted) {
      const sub = this.importModule(name, level);
      if (sub.k === 'module') return sub;
    }
    return mod;
  }

  private importStar(dotted: string, level: number, scope: Scope): void {
    const mod = this.importModule(dotted, level);
    if (mod.k === 'module') for (const [k, v] of mod.scope.globals.vars) if (!k.startsWith('_')) scope.vars.set(k, v);
  }

  // ---------------------------------------------------------------- expressions

  /** Evaluates a flat node list that may be a bare tuple (`return a, b`, `x = 1, 2`). */
  evalSequence(nodes: SyntaxNode[], scope: Scope): Value {
    const items = this.splitCommas(nodes);
    if (items.length === 1 && !this.hasTrailingComma(nodes)) return this.evalItem(items[0], scope);
    return { k: 'tuple', items: this.evalStarredItems(items, scope) };
  }

  private evalItem(item: readonly SyntaxNode[], scope: Scope): Value {
    return this.evalExpr(item[item.length - 1], scope);
  }

  /** Items of a tuple or list display, with `*iterable` spliced in. */
  private evalStarredItems(items: readonly (readonly SyntaxNode[])[], scope: Scope): Value[] {
    const out: Value[] = [];
    for (const item of items) {
      const v = this.evalItem(item, scope);
      if (item[0].name === '*') {
        const spread = iterate(v);
        if (!Array.isArray(spread)) return [unknown(`unpacking ${spread.reason}`)];
        out.push(...spread);
      } else out.push(v);
    }
    return out;
  }

  evalExpr(node: SyntaxNode, scope: Scope): Value {
    this.budget.step();
    if (this.exprDepth > LIMITS.expressionDepth) return unknown('expression nested too deeply');
    this.exprDepth++;
    try {
      return this.evalExprUnguarded(node, scope);
    } finally {
      this.exprDepth--;
    }
  }

  private evalExprUnguarded(node: SyntaxNode, scope: Scope): Value {
    switch (node.name) {
      case 'Number':
        return this.numberLiteral(this.text(node));
      case 'String':
        return this.stringLiteral(node);
      case 'ContinuedString': {
        const parts = children(node).map((c) => this.stringLiteral(c));
        return parts.every((p) => p.k === 'str') ? { k: 'str', v: parts.map((p) => (p as { v: string }).v).join('') } : unknown('formatted string');
      }
      case 'FormatString':
        return this.formatString(node, scope);
      case 'Boolean':
        return { k: 'bool', v: this.text(node) === 'True' };
      case 'None':
        return NONE;
      case 'Ellipsis':
        return { k: 'ellipsis' };
      case 'VariableName':
        return this.evalName(node, scope);
      case 'MemberExpression':
        return this.evalMember(node, scope);
      case 'CallExpression':
        return this.evalCall(node, scope);
      case 'ParenthesizedExpression': {
        const inner = children(node).filter((c) => c.name !== '(' && c.name !== ')');
        return inner.length ? this.evalExpr(inner[0], scope) : unknown('empty parentheses');
      }
      case 'TupleExpression': {
        const inner = children(node).filter((c) => c.name !== '(' && c.name !== ')');
        return { k: 'tuple', items: this.evalStarredItems(this.splitCommas(inner), scope) };
      }
      case 'ArrayExpression': {
        const inner = children(node).filter((c) => c.name !== '[' && c.name !== ']');
        return { k: 'list', items: this.evalStarredItems(this.splitCommas(inner), scope), bornAt: this.speculative };
      }
      case 'SetExpression':
        return unknown('set display');
      case 'DictionaryExpression':
        return this.evalDict(node, scope);
      case 'ArrayComprehensionExpression':
      case 'ComprehensionExpression':
      case 'SetComprehensionExpression':
        return this.evalComprehension(node, scope, false);
      case 'DictionaryComprehensionExpression':
        return this.evalComprehension(node, scope, true);
      case 'BinaryExpression':
        return this.evalBinary(node, scope);
      case 'UnaryExpression':
        return this.evalUnary(node, scope);
      case 'ConditionalExpression': {
        const [then, , cond, , otherwise] = children(node);
        if (!then || !cond || !otherwise) return unknown('incomplete conditional expression');
        const decided = this.condition(cond, scope);
        if (decided === true) return this.evalExpr(then, scope);
        if (decided === false) return this.evalExpr(otherwise, scope);
        const why = `depends on \`${this.text(cond)}\`, which the analysis cannot decide`;
        return joinValues(
          this.speculatively(() => this.evalExpr(then, scope)),
          this.speculatively(() => this.evalExpr(otherwise, scope)),
          why,
        );
      }
      case 'LambdaExpression':
        return {
          k: 'function',
          node,
          module: this.mod,
          closure: scope,
          qualname: `${this.frame.qualname === '<module>' ? '' : `${this.frame.qualname}.<locals>.`}<lambda>`,
          name: '<lambda>',
          isLambda: true,
          decorators: [],
          defaults: this.parameterDefaults(node, scope),
        };
      case 'NamedExpression': {
        const [target, , value] = children(node);
        if (!target || !value) return unknown('incomplete assignment expression');
        const v = this.evalExpr(value, scope);
        scope.vars.set(this.text(target), v);
        return v;
      }
      default:
        return unknown(`\`${this.text(node).slice(0, 40)}\` is not followed by the analysis`);
    }
  }

  private numberLiteral(text: string): Value {
    let decimal = text.length > 0;
    for (let i = 0; i < text.length && decimal; i++) decimal = text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
    if (decimal) return pyNumber(Number(text), true);
    const clean = text.replace(/_/g, '');
    if (/[jJ]$/.test(clean)) return unknown('complex number');
    if (/^0[xXoObB]/.test(clean)) {
      const base = { x: 16, o: 8, b: 2 }[clean[1].toLowerCase() as 'x' | 'o' | 'b'];
      return pyNumber(parseInt(clean.slice(2), base), true);
    }
    if (/^\d+$/.test(clean)) return pyNumber(Number(clean), true);
    return pyNumber(Number(clean), false);
  }

  /** An f-string whose replacements are plain known ints and strings (`f"layer{i + 1}"`). */
  private formatString(node: SyntaxNode, scope: Scope): Value {
    const raw = this.text(node);
    const quote = /^[fFrR]*('''|"""|'|")/.exec(raw);
    if (!quote) return unknown('formatted string');
    const bodyStart = node.from + quote[0].length;
    const bodyEnd = node.to - quote[1].length;
    let out = '';
    let at = bodyStart;
    for (const r of node.getChildren('FormatReplacement')) {
      out += this.parsed.text.slice(at, r.from);
      at = r.to;
      const inner = children(r).filter((c) => c.name !== '{' && c.name !== '}');
      if (inner.length !== 1) return unknown('formatted string with a conversion or format spec');
      const text = pyStr(this.evalExpr(inner[0], scope));
      if (text === undefined) return unknown('formatted string of a value the analysis does not know');
      out += text;
    }
    out += this.parsed.text.slice(at, bodyEnd);
    return { k: 'str', v: out.replace(/\{\{/g, '{').replace(/\}\}/g, '}') };
  }

  /** `'%d' % x` and `'%s_%d' % (a, b)` with known ints and strings. */
  private percentFormat(format: string, arg: Value): Value {
    const args = arg.k === 'tuple' ? arg.items : [arg];
    let i = 0;
    let failed = false;
    const out = format.replace(/%([%sdir])/g, (_, c: string) => {
      if (c === '%') return '%';
      const text = pyStr(args[i++] ?? unknown('missing'));
      if (text === undefined) failed = true;
      return text ?? '';
    });
    return failed || i !== args.length ? unknown('string formatting the analysis does not follow') : { k: 'str', v: out };
  }

  private stringLiteral(node: SyntaxNode): Value {
    const raw = this.text(node);
    const m = /^([rRbBuU]*)('''|"""|'|")([\s\S]*)\2$/.exec(raw);
    if (!m) return unknown('string literal');
    if (m[1].toLowerCase().includes('b')) return unknown('bytes literal');
    return { k: 'str', v: m[3] };
  }

  private evalName(node: SyntaxNode, scope: Scope): Value {
    const name = this.text(node);
    const v = scope.lookup(name) ?? this.mod.globals.vars.get(name);
    if (v !== undefined) {
      if (v.k === 'tensor') this.recorder.tensorUse(this, node, v);
      return v;
    }
    if (name === 'self') return unknown('self outside a method');
    if (name in BUILTIN_FUNCTIONS || name === 'super' || name === 'getattr' || name === 'setattr' || name === 'hasattr' || name === 'type' || name === 'map' || name === 'filter') return { k: 'torch', qualname: `builtins.${name}` };
    return unknown(`\`${name}\` is not defined before this point`);
  }

  private evalMember(node: SyntaxNode, scope: Scope): Value {
    const parts = children(node);
    // lezer reads a float with a trailing dot (`1.`) as the attribute access `1.` missing its name.
    if (parts[0]?.name === 'Number' && parts[1]?.name === '.' && (!parts[2] || parts[2].type.isError)) {
      const n = this.numberLiteral(this.text(parts[0]));
      return n.k === 'int' && isKnown(n.v) ? { k: 'float', v: n.v } : n;
    }
    const obj = this.evalExpr(parts[0], scope);
    if (parts[1]?.name === '.') {
      const prop = parts[2];
      if (!prop) return unknown('incomplete attribute access');
      const v = this.getAttribute(obj, this.text(prop));
      this.recorder.memberAccess(this, node, obj, this.text(prop));
      return v;
    }
    // Subscript: obj [ ... ]
    const inner = parts.slice(2, parts[parts.length - 1]?.name === ']' ? -1 : undefined);
    const index = this.evalSubscript(inner, scope);
    return this.subscript(obj, index, node);
  }

  /** The index inside `[...]`: a value, a slice, or a tuple of them. */
  private evalSubscript(nodes: SyntaxNode[], scope: Scope): Value {
    const items = this.splitCommas(nodes);
    const values = items.map((item) => {
      if (!item.some((n) => n.name === ':')) return this.evalItem(item, scope);
      const slots: (SyntaxNode | undefined)[] = [undefined, undefined, undefined];
      let slot = 0;
      for (const n of item) {
        if (n.name === ':') slot++;
        else if (slot < 3) slots[slot] = n;
      }
      const ev = (n: SyntaxNode | undefined) => (n ? this.evalExpr(n, scope) : NONE);
      return { k: 'slice', lower: ev(slots[0]), upper: ev(slots[1]), step: ev(slots[2]) } as Value;
    });
    if (values.length === 1 && !this.hasTrailingComma(nodes)) return values[0];
    return { k: 'tuple', items: values };
  }

  subscript(obj: Value, index: Value, node?: SyntaxNode): Value {
    switch (obj.k) {
      case 'tuple':
        return this.sequenceIndex(obj, index);
      case 'list':
        return obj.uncertain ? unknown(obj.uncertain) : this.sequenceIndex(obj, index);
      case 'str': {
        const i = knownInt(index);
        if (i === undefined) return unknown('string index the analysis does not know');
        const ch = obj.v.at(i);
        return ch === undefined ? unknown('string index out of range') : { k: 'str', v: ch };
      }
      case 'dict': {
        if (obj.uncertain) return unknown(obj.uncertain);
        const at = obj.keys.findIndex((k) => sameValue(k, index));
        return at >= 0 ? obj.values[at] : unknown('dictionary key the analysis does not know');
      }
      case 'range': {
        const items = iterate(obj);
        return Array.isArray(items) ? this.sequenceIndex({ k: 'list', items }, index) : items;
      }
      case 'tensor':
        return this.torch.tensorIndex(obj, index, node);
      case 'container':
        return this.torch.containerIndex(obj, index);
      case 'object':
        return obj.cls.containerBase ? this.torch.containerIndex(this.torch.asContainer(obj), index) : unknown(`indexing ${obj.cls.name}`);
      case 'torch':
      case 'class':
        // Type subscripts (`Tensor[...]`, `List[int]`) in annotations.
        return unknown('type expression');
      case 'unknown':
        return obj;
      default:
        return unknown(`indexing ${obj.k}`);
    }
  }

  private sequenceIndex(obj: { k: 'tuple' | 'list'; items: Value[]; size?: boolean }, index: Value): Value {
    if (index.k === 'slice') {
      const n = obj.items.length;
      const step = index.step.k === 'none' ? 1 : knownInt(index.step);
      if (step === undefined || step === 0) return unknown('slice step the analysis does not know');
      const clamp = (v: Value, dflt: number): number | undefined => {
        if (v.k === 'none') return dflt;
        const i = knownInt(v);
        if (i === undefined) return undefined;
        const j = i < 0 ? i + n : i;
        return step > 0 ? Math.min(Math.max(j, 0), n) : Math.min(Math.max(j, -1), n - 1);
      };
      const lo = clamp(index.lower, step > 0 ? 0 : n - 1);
      const hi = clamp(index.upper, step > 0 ? n : -1);
      if (lo === undefined || hi === undefined) return unknown('slice bounds the analysis does not know');
      const items: Value[] = [];
      for (let i = lo; step > 0 ? i < hi : i > hi; i += step) items.push(obj.items[i]);
      return obj.k === 'tuple' ? { k: 'tuple', items, size: obj.size } : { k: 'list', items };
    }
    const i = knownInt(index);
    if (i === undefined) return unknown('index the analysis does not know');
    const v = obj.items[i < 0 ? i + obj.items.length : i];
    return v ?? unknown('index out of range');
  }

  private evalDict(node: SyntaxNode, scope: Scope): Value {
    const inner = children(node).filter((c) => c.name !== '{' && c.name !== '}');
    const out: DictValue = { k: 'dict', keys: [], values: [], bornAt: this.speculative };
    for (const item of this.splitCommas(inner)) {
      if (item[0].name === '**') {
        const spread = this.evalExpr(item[1], scope);
        if (spread.k === 'dict' && !spread.uncertain) this.dictUpdate(out, spread.keys, spread.values);
        else out.uncertain = `\`**${this.text(item[1])}\` holds entries the analysis does not know`;
        continue;
      }
      const colon = item.findIndex((c) => c.name === ':');
      if (colon < 1 || !item[colon + 1]) continue;
      out.keys.push(this.evalExpr(item[0], scope));
      out.values.push(this.evalExpr(item[colon + 1], scope));
    }
    return out;
  }

  /** `[expr for a in b if c for d in e]` with the comprehension in its own scope. */
  private evalComprehension(node: SyntaxNode, scope: Scope, isDict: boolean): Value {
    const parts = children(node).filter((c) => !['[', ']', '(', ')', '{', '}'].includes(c.name));
    const firstFor = parts.findIndex((c) => c.name === 'for');
    if (firstFor < 1) return unknown('incomplete comprehension');
    const head = parts.slice(0, firstFor);
    const clauses: { kind: 'for' | 'if'; nodes: SyntaxNode[] }[] = [];
    for (const p of parts.slice(firstFor)) {
      if (p.name === 'for' || p.name === 'if') clauses.push({ kind: p.name, nodes: [] });
      else if (p.name !== 'async') clauses[clauses.length - 1]?.nodes.push(p);
    }
    const inner = new Scope(scope, scope.qualname);
    const keys: Value[] = [];
    const results: Value[] = [];
    let failure: Value | undefined;
    const run = (i: number): void => {
      if (failure) return;
      if (results.length > LIMITS.collectionSize) {
        failure = unknown('comprehension too long');
        return;
      }
      if (i === clauses.length) {
        if (isDict) {
          const colon = head.findIndex((c) => c.name === ':');
          keys.push(this.evalExpr(head[0], inner));
          results.push(colon >= 0 && head[colon + 1] ? this.evalExpr(head[colon + 1], inner) : unknown('dict comprehension'));
        } else results.push(this.evalExpr(head[head.length - 1], inner));
        return;
      }
      const c = clauses[i];
      if (c.kind === 'if') {
        const d = c.nodes[0] ? truthy(this.evalExpr(c.nodes[0], inner)) : null;
        if (d === null) failure = unknown('comprehension filter the analysis cannot decide');
        else if (d) run(i + 1);
        return;
      }
      const inAt = c.nodes.findIndex((n) => n.name === 'in');
      const items = iterate(this.evalSequence(c.nodes.slice(inAt + 1), inner));
      if (!Array.isArray(items)) {
        failure = unknown(`comprehension over ${items.reason}`);
        return;
      }
      for (const item of items) {
        this.assignTargets(c.nodes.slice(0, inAt), item, inner, node);
        run(i + 1);
      }
    };
    run(0);
    if (failure) return failure;
    if (isDict) return { k: 'dict', keys, values: results, bornAt: this.speculative };
    return { k: 'list', items: results, bornAt: this.speculative };
  }

  private evalUnary(node: SyntaxNode, scope: Scope): Value {
    const [opNode, operand] = children(node);
    if (!opNode || !operand) return unknown('incomplete expression');
    const v = this.evalExpr(operand, scope);
    const op = this.text(opNode);
    if (op === 'not') {
      const t = truthy(v);
      return t === null ? unknown(`\`not\` of a value the analysis cannot decide`) : { k: 'bool', v: !t };
    }
    if (v.k === 'int') return op === '-' ? { k: 'int', v: dimNeg(v.v) } : op === '+' ? v : isKnown(v.v) ? { k: 'int', v: ~v.v } : unknown('~ of a symbolic size');
    if (v.k === 'float') return op === '-' ? { k: 'float', v: -v.v } : op === '+' ? v : unknown('~ of a float');
    if (v.k === 'bool') return op === '-' ? { k: 'int', v: v.v ? -1 : 0 } : op === '+' ? { k: 'int', v: v.v ? 1 : 0 } : { k: 'int', v: v.v ? -2 : -1 };
    if (v.k === 'tensor') return v;
    return unknown(`${op} of ${v.k}`);
  }

  private evalBinary(node: SyntaxNode, scope: Scope): Value {
    const parts = children(node);
    const [left, opNode, right] = parts;
    if (!left || !opNode || !right) return unknown('incomplete expression');
    // Two-word operators (`not in`, `is not`) are two tokens.
    const op = parts.length === 3 ? this.text(opNode) : parts.slice(1, -1).map((p) => this.text(p)).join(' ');
    if (op === 'and' || op === 'or') {
      const a = this.evalExpr(left, scope);
      const t = truthy(a);
      if (t === null) {
        const b = this.speculatively(() => this.evalExpr(right, scope));
        return joinValues(a, b, `\`${this.text(node)}\` cannot be decided`);
      }
      if (op === 'and') return t ? this.evalExpr(right, scope) : a;
      return t ? a : this.evalExpr(right, scope);
    }
    const a = this.evalExpr(left, scope);
    const b = this.evalExpr(parts[parts.length - 1], scope);
    return this.binary(op, a, b, node);
  }

  /** Python's binary operators, on numbers, sequences and (through torchsem) tensors. */
  binary(op: string, a: Value, b: Value, node: SyntaxNode): Value {
    if (a.k === 'tensor' || b.k === 'tensor') return this.torch.tensorBinary(op, a, b, node);
    if (a.k === 'unknown') return a;
    if (b.k === 'unknown') return b;
    switch (op) {
      case '==':
      case '!=': {
        const eq = this.equals(a, b);
        return eq === null ? unknown('comparison the analysis cannot decide') : { k: 'bool', v: op === '==' ? eq : !eq };
      }
      case 'is':
      case 'is not': {
        if (a.k === 'none' || b.k === 'none') {
          const same = a.k === b.k;
          return { k: 'bool', v: op === 'is' ? same : !same };
        }
        return unknown('identity comparison');
      }
      case 'in':
      case 'not in': {
        const items = b.k === 'str' && a.k === 'str' ? null : iterate(b);
        if (items === null) return { k: 'bool', v: (b as { v: string }).v.includes((a as { v: string }).v) === (op === 'in') };
        if (!Array.isArray(items)) return unknown('membership the analysis cannot decide');
        const found = items.some((i) => this.equals(i, a) === true);
        if (!found && items.some((i) => this.equals(i, a) === null)) return unknown('membership the analysis cannot decide');
        return { k: 'bool', v: found === (op === 'in') };
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.compare(op, a, b);
    }
    if ((a.k === 'int' || a.k === 'bool') && (b.k === 'int' || b.k === 'bool')) return this.intArithmetic(op, asDim(a), asDim(b));
    if ((a.k === 'int' || a.k === 'float' || a.k === 'bool') && (b.k === 'int' || b.k === 'float' || b.k === 'bool')) {
      const x = numberOf(a);
      const y = numberOf(b);
      if (x === undefined || y === undefined) return unknown('float arithmetic on a symbolic size');
      return this.floatArithmetic(op, x, y);
    }
    if (op === '+' && a.k === b.k && (a.k === 'tuple' || a.k === 'list')) {
      return { k: a.k, items: [...a.items, ...(b as typeof a).items], size: a.k === 'tuple' ? a.size && (b as typeof a).size : undefined } as Value;
    }
    if (op === '+' && a.k === 'str' && b.k === 'str') return { k: 'str', v: a.v + b.v };
    if (op === '*') {
      const [seq, times] = a.k === 'int' ? [b, knownInt(a)] : [a, knownInt(b)];
      if (times !== undefined && (seq.k === 'list' || seq.k === 'tuple')) {
        if (seq.items.length * times > LIMITS.collectionSize) return unknown('sequence too long to follow');
        return { k: seq.k, items: Array.from({ length: Math.max(0, times) }, () => seq.items).flat() } as Value;
      }
      if (times !== undefined && seq.k === 'str') {
        if (seq.v.length * times > LIMITS.collectionSize) return unknown('string too long to follow');
        return { k: 'str', v: seq.v.repeat(Math.max(0, times)) };
      }
    }
    if (op === '%' && a.k === 'str') return this.percentFormat(a.v, b);
    return unknown(`\`${op}\` on ${a.k} and ${b.k}`);
  }

  private intArithmetic(op: string, x: Dim, y: Dim): Value {
    switch (op) {
      case '+':
        return { k: 'int', v: guardInt(dimAdd(x, y)) };
      case '-':
        return { k: 'int', v: guardInt(dimSub(x, y)) };
      case '*':
        return { k: 'int', v: guardInt(dimMul(x, y)) };
      case '//':
        if (y === 0) return unknown('division by zero');
        return { k: 'int', v: dimFloorDiv(x, y) };
      case '%':
        if (y === 0) return unknown('modulo by zero');
        return { k: 'int', v: dimMod(x, y) };
      case '/':
        if (isKnown(x) && isKnown(y)) return y === 0 ? unknown('division by zero') : pyNumber(x / y, false);
        return unknown('true division of a symbolic size');
      case '**':
        if (isKnown(x) && isKnown(y)) return y < 0 ? pyNumber(x ** y, false) : pyNumber(x ** y, true);
        return unknown('power of a symbolic size');
      case '<<':
      case '>>':
      case '&':
      case '|':
      case '^':
        if (isKnown(x) && isKnown(y)) {
          const r = op === '<<' ? x * 2 ** y : op === '>>' ? Math.floor(x / 2 ** y) : op === '&' ? x & y : op === '|' ? x | y : x ^ y;
          return pyNumber(r, true);
        }
        return unknown('bit operation on a symbolic size');
      default:
        return unknown(`\`${op}\` on integers`);
    }
  }

  private floatArithmetic(op: string, x: number, y: number): Value {
    switch (op) {
      case '+':
        return pyNumber(x + y, false);
      case '-':
        return pyNumber(x - y, false);
      case '*':
        return pyNumber(x * y, false);
      case '/':
        return y === 0 ? unknown('division by zero') : pyNumber(x / y, false);
      case '//':
        return y === 0 ? unknown('division by zero') : pyNumber(Math.floor(x / y), false);
      case '%':
        return y === 0 ? unknown('modulo by zero') : pyNumber(x - Math.floor(x / y) * y, false);
      case '**':
        return pyNumber(x ** y, false);
      default:
        return unknown(`\`${op}\` on floats`);
    }
  }

  /** Python `==`: true, false, or null when it depends on unknown or symbolic values. */
  equals(a: Value, b: Value): boolean | null {
    if (a.k === 'unknown' || b.k === 'unknown') return null;
    const na = a.k === 'int' || a.k === 'bool' ? asDim(a) : undefined;
    const nb = b.k === 'int' || b.k === 'bool' ? asDim(b) : undefined;
    if (na !== undefined && nb !== undefined) return dimEquals(na, nb);
    if ((a.k === 'float' || a.k === 'int') && (b.k === 'float' || b.k === 'int')) {
      const x = numberOf(a);
      const y = numberOf(b);
      return x === undefined || y === undefined ? null : x === y;
    }
    if ((a.k === 'tuple' || a.k === 'list') && (b.k === 'tuple' || b.k === 'list')) {
      // torch.Size compares equal to a tuple or list of the same ints.
      if (a.k !== b.k && !(a.k === 'tuple' && a.size) && !(b.k === 'tuple' && b.size)) return false;
      if (a.items.length !== b.items.length) return false;
      let result: boolean | null = true;
      for (let i = 0; i < a.items.length; i++) {
        const e = this.equals(a.items[i], b.items[i]);
        if (e === false) return false;
        if (e === null) result = null;
      }
      return result;
    }
    if (a.k === 'str' && b.k === 'str') return a.v === b.v;
    if (a.k === 'none' || b.k === 'none') return a.k === b.k;
    if (a.k === 'tensor' || b.k === 'tensor') return null;
    if (a.k !== b.k) return ['int', 'float', 'bool', 'str', 'tuple', 'list'].includes(a.k) && ['int', 'float', 'bool', 'str', 'tuple', 'list'].includes(b.k) ? false : null;
    return a === b ? true : null;
  }

  private compare(op: string, a: Value, b: Value): Value {
    if ((a.k === 'int' || a.k === 'bool') && (b.k === 'int' || b.k === 'bool')) {
      const diff = dimSub(asDim(a), asDim(b));
      if (!isKnown(diff)) return unknown('comparison of symbolic sizes');
      const v = op === '<' ? diff < 0 : op === '<=' ? diff <= 0 : op === '>' ? diff > 0 : diff >= 0;
      return { k: 'bool', v };
    }
    const x = numberOf(a);
    const y = numberOf(b);
    if (x !== undefined && y !== undefined) {
      const v = op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
      return { k: 'bool', v };
    }
    return unknown('comparison the analysis cannot decide');
  }

  // ---------------------------------------------------------------- calls

  evalArgs(argList: SyntaxNode, scope: Scope): CallArgs {
    const args: CallArgs = { positional: [], keywords: new Map() };
    // The items between commas, in one walk over the argument list (it runs for every call).
    const items: SyntaxNode[][] = [];
    let item: SyntaxNode[] | undefined;
    for (let c = argList.firstChild; c; c = c.nextSibling) {
      const name = c.name;
      if (name === '(' || name === ')' || name === 'Comment') continue;
      if (name === 'for') {
        // A generator argument: `sum(x for x in xs)`.
        args.positional.push(this.evalComprehension(argList, scope, false));
        return args;
      }
      if (name === ',') item = undefined;
      else if (item) item.push(c);
      else items.push((item = [c]));
    }
    for (const item of items) {
      if (item[0].name === '*' && item[1]) {
        const spread = iterate(this.evalExpr(item[1], scope));
        if (Array.isArray(spread)) args.positional.push(...spread);
        else args.unknownArity = `*args: ${spread.reason}`;
      } else if (item[0].name === '**' && item[1]) {
        const spread = this.evalExpr(item[1], scope);
        // Keywords the analysis cannot see would silently take torch's defaults: bind nothing.
        if (spread.k === 'dict' && !spread.uncertain && spread.keys.every((k) => k.k === 'str')) spread.keys.forEach((k, i) => args.keywords.set((k as { v: string }).v, spread.values[i]));
        else args.unknownArity = `**kwargs: ${spread.k === 'unknown' ? spread.reason : 'keywords the analysis does not know'}`;
      } else if (item[1]?.name === 'AssignOp' && item[2]) {
        args.keywords.set(this.text(item[0]), this.evalExpr(item[2], scope));
      } else {
        args.positional.push(this.evalExpr(item[item.length - 1], scope));
      }
    }
    return args;
  }

  private evalCall(node: SyntaxNode, scope: Scope): Value {
    const calleeNode = node.firstChild;
    const argList = node.lastChild?.name === 'ArgList' ? node.lastChild : null;
    if (!calleeNode || !argList) return unknown('incomplete call');
    const callee = this.evalExpr(calleeNode, scope);
    const args = this.evalArgs(argList, scope);
    args.node = node;
    const previous = this.frame.callNode;
    this.frame.callNode = node;
    try {
      const result = args.unknownArity ? this.torch.callWithUnknownArity(callee, args.unknownArity, args) : this.call(callee, args);
      this.recorder.call(this, node, result);
      return result;
    } finally {
      this.frame.callNode = previous;
    }
  }

  call(callee: Value, args: CallArgs): Value {
    switch (callee.k) {
      case 'function':
        return this.callFunction(callee, args.positional, args.keywords);
      case 'bound':
        return this.callFunction(callee.fn, [callee.self, ...args.positional], args.keywords);
      case 'builtin':
        return callee.call(args);
      case 'class':
        return this.instantiate(callee, args);
      case 'torch':
        return this.callExternal(callee.qualname, args);
      case 'object':
      case 'layer':
      case 'container':
        return this.torch.callModule(callee, args);
      case 'unknown':
        return this.torch.unmodelledCall(callee, args.positional[0] ?? NONE);
      default:
        return unknown(`calling a ${callee.k}`);
    }
  }

  private callExternal(qualname: string, args: CallArgs): Value {
    if (qualname.startsWith('builtins.')) return this.callBuiltin(qualname.slice('builtins.'.length), args);
    const builtin = callBuiltinFunction(qualname, args);
    if (builtin) return builtin;
    if (qualname === 'collections.OrderedDict') return this.orderedDict(args);
    if (qualname === 'functools.partial') return this.partial(args);
    return this.torch.callTorch(qualname, args);
  }

  /** `functools.partial(f, *args, **kw)`: calling it calls f with those arguments first (keywords overridable). */
  private partial(args: CallArgs): Value {
    const [fn, ...bound] = args.positional;
    if (!fn) return unknown('functools.partial without a function');
    return {
      k: 'builtin',
      name: 'functools.partial',
      call: (a) => this.call(fn, { ...a, positional: [...bound, ...a.positional], keywords: new Map([...args.keywords, ...a.keywords]) }),
    };
  }

  private callBuiltin(name: string, args: CallArgs): Value {
    if (name === 'super') return this.superOf();
    if (name === 'getattr') {
      const [obj, attr, fallback] = args.positional;
      if (obj && attr?.k === 'str') {
        // The fallback only where the attribute is certainly missing: an unknown value is no absence.
        if (fallback && obj.k === 'object' && this.certainlyLacks(obj, attr.v)) return fallback;
        return this.getAttribute(obj, attr.v);
      }
      return unknown('getattr with a name the analysis does not know');
    }
    if (name === 'map' || name === 'filter') return this.mapOrFilter(name, args);
    if (name === 'type') {
      const [obj] = args.positional;
      if (args.positional.length === 1 && obj?.k === 'object') return obj.cls;
      return unknown('type() of a value the analysis does not model as an instance');
    }
    if (name === 'setattr') {
      const [obj, attr, value] = args.positional;
      if (obj && attr?.k === 'str' && value) this.torch.setAttribute(obj, attr.v, value);
      return NONE;
    }
    if (name === 'hasattr') return unknown('hasattr is not followed');
    return callBuiltinFunction(name, args) ?? unknown(`${name}() is not followed`);
  }

  /** map(f, xs...) and filter(f, xs) with a function the analysis can call, as lists (Python's iterators, used once). */
  private mapOrFilter(name: 'map' | 'filter', args: CallArgs): Value {
    const [fn, ...sources] = args.positional;
    const lists = sources.map(iterate);
    if (!fn || lists.length === 0 || args.keywords.size > 0 || (name === 'filter' && lists.length !== 1)) return unknown(`${name}() is not followed`);
    for (const l of lists) if (!Array.isArray(l)) return l;
    const columns = lists as Value[][];
    const n = Math.min(...columns.map((c) => c.length));
    const items: Value[] = [];
    for (let i = 0; i < n; i++) {
      const row = columns.map((c) => c[i]);
      const out = fn.k === 'none' && name === 'filter' ? row[0] : this.call(fn, { positional: row, keywords: new Map() });
      if (name === 'map') items.push(out);
      else {
        const keep = truthy(out);
        if (keep === null) return unknown('filter() with a condition the analysis cannot decide');
        if (keep) items.push(row[0]);
      }
    }
    return { k: 'list', items, bornAt: this.speculative };
  }

  private orderedDict(args: CallArgs): Value {
    const out: Value = { k: 'dict', keys: [], values: [] };
    const src = args.positional[0];
    if (!src) return out;
    if (src.k === 'dict') return { k: 'dict', keys: [...src.keys], values: [...src.values] };
    const items = iterate(src);
    if (!Array.isArray(items)) return items;
    for (const pair of items) {
      const kv = iterate(pair);
      if (!Array.isArray(kv) || kv.length !== 2) return unknown('OrderedDict of pairs the analysis does not know');
      out.keys.push(kv[0]);
      out.values.push(kv[1]);
    }
    return out;
  }

  /** `super()` inside a method: the instance seen from the defining class's bases. */
  private superOf(): Value {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i] as Frame & { self?: Value; owner?: ClassValue };
      if (f.owner && f.self) return { k: 'super', self: f.self, cls: f.owner };
    }
    return unknown('super() outside a method');
  }

  /** Calls a user function with Python's argument binding. */
  callFunction(fn: FunctionValue, positional: Value[], keywords: ReadonlyMap<string, Value>, origin?: string): Value {
    if (this.frames.length > LIMITS.callDepth) return unknown('calls nested deeper than the analysis follows (recursion?)');
    this.calledFunctions.add(fn.node);
    const scope = new Scope(fn.closure, fn.qualname);
    const paramList = fn.node.getChild('ParamList');
    const frame: Frame & { self?: Value; owner?: ClassValue } = { mod: fn.module, qualname: fn.qualname, pendingReturns: [] };
    if (fn.ownerClass && positional[0]) {
      frame.self = positional[0];
      frame.owner = fn.ownerClass;
    }
    this.frames.push(frame);
    try {
      if (paramList) this.bindParameters(fn, paramList, scope, positional, keywords, origin);
      let result: Value;
      if (fn.isLambda) {
        const body = children(fn.node).filter((c) => c.name !== 'lambda' && c.name !== 'ParamList' && c.name !== ':');
        result = body.length ? this.evalExpr(body[body.length - 1], scope) : NONE;
      } else {
        // `@torch.no_grad()` and `@torch.inference_mode()` run the body without autograd.
        const gradOff = fn.decorators.some((d) => /(^|\.)(no_grad|inference_mode)\(\)$/.test(d));
        const signal = this.inGradMode(gradOff ? false : this.gradEnabled, () => this.execBody(this.bodyStatements(fn.node.getChild('Body')), scope));
        result = signal?.kind === 'return' ? signal.value : signal?.kind === 'stop' ? unknown('the function raises') : NONE;
        if (frame.pendingReturns.length > 0 && signal?.kind !== 'stop') {
          const why = `\`${fn.qualname}\` returns different values on paths the analysis cannot tell apart`;
          result = frame.pendingReturns.reduce((x, y) => joinValues(x, y, why), result);
        }
      }
      return result;
    } finally {
      this.frames.pop();
    }
  }

  /** A parameter list: each item `[*|**]? name (TypeDef)? (= default)?`. */
  private parameters(paramList: SyntaxNode): { name: string; kind: 'plain' | 'star' | 'starstar'; defaultNode?: SyntaxNode; annotation?: SyntaxNode; keywordOnly: boolean }[] {
    const params: ReturnType<Evaluator['parameters']> = [];
    let keywordOnly = false;
    for (const item of this.splitCommas(children(paramList).filter((c) => c.name !== '(' && c.name !== ')'))) {
      if (item[0].name === '*' && item.length === 1) {
        keywordOnly = true;
        continue;
      }
      if (item[0].name === '/') continue;
      const kind = item[0].name === '*' ? 'star' : item[0].name === '**' ? 'starstar' : 'plain';
      const nameNode = item.find((c) => c.name === 'VariableName');
      if (!nameNode) continue;
      const eq = item.findIndex((c) => c.name === 'AssignOp');
      params.push({ name: this.text(nameNode), kind, defaultNode: eq >= 0 ? item[eq + 1] : undefined, annotation: item.find((c) => c.name === 'TypeDef'), keywordOnly });
      if (kind === 'star') keywordOnly = true;
    }
    return params;
  }

  /** Evaluates a definition's parameter defaults where it is defined: one value shared by every call, as in Python. */
  private parameterDefaults(def: SyntaxNode, scope: Scope): Map<string, Value> | undefined {
    const paramList = def.getChild('ParamList');
    if (!paramList) return undefined;
    const defaults = new Map<string, Value>();
    for (const p of this.parameters(paramList)) if (p.defaultNode) defaults.set(p.name, this.evalExpr(p.defaultNode, scope));
    return defaults;
  }

  private bindParameters(fn: FunctionValue, paramList: SyntaxNode, scope: Scope, positional: Value[], keywords: ReadonlyMap<string, Value>, origin?: string): void {
    const params = this.parameters(paramList);
    let next = 0;
    const usedKeywords = new Set<string>();
    for (const p of params) {
      let v: Value | undefined;
      if (p.kind === 'star') {
        v = { k: 'tuple', items: positional.slice(next) };
        next = positional.length;
      } else if (p.kind === 'starstar') {
        const rest = [...keywords].filter(([k]) => !usedKeywords.has(k));
        v = { k: 'dict', keys: rest.map(([k]) => ({ k: 'str', v: k }) as Value), values: rest.map(([, x]) => x) };
      } else if (!p.keywordOnly && next < positional.length) v = positional[next++];
      else if (keywords.has(p.name)) {
        v = keywords.get(p.name);
        usedKeywords.add(p.name);
      } else if (p.defaultNode) v = fn.defaults?.get(p.name) ?? this.evalExpr(p.defaultNode, fn.closure);
      if (p.annotation && (!v || v.k === 'unknown' || (v.k === 'tensor' && v.shape === null))) {
        const dims = this.jaxtypingAnnotation(p.annotation);
        if (dims) v = tensor(dims, origin ?? `annotation of \`${p.name}\``);
      }
      scope.vars.set(p.name, v ?? unknown(`argument \`${p.name}\` was not given`));
    }
  }

  /** Creates an instance of a user class and runs its `__init__`. */
  instantiate(cls: ClassValue, args: CallArgs): Value {
    const site = args.node ? this.range(args.node) : this.range(cls.node);
    const obj: ObjectValue = { k: 'object', cls, attrs: new Map(), children: [], site, file: this.mod.file, id: this.newId(), bornAt: this.speculative };
    // A dataclass's generated __init__ replaces any its bases define; one the class writes itself is kept.
    const generated = cls.attrs.has('__init__') ? undefined : this.classFields.get(cls);
    const init = generated ? undefined : this.lookupClassAttr(cls, '__init__');
    const fields = generated ?? (init ? undefined : this.fieldsOf(cls));
    if (init?.value.k === 'function') this.callFunction(init.value, [obj, ...args.positional], args.keywords);
    else if (fields) this.initFields(obj, fields, args);
    else if (!cls.isModule && (args.positional.length > 0 || args.keywords.size > 0 || args.unknownArity)) {
      // Arguments go to a constructor the analysis does not see (an external base's): what it
      // stores may shadow every class-level default.
      this.unseenAttributes.set(obj, `${cls.name}(...) is built by a constructor the analysis does not follow`);
    } else this.torch.initInherited(obj, args);
    this.recorder.instantiated(obj);
    return obj;
  }

  /** Attribute access on any value. */
  getAttribute(obj: Value, name: string): Value {
    switch (obj.k) {
      case 'object': {
        const own = obj.attrs.get(name);
        if (own !== undefined) return own;
        const found = this.lookupClassAttr(obj.cls, name);
        const unseen = this.unseenAttributes.get(obj);
        if (found && unseen && found.value.k !== 'function') return unknown(unseen);
        if (name === '__dict__') return this.attributeDict(obj);
        if (name === '__class__') return obj.cls;
        if (found) return this.bindClassAttr(found.value, obj);
        return this.torch.moduleMethod(obj, name);
      }
      case 'super': {
        for (const base of obj.cls.bases) {
          if (base.k === 'class') {
            const found = this.lookupClassAttr(base, name);
            if (found) return this.bindClassAttr(found.value, obj.self);
          }
        }
        // A torch base: a container's or a layer's __init__ takes the arguments; nn.Module's does nothing to follow.
        if (name === '__init__' && obj.self.k === 'object' && (obj.cls.containerBase || this.torch.layerBaseOf(obj.cls))) {
          const self = obj.self;
          return {
            k: 'builtin',
            name: 'super().__init__',
            call: (a) => {
              this.torch.initInherited(self, a);
              return NONE;
            },
            // What it registers cannot be known: the instance must not act as if it had no modules.
            callUncounted: (why) => {
              self.incomplete = why;
              return NONE;
            },
          };
        }
        // `super().train(mode)` in a class overriding `train`: nn.Module's own, on the whole instance.
        if (obj.self.k === 'object' && obj.self.cls.isModule && (name === 'train' || name === 'eval')) return this.torch.moduleMethod(obj.self, name);
        // `super().forward(x)` in a class extending a torch layer runs that layer.
        if (obj.self.k === 'object' && obj.self.layerBase) return this.torch.attribute(obj.self.layerBase, name);
        return { k: 'builtin', name: `super().${name}`, call: () => (name === '__init__' ? NONE : unknown(`super().${name} of a torch base is not followed`)) };
      }
      case 'class': {
        const found = this.lookupClassAttr(obj, name);
        if (!found) return unknown(`${obj.name}.${name} is not defined`);
        // `Net.small()`: a classmethod read from its class is bound to it.
        return found.value.k === 'function' && found.value.decorators.includes('classmethod') ? { k: 'bound', self: obj, fn: found.value } : found.value;
      }
      case 'module': {
        const v = obj.scope.globals.vars.get(name);
        return v ?? unknown(`${name} is not defined in ${obj.scope.file}`);
      }
      case 'torch':
        return this.torch.member(obj, name);
      case 'list':
        return this.listMethod(obj, name);
      case 'dict':
        return this.dictMethod(obj, name);
      case 'str':
        return this.strMethod(obj.v, name);
      case 'tuple':
        if (obj.size && name === 'numel') return { k: 'builtin', name, call: () => this.torch.sizeNumel(obj) };
        // The (values, indices) named tuple of max/min/sort/topk/mode/median/kthvalue; plain tuples have no such fields.
        if (obj.items.length === 2 && (name === 'values' || name === 'indices')) return obj.items[name === 'values' ? 0 : 1];
        return unknown(`tuple.${name}`);
      case 'unknown':
        return obj;
      default:
        return this.torch.attribute(obj, name);
    }
  }

  private bindClassAttr(v: Value, self: Value): Value {
    if (v.k !== 'function') return v;
    if (v.decorators.includes('staticmethod')) return v;
    if (v.decorators.includes('property')) return this.callFunction(v, [self], new Map());
    if (v.decorators.includes('classmethod')) return self.k === 'object' ? { k: 'bound', self: self.cls, fn: v } : v;
    return { k: 'bound', self, fn: v };
  }

  private listMethod(list: ListValue, name: string): Value {
    const method = (call: (a: Value[]) => Value): Value => ({
      k: 'builtin',
      name: `list.${name}`,
      call: (c) => {
        // A list changed in code that may not run holds items the analysis cannot list.
        if (this.speculative > (list.bornAt ?? 0) && MUTATING_LIST_METHODS.has(name)) list.uncertain = `\`${name}\` in a branch the analysis cannot decide`;
        return call(c.positional);
      },
    });
    switch (name) {
      case 'append':
        return method((a) => {
          if (a[0] && list.items.length < LIMITS.collectionSize) list.items.push(a[0]);
          return NONE;
        });
      case 'extend':
        return method((a) => {
          const items = iterate(a[0] ?? NONE);
          if (Array.isArray(items)) list.items.push(...items);
          return NONE;
        });
      case 'insert':
        return method((a) => {
          const i = knownInt(a[0]);
          if (i !== undefined && a[1]) list.items.splice(i, 0, a[1]);
          return NONE;
        });
      case 'pop':
        return method((a) => {
          const i = a.length ? knownInt(a[0]) : -1;
          if (i === undefined || list.items.length === 0) return unknown('list.pop the analysis cannot follow');
          return list.items.splice(i < 0 ? list.items.length + i : i, 1)[0] ?? unknown('pop from an empty list');
        });
      case 'reverse':
        return method(() => {
          list.items.reverse();
          return NONE;
        });
      case 'remove':
        return method((a) => {
          const at = list.items.findIndex((x) => this.equals(x, a[0] ?? NONE) === true);
          // An item equality cannot decide might be the one removed.
          if (at < 0 || list.items.slice(0, at).some((x) => this.equals(x, a[0] ?? NONE) === null)) list.uncertain = 'list.remove of an item the analysis cannot find';
          else list.items.splice(at, 1);
          return NONE;
        });
      case 'clear':
        return method(() => {
          list.items.length = 0;
          return NONE;
        });
      case 'sort': {
        const sort = method(() => {
          const numbers = list.items.map((x) => ((x.k === 'int' || x.k === 'float') && typeof x.v === 'number' ? x.v : undefined));
          if (numbers.every((n) => n !== undefined)) list.items.sort((x, y) => (x as { v: number }).v - (y as { v: number }).v);
          else list.uncertain = 'list.sort of items the analysis cannot order';
          return NONE;
        });
        // Only plain numbers sorted without `key` or `reverse` have an order the analysis knows.
        return {
          k: 'builtin',
          name: 'list.sort',
          call: (c) => {
            if (c.keywords.size === 0 && c.positional.length === 0) return sort.k === 'builtin' ? sort.call(c) : NONE;
            list.uncertain = 'list.sort with a key or an order the analysis does not follow';
            return NONE;
          },
        };
      }
      case 'copy':
        return method(() => ({ k: 'list', items: [...list.items] }));
      case 'index':
        return method((a) => {
          const i = list.items.findIndex((x) => this.equals(x, a[0] ?? NONE) === true);
          return i >= 0 ? { k: 'int', v: i } : unknown('list.index of a value not found');
        });
      default:
        return unknown(`list.${name}`);
    }
  }

  /** Sets entries as `d[k] = v` does, in order. */
  private dictUpdate(dict: DictValue, keys: readonly Value[], values: readonly Value[]): void {
    keys.forEach((key, i) => {
      const at = dict.keys.findIndex((k) => sameValue(k, key));
      if (at >= 0) dict.values[at] = values[i];
      else {
        dict.keys.push(key);
        dict.values.push(values[i]);
      }
    });
  }

  private dictMethod(dict: DictValue, name: string): Value {
    const method = (call: (a: Value[]) => Value, keywords?: (c: CallArgs) => void): Value => ({
      k: 'builtin',
      name: `dict.${name}`,
      call: (c) => {
        if (MUTATING_DICT_METHODS.has(name) && this.speculative > (dict.bornAt ?? 0)) {
          dict.uncertain = `\`${name}\` in a branch the analysis cannot decide`;
          this.syncAttributeDict(dict, [...dict.keys]);
          return unknown(dict.uncertain);
        }
        if (dict.uncertain) return unknown(dict.uncertain);
        const before = MUTATING_DICT_METHODS.has(name) && this.attributeDicts.has(dict) ? [...dict.keys] : undefined;
        keywords?.(c);
        const result = call(c.positional);
        if (before) this.syncAttributeDict(dict, before);
        return result;
      },
    });
    const find = (key: Value | undefined) => (key ? dict.keys.findIndex((k) => sameValue(k, key)) : -1);
    switch (name) {
      case 'update':
        return method(
          (a) => {
            const other = a[0];
            if (other?.k === 'dict' && !other.uncertain) this.dictUpdate(dict, other.keys, other.values);
            else if (other) dict.uncertain = 'updated with entries the analysis does not know';
            return NONE;
          },
          (c) => {
            // Positional entries first, then keywords, as dict.update applies them.
            if (c.positional[0]) return;
            this.dictUpdate(dict, [...c.keywords.keys()].map((k) => ({ k: 'str', v: k }) as Value), [...c.keywords.values()]);
          },
        );
      case 'setdefault':
        return method((a) => {
          const at = find(a[0]);
          if (at >= 0) return dict.values[at];
          if (a[0]) this.dictUpdate(dict, [a[0]], [a[1] ?? NONE]);
          return a[1] ?? NONE;
        });
      case 'pop':
        return method((a) => {
          const at = find(a[0]);
          if (at < 0) return a[1] ?? unknown('dict.pop of a key the analysis does not find');
          dict.keys.splice(at, 1);
          return dict.values.splice(at, 1)[0];
        });
      case 'popitem':
        return method(() => {
          const key = dict.keys.pop();
          const value = dict.values.pop();
          return key && value ? { k: 'tuple', items: [key, value] } : unknown('popitem of an empty dict');
        });
      case 'clear':
        return method(() => {
          dict.keys.length = 0;
          dict.values.length = 0;
          return NONE;
        });
      case 'items':
        return method(() => ({ k: 'list', items: dict.keys.map((k, i) => ({ k: 'tuple', items: [k, dict.values[i]] }) as Value) }));
      case 'keys':
        return method(() => ({ k: 'list', items: [...dict.keys] }));
      case 'values':
        return method(() => ({ k: 'list', items: [...dict.values] }));
      case 'get':
        return method((a) => {
          const at = dict.keys.findIndex((k) => sameValue(k, a[0] ?? NONE));
          return at >= 0 ? dict.values[at] : (a[1] ?? NONE);
        });
      default:
        return unknown(`dict.${name}`);
    }
  }

  private strMethod(s: string, name: string): Value {
    const method = (call: (a: Value[]) => Value): Value => ({ k: 'builtin', name: `str.${name}`, call: (c) => call(c.positional) });
    switch (name) {
      case 'lower':
        return method(() => ({ k: 'str', v: s.toLowerCase() }));
      case 'upper':
        return method(() => ({ k: 'str', v: s.toUpperCase() }));
      case 'startswith':
        return method((a) => (a[0]?.k === 'str' ? { k: 'bool', v: s.startsWith(a[0].v) } : unknown('str.startswith')));
      case 'endswith':
        return method((a) => (a[0]?.k === 'str' ? { k: 'bool', v: s.endsWith(a[0].v) } : unknown('str.endswith')));
      default:
        return unknown(`str.${name}`);
    }
  }

  /** Runs host-driven code (a declared input no call reached) as if from a module's top level. */
  inModuleFrame<T>(mod: ModuleScope, run: () => T): T {
    this.frames.push({ mod, qualname: '<module>', pendingReturns: [] });
    try {
      return run();
    } finally {
      this.frames.pop();
    }
  }
}

/** `str(v)` of a value whose text the analysis knows: ints, strings, bools, None. */
function pyStr(v: Value): string | undefined {
  if (v.k === 'str') return v.v;
  if (v.k === 'int' && isKnown(v.v)) return String(v.v);
  if (v.k === 'bool') return v.v ? 'True' : 'False';
  if (v.k === 'none') return 'None';
  return undefined;
}

function asDim(v: { k: 'int'; v: Dim } | { k: 'bool'; v: boolean }): Dim {
  return v.k === 'bool' ? (v.v ? 1 : 0) : v.v;
}

/** Integers beyond 2**53 lose precision in JavaScript; they are no size a model uses. */
function guardInt(d: Dim): Dim {
  return typeof d === 'number' && !Number.isSafeInteger(d) ? null : d;
}
