/**
 * The one place the extension calls the analysis core. It keeps one AnalysisResult per document
 * (or notebook) version, re-analyses after typing pauses, supplies imported workspace files (open
 * documents first, then the file system), and maps the core's 1-based positions to VS Code's.
 * Nothing thrown by the core reaches VS Code: failures are logged and treated as "no results".
 */
import * as vscode from 'vscode';
import { AnalysisSession } from '../core/analyze';
import type { AnalysisResult, SourceRange, TextEdit } from '../core/api';
import { parseInputShape } from './inputShape';
import { notebookOf, notebookProgram, type Program, type ProgramPart } from './notebooks';

/** The core stops cleanly (and says `truncated`) past this; the extension host must stay responsive. */
const ANALYSIS_BUDGET_MS = 1500;
/** Imports of imports: each round reads the files the previous one asked for. */
const MAX_IMPORT_ROUNDS = 4;

/** An analysis seen from one text document: a .py file, or one cell of a notebook. */
export class DocumentAnalysis {
  constructor(
    readonly result: AnalysisResult,
    readonly program: Program,
    readonly part: ProgramPart,
  ) {}

  get document(): vscode.TextDocument {
    return this.part.document;
  }

  /** The range in this document, or undefined when it lies in another cell. */
  rangeIn(range: SourceRange): vscode.Range | undefined {
    if (!this.ownsLine(range.line)) return undefined;
    const start = new vscode.Position(range.line - 1 - this.part.firstLine, Math.max(0, range.column - 1));
    const endLine = range.endLine - 1 - this.part.firstLine;
    // A range running into the next cell stops at the end of this one (VS Code clamps the column).
    const end = endLine < this.part.lineCount ? new vscode.Position(Math.max(0, endLine), Math.max(0, range.endColumn - 1)) : new vscode.Position(this.part.lineCount - 1, Number.MAX_SAFE_INTEGER);
    return new vscode.Range(start, end.isBefore(start) ? start : end);
  }

  /** The innermost of `items` whose range contains `position`, e.g. the layer call under the cursor. */
  innermostAt<T extends { range: SourceRange }>(items: readonly T[], position: vscode.Position): T | undefined {
    let best: { item: T; range: vscode.Range } | undefined;
    for (const item of items) {
      const range = this.rangeIn(item.range);
      if (!range?.contains(position)) continue;
      if (!best || best.range.contains(range)) best = { item, range };
    }
    return best?.item;
  }

  /** Where a (file, range) of the result lives: a cell of this notebook, this file, or another file. */
  location(file: string, range: SourceRange): vscode.Location | undefined {
    if (file !== this.program.file) {
      const uri = this.program.uri.with({ path: file, fragment: '', query: '' });
      return new vscode.Location(uri, toVscodeRange(range));
    }
    const part = this.program.parts.find((p) => range.line - 1 >= p.firstLine && range.line - 1 < p.firstLine + p.lineCount);
    if (!part) return undefined;
    const inPart = new DocumentAnalysis(this.result, this.program, part).rangeIn(range);
    return inPart && new vscode.Location(part.document.uri, inPart);
  }

  /** The core's edits as one workspace edit, each in the cell or file it belongs to. */
  workspaceEdit(edits: readonly TextEdit[]): vscode.WorkspaceEdit {
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      const where = this.location(e.file, e.range);
      if (where) edit.replace(where.uri, where.range, e.newText);
    }
    return edit;
  }

  private ownsLine(line: number): boolean {
    const line0 = line - 1 - this.part.firstLine;
    return line0 >= 0 && line0 < this.part.lineCount;
  }
}

function toVscodeRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.line - 1, Math.max(0, r.column - 1), Math.max(0, r.endLine - 1), Math.max(0, r.endColumn - 1));
}

interface CachedAnalysis {
  version: string;
  /** Start order of the analysis, so that a slower, older run never replaces a newer result. */
  sequence: number;
  result: AnalysisResult;
  /** Paths of the other files the analysis read, so that editing one re-analyses this. */
  dependencies: Set<string>;
}

export function isAnalysable(document: vscode.TextDocument): boolean {
  return document.languageId === 'python';
}

export class AnalysisService implements vscode.Disposable {
  /** Keeps parse trees between analyses: typing reparses incrementally, unchanged imports not at all. */
  private readonly session = new AnalysisSession();
  private readonly cache = new Map<string, CachedAnalysis>();
  private readonly running = new Map<string, Promise<CachedAnalysis>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files read from disk for imports: text, or undefined when there is no such file. */
  private readonly diskFiles = new Map<string, string | undefined>();
  private readonly changed = new vscode.EventEmitter<Program>();
  private readonly busy = new vscode.EventEmitter<boolean>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped by settings that change results, so every cached analysis becomes stale. */
  private settingsGeneration = 0;
  private analysesStarted = 0;

