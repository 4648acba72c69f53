/**
 * Entry points of the analysis core: `analyze` for one-shot use (the CLI, tests) and
 * `AnalysisSession`, which the editor keeps per workspace to reuse parse trees (incrementally
 * reparsed after edits) and the imported files it has read.
 */
import type { AnalysisResult, AnalyzeOptions, Diagnostic, FileReader } from './api';
import { Budget, BudgetExceeded } from './budget';
import { checkShapeComments } from './comments';
import { declaredInputs } from './declarations';
import { sym, type Dim } from './dims';
import { Evaluator } from './evaluator';
import { defineLazy } from './lazy';
import { children, parsePython, reparsePython, type ParsedFile, type TextChange } from './parse';
import { Recorder } from './recorder';
import { moduleEntries } from './summary';
import { Scope, tensor, type ClassValue, type FunctionValue, type LayerValue, type ModuleScope, type Value } from './values';

export type { TextChange } from './parse';

const DEFAULT_BUDGET_MS = 500;
/** Beyond this a file is generated data, not model code; even parsing it would take seconds. */
const MAX_SOURCE_CHARS = 1_000_000;

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, rel: string): string {
  return dir ? `${dir}/${rel}` : rel;
}

/** Candidate files for `import a.b` (level 0) or `from ..a import b` (level 2), nearest first. */
function moduleCandidates(fromFile: string, dotted: string, level: number): string[] {
  const rel = dotted.split('.').filter((p) => p.length > 0).join('/');
  const dirs: string[] = [];
  if (level > 0) {
    let d = dirname(fromFile);
    for (let i = 1; i < level; i++) d = dirname(d);
    dirs.push(d);
  } else {
    // Absolute imports resolve against the importing file's folder and each folder above it.
    for (let d = dirname(fromFile); ; d = dirname(d)) {
      dirs.push(d);
      if (d === '' || d === '/' || dirname(d) === d || dirs.length > 32) break;
    }
  }
  return dirs.flatMap((d) => (rel ? [join(d, `${rel}.py`), join(d, `${rel}/__init__.py`)] : [join(d, '__init__.py')]));
}

export class AnalysisSession {
  private readonly parsed = new Map<string, ParsedFile>();

  constructor(private readonly readFile?: FileReader) {}

  /** The parse of a file's text, reusing the cached tree when the text is unchanged. */
  parse(file: string, text: string): ParsedFile {
    const cached = this.parsed.get(file);
    if (cached && cached.text === text) return cached;
    const fresh = parsePython(text);
    this.parsed.set(file, fresh);
    return fresh;
  }

  /** Applies edits to a file's cached tree (incremental reparse) and returns the new text. */
  edit(file: string, changes: readonly TextChange[]): string | undefined {
    const cached = this.parsed.get(file);
    if (!cached) return undefined;
    const next = reparsePython(cached, changes);
    this.parsed.set(file, next);
    return next.text;
  }

  /** Forgets a file (closed, deleted or changed on disk) so the next import reads it again. */
  invalidate(file: string): void {
    this.parsed.delete(file);
  }

  analyze(source: string, options: AnalyzeOptions): AnalysisResult {
    const started = Date.now();
    const recorder = new Recorder(options.file);
    const result: AnalysisResult = { file: options.file, shapes: [], diagnostics: [], modules: [], hovers: [], layerSites: [], stats: { millis: 0, truncated: false } };
    if (source.length > MAX_SOURCE_CHARS) {
      result.stats.truncated = true;
      return result;
    }
    try {
      const budget = new Budget(options.timeBudgetMs ?? DEFAULT_BUDGET_MS);
      const main: ModuleScope = { file: options.file, globals: new Scope(undefined, '<module>'), parsed: this.parse(options.file, source) };
      const loaded = new Map<string, ModuleScope | 'loading'>([[options.file, 'loading']]);
      const readFile = options.readFile ?? this.readFile;
      const ev = new Evaluator(budget, recorder, (fromFile, dotted, level) => {
        for (const path of moduleCandidates(fromFile, dotted, level)) {
          const known = loaded.get(path);
          if (known === 'loading') return 'cycle';
          if (known) return known;
          const text = readFile?.(path);
          if (text === undefined) continue;
          const mod: ModuleScope = { file: path, globals: new Scope(undefined, '<module>'), parsed: this.parse(path, text) };
          loaded.set(path, 'loading');
          ev.runModule(mod);
          loaded.set(path, mod);
          return mod;
        }
        return undefined;
      });
      let extra: Diagnostic[] = [];
      try {
        ev.runModule(main);
        extra = runDeclaredEntryPoints(ev, recorder, main, options);
      } catch (e) {
        if (!(e instanceof BudgetExceeded)) throw e;
        result.stats.truncated = true;
      }
      result.shapes = recorder.shapeEntries();
      // Hovers and Kernel Lab previews are built when a host first reads them (a hover, a lens).
      defineLazy(result, 'hovers', () => recorder.hoverEntries(main.parsed.lines), []);
      defineLazy(result, 'layerSites', () => recorder.layerSites(main.parsed.lines), []);
      result.modules = moduleEntries(recorder);
      result.diagnostics = [...recorder.diagnosticList(), ...checkShapeComments(options.file, main.parsed, recorder.statementShapes, recorder.printLines), ...extra].sort(
        (a, b) => a.range.line - b.range.line || a.range.column - b.range.column,
      );
    } catch {
      // Never throw out of the analysis: a bug here costs results, not the editor.
      result.stats.truncated = true;
    }
    result.stats.millis = Date.now() - started;
    return result;
  }
}

/** Analyses one Python source file. Never throws; bounded by `options.timeBudgetMs`. */
export function analyze(source: string, options: AnalyzeOptions): AnalysisResult {
  return new AnalysisSession(options.readFile).analyze(source, options);
}

function toDims(shape: readonly (number | string)[]): Dim[] {
  return shape.map((d) => (typeof d === 'number' ? d : sym(d)));
}

/**
 * A declaration to start from: the channels or features the model's first layer takes, with
 * names for what the analysis cannot know (`(B, 3, H, W)`); `(B, C, H, W)` without a first layer.
 */
function suggestedInput(obj: Value | undefined): string {
  const first = firstLayer(obj, 0);
  if (first) {
    const a = first.instance.attributes;
    const spatial = Array.isArray(a.kernel_size) ? a.kernel_size.length : 0;
    if (typeof a.in_channels === 'number' && spatial >= 1 && spatial <= 3) return `(B, ${a.in_channels}, ${['L', 'H, W', 'D, H, W'][spatial - 1]})`;
    if (typeof a.in_features === 'number') return `(B, ${a.in_features})`;
  }
  return '(B, C, H, W)';
}

/** The first layer registered in a module tree, in registration order. */
function firstLayer(v: Value | undefined, depth: number): LayerValue | undefined {
  if (!v || depth > 8) return undefined;
  if (v.k === 'layer') return v;
  const next = v.k === 'object' ? v.children.map((n) => v.attrs.get(n)) : v.k === 'container' ? v.items : [];
  for (const child of next) {
    const found = firstLayer(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Whether a function declares its inputs by jaxtyping annotations. */
function hasAnnotatedTensorParams(fn: FunctionValue): boolean {
  const params = fn.node.getChild('ParamList');
  return !!params && children(params).some((c) => c.name === 'TypeDef' && c.getChild('MemberExpression')?.getChild('String') != null);
}

/**
 * Runs the forwards and functions no call reached with a known input but whose input is declared
 * (a `# convlens: input` comment, jaxtyping annotations, or the host's default input shape).
 * Model classes left without any known input get an `unknown-input` information diagnostic.
 */
function runDeclaredEntryPoints(ev: Evaluator, rec: Recorder, main: ModuleScope, options: AnalyzeOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = main.parsed.lines;
  const given = (name: string): Dim[][] | undefined => {
    const shape = options.inputShapes?.[name];
    return shape ? [toDims(shape)] : undefined;
  };
  for (const fn of rec.functions) {
    const line = lines.lineOf(fn.node.from);
    const comment = declaredInputs(lines.lineText(line));
    const declared = comment ?? given(fn.name);
    if (!declared || fn.closure !== main.globals || ev.calledFunctions.has(fn.node)) continue;
    const origin = comment ? `declaration on line ${line}` : 'the given input shape';
    ev.inModuleFrame(main, () => ev.callFunction(fn, declared.map((d) => tensor(d, origin)), new Map()));
  }
  const children = new Set<ClassValue>();
  for (const obj of rec.instances) for (const name of obj.children) {
    const child = obj.attrs.get(name);
    if (child?.k === 'object' && child.cls !== obj.cls) children.add(child.cls);
  }
  for (const cls of [...rec.classes]) {
    if (!cls.isModule) continue;
    const forward = ev.lookupClassAttr(cls, 'forward')?.value;
    if (forward?.k !== 'function') continue;
    const instances = rec.instancesOf(cls);
    if (instances.some((o) => rec.moduleCalls.get(o.id)?.knownInput)) continue;
    const line = lines.lineOf(cls.node.from);
    const comment = declaredInputs(lines.lineText(line));
    const declared = comment ?? given(cls.name);
    const annotated = hasAnnotatedTensorParams(forward);
    const shapes = declared ?? (options.defaultInputShape && !annotated ? [toDims(options.defaultInputShape)] : undefined);
    if (shapes || annotated) {
      const origin = comment ? `declaration on line ${line}` : declared ? 'the given input shape' : annotated ? 'annotations of forward' : 'the default input shape setting';
      const inputs: Value[] = (shapes ?? []).map((d) => tensor(d, origin));
      ev.inModuleFrame(main, () => {
        const obj = instances[0] ?? ev.instantiate(cls, { positional: [], keywords: new Map() });
        if (obj.k !== 'object') return;
        const runForward = () => ev.torch.callModule(obj, { positional: inputs, keywords: new Map() });
        // A global default may not fit this model at all: what it shows is a preview, never an error.
        if (shapes && !declared) ev.speculatively(runForward);
        else runForward();
      });
      continue;
    }
    if (children.has(cls)) continue;
    const nameNode = cls.node.getChild('VariableName');
    const range = lines.range(nameNode?.from ?? cls.node.from, nameNode?.to ?? cls.node.from);
    const endOfLine = lines.range(lines.lineStart(line) + lines.lineText(line).length, lines.lineStart(line) + lines.lineText(line).length);
    out.push({
      range,
      severity: 'information',
      code: 'unknown-input',
      message: `no input shape: add \`# convlens: input (...)\` to see the shapes inside ${cls.name}.forward`,
      related: [],
      fixes: [{ title: 'Declare an input shape', edits: [{ file: options.file, range: endOfLine, newText: `  # convlens: input ${suggestedInput(instances[0])}` }] }],
    });
  }
  return out;
}