  /** Fires after a program was analysed again. */
  readonly onDidAnalyse = this.changed.event;
  /** Fires true when an analysis starts and false when none is running. */
  readonly onDidChangeBusy = this.busy.event;

  constructor(readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.py');
    const fileChanged = (uri: vscode.Uri) => this.dependencyChanged(uri.path, true);
    this.disposables.push(
      this.changed,
      this.busy,
      watcher,
      watcher.onDidChange(fileChanged),
      watcher.onDidCreate(fileChanged),
      watcher.onDidDelete(fileChanged),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !isAnalysable(e.document)) return;
        this.reparse(e);
        this.dependencyChanged(e.document.uri.path, false);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => isAnalysable(d) && this.schedule(d, 0)),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length > 0 || e.cellChanges.some((c) => c.executionSummary)) this.scheduleProgram(notebookProgram(e.notebook));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.forget(d.uri.toString());
        this.session.invalidate(d.uri.path);
      }),
      vscode.workspace.onDidCloseNotebookDocument((nb) => this.forget(nb.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('convlens.defaultInputShape')) this.reanalyseAll();
      }),
    );
  }

  /** An event for providers that must be asked again: after each analysis, or when their settings change. */
  refreshSignal(context: vscode.ExtensionContext, settingsSection: string): vscode.Event<void> {
    const signal = new vscode.EventEmitter<void>();
    context.subscriptions.push(
      signal,
      this.onDidAnalyse(() => signal.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(settingsSection) && signal.fire()),
    );
    return signal.event;
  }

  /**
   * Runs a provider's work so that nothing it throws reaches VS Code: a failure is logged and the
   * provider answers "nothing here".
   */
  async safely<T>(what: string, work: () => Promise<T> | T): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.log.error(`${what} failed`, error instanceof Error ? error : String(error));
      return undefined;
    }
  }

  /** The program a document belongs to: its notebook's code cells, or the file itself. */
  programOf(document: vscode.TextDocument): Program {
    const notebook = notebookOf(document);
    if (notebook) return notebookProgram(notebook);
    const part: ProgramPart = { document, firstLine: 0, lineCount: document.lineCount };
    return {
      key: document.uri.toString(),
      file: document.uri.path,
      uri: document.uri,
      source: document.getText(),
      parts: [part],
      version: String(document.version),
    };
  }

  /** The analysis of the document's current text (analysing now when the cached one is stale). */
  async analysisFor(document: vscode.TextDocument): Promise<DocumentAnalysis | undefined> {
    if (!isAnalysable(document)) return undefined;
    const program = this.programOf(document);
    const part = program.parts.find((p) => p.document.uri.toString() === document.uri.toString());
    if (!part) return undefined;
    const analysis = await this.analyse(program);
    return new DocumentAnalysis(analysis.result, program, part);
  }

  /** Every part of a program with the program's current analysis, for publishing per document. */
  async analysesOf(program: Program): Promise<DocumentAnalysis[]> {
    const analysis = await this.analyse(program);
    return program.parts.map((part) => new DocumentAnalysis(analysis.result, program, part));
  }

  /** The programs of every open Python document and notebook. */
  openPrograms(): Program[] {
    const files = vscode.workspace.textDocuments.filter((d) => isAnalysable(d) && !d.isClosed && d.uri.scheme !== 'vscode-notebook-cell');
    return [...files.map((d) => this.programOf(d)), ...vscode.workspace.notebookDocuments.map(notebookProgram)];
  }

  /** Analyses every open Python document and notebook, e.g. at start-up. */
  analyseOpenDocuments(): void {
    for (const program of this.openPrograms()) this.scheduleProgram(program, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs?: number): void {
    this.scheduleProgram(this.programOf(document), delayMs);
  }

  private scheduleProgram(program: Program, delayMs = vscode.workspace.getConfiguration('convlens').get<number>('diagnostics.debounceMs', 80)): void {
    clearTimeout(this.timers.get(program.key));
    this.timers.set(
      program.key,
      setTimeout(() => {
        this.timers.delete(program.key);
        // Re-read the program: more edits may have landed since this was scheduled.
        const current = this.currentProgram(program.key);
        if (current) void this.analyse(current);
      }, delayMs),
    );
  }

  private currentProgram(key: string): Program | undefined {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.uri.toString() === key);
    if (notebook) return notebookProgram(notebook);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    return document && !document.isClosed ? this.programOf(document) : undefined;
  }

  private analyse(program: Program): Promise<CachedAnalysis> {
    const version = `${this.settingsGeneration}:${program.version}`;
    const cached = this.cache.get(program.key);
    if (cached?.version === version) return Promise.resolve(cached);
    const runningKey = `${program.key}#${version}`;
    const inFlight = this.running.get(runningKey);
    if (inFlight) return inFlight;
    const run = this.runAnalysis(program, version).finally(() => {
      this.running.delete(runningKey);
      if (this.running.size === 0) this.busy.fire(false);
    });
    if (this.running.size === 0) this.busy.fire(true);
    this.running.set(runningKey, run);
    return run;
  }

  private async runAnalysis(program: Program, version: string): Promise<CachedAnalysis> {
    const sequence = ++this.analysesStarted;
    const defaultInputShape = parseInputShape(vscode.workspace.getConfiguration('convlens').get<string>('defaultInputShape', ''));
    let result: AnalysisResult = emptyResult(program.file);
    const dependencies = new Set<string>();
    for (let round = 0; round < MAX_IMPORT_ROUNDS; round++) {
      const missing = new Set<string>();
      const readFile = (path: string): string | undefined => {
        dependencies.add(path);
        const open = this.openDocumentText(program, path);
        if (open !== undefined) return open;
        if (this.diskFiles.has(path)) return this.diskFiles.get(path);
        missing.add(path);
        return undefined;
      };
      result = this.safeAnalyse(program, { readFile, defaultInputShape });
      if (missing.size === 0) break;
      await Promise.all([...missing].map((path) => this.readFromDisk(program.uri, path)));
    }
    dependencies.delete(program.file);
    const analysis: CachedAnalysis = { version, sequence, result, dependencies };
    // Waiting for imported files lets a newer run finish first; an older result must not replace it.
    if ((this.cache.get(program.key)?.sequence ?? 0) > sequence) return analysis;
    this.cache.set(program.key, analysis);
    this.changed.fire(program);
    return analysis;
  }

  /**
   * Hands a file's edits to the session's parse tree as they happen. VS Code applies an event's
   * changes one after another, each with its offset in the text before it; so does this. Should the
   * tree ever disagree with the document, the session notices by the text and parses afresh.
   */
  private reparse(e: vscode.TextDocumentChangeEvent): void {
    if (notebookOf(e.document)) return;
    const file = e.document.uri.path;
    for (const change of e.contentChanges) {
      this.session.edit(file, [{ from: change.rangeOffset, to: change.rangeOffset + change.rangeLength, insert: change.text }]);
    }
  }

  private safeAnalyse(program: Program, options: { readFile: (path: string) => string | undefined; defaultInputShape?: (number | string)[] }): AnalysisResult {
    try {
      return this.session.analyze(program.source, { file: program.file, timeBudgetMs: ANALYSIS_BUDGET_MS, ...options });
    } catch (error) {
      this.log.error(`Analysis of ${program.key} failed`, error instanceof Error ? error : String(error));
      return emptyResult(program.file);
    }
  }

  private openDocumentText(program: Program, path: string): string | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.path === path && d.uri.scheme === program.uri.scheme && d.uri.authority === program.uri.authority);
    return doc?.getText();
  }

  private async readFromDisk(base: vscode.Uri, path: string): Promise<void> {
    try {
      const bytes = await vscode.workspace.fs.readFile(base.with({ path, query: '', fragment: '' }));
      this.diskFiles.set(path, new TextDecoder().decode(bytes));
    } catch {
      // Most candidate paths of an import do not exist; that is an answer, not an error.
      this.diskFiles.set(path, undefined);
    }
  }

  /** A file other programs import changed: their results are stale. */
  private dependencyChanged(path: string, onDisk: boolean): void {
    if (onDisk) {
      this.diskFiles.delete(path);
      // An open document's tree follows its edits; saving it (auto save too) changes nothing there.
      if (!vscode.workspace.textDocuments.some((d) => d.uri.path === path)) this.session.invalidate(path);
    }
    for (const [key, cached] of this.cache) {
      if (!cached.dependencies.has(path)) continue;
      this.cache.delete(key);
      const program = this.currentProgram(key);
      if (program) this.scheduleProgram(program);
    }
  }

  private reanalyseAll(): void {
    this.settingsGeneration++;
    this.analyseOpenDocuments();
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.cache.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

function emptyResult(file: string): AnalysisResult {
  return { file, shapes: [], diagnostics: [], modules: [], hovers: [], layerSites: [], stats: { millis: 0, truncated: false } };
}
