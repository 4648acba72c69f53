/**
 * The `convlens` command line: `check` for CI (diagnostics and shapes of .py files and notebooks,
 * text or the JSON contract), `summary` (a torchinfo-style table of each model in a file) and
 * `kernel` (the Kernel Lab on an image file, in kernel.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AnalysisSession } from '../core/analyze';
import type { AnalysisResult, Diagnostic, ModuleEntry, Shape, SourceRange } from '../core/api';
import { dimToJson, formatDim, formatShapeList, type Dim } from '../core/dims';
import { kernelUsage, runKernelCommand } from './kernel';
import { notebookProgram, type NotebookProgram } from './notebook';
import { formatCount, formatMacs, formatShape } from '../present/shapeText';
import { englishSummaryHeaders, summaryTable, tableToMarkdown } from '../present/summaryTable';

const USAGE = `usage:
  convlens check FILES_OR_DIRS... [--format text|json] [--input [NAME=]SHAPE]... [--shapes]
      Shapes and shape errors of .py files and .ipynb notebooks (directories are searched).
      --input NAME=SHAPE   input of model class or function NAME when no code calls it,
                           e.g. --input LeNet=1,1,32,32 or --input B,3,224,224 for every model
      Exit status: 1 when an error was found, 2 on bad usage, 0 otherwise.
      A notebook's code cells run in order as one program; its JSON entries carry "cell" (the
      index in the notebook's cells) and lines counted inside that cell, its text "path[cell N]".
  convlens summary FILE [--format markdown|json]
      A torchinfo-style table of each model in FILE.
  ${kernelUsage.replace(/^usage: /, '').split('\n').join('\n  ')}`;

class UsageError extends Error {}

/** Indented JSON with arrays of plain values (shapes) kept on one line, for readable CI logs. */
function compactJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((w) => w === null || typeof w !== 'object')))) return JSON.stringify(value);
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'dist']);

/** Files to check, in a stable order: files as given, directories walked for .py and .ipynb. */
function collectFiles(targets: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path);
      } else if (/\.(py|ipynb)$/.test(entry.name)) out.push(path);
    }
  };
  for (const t of targets) {
    if (!existsSync(t)) throw new UsageError(`no such file or directory: ${t}`);
    if (statSync(t).isDirectory()) walk(t);
    else out.push(t);
  }
  return out;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path) || path;
  return rel.split(sep).join('/');
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseShape(text: string): (number | string)[] {
  const dims = text.split(/[,x×\s]+/).filter((d) => d.length > 0);
  if (dims.length === 0) throw new UsageError(`not a shape: ${text}`);
  return dims.map((d) => {
    if (/^\d+$/.test(d)) return Number(d);
    if (/^[A-Za-z_]\w*$/.test(d)) return d;
    throw new UsageError(`not a dimension: ${d} (use integers or names such as B, H)`);
  });
}

interface CheckOptions {
  format: 'text' | 'json';
  shapes: boolean;
  inputs: Record<string, (number | string)[]>;
  defaultInput?: (number | string)[];
  targets: string[];
}

function parseCheckArgs(argv: string[]): CheckOptions {
  const o: CheckOptions = { format: 'text', shapes: false, inputs: {}, targets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = a.includes('=') && a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format: ${f}`);
      o.format = f;
    } else if (a === '--shapes') o.shapes = true;
    else if (a === '--input' || a.startsWith('--input=')) {
      const v = value();
      const eq = v.indexOf('=');
      if (eq > 0) o.inputs[v.slice(0, eq)] = parseShape(v.slice(eq + 1));
      else o.defaultInput = parseShape(v);
    } else if (a.startsWith('-')) throw new UsageError(`unknown option: ${a}`);
    else o.targets.push(a);
  }
  if (o.targets.length === 0) throw new UsageError('check needs at least one file or directory');
  return o;
}

interface CheckedFile {
  path: string;
  result: AnalysisResult;
  notebook?: NotebookProgram;
}

function analyzeFile(session: AnalysisSession, path: string, o: Pick<CheckOptions, 'inputs' | 'defaultInput'>): CheckedFile {
  const text = readText(path) ?? '';
  const shown = displayPath(path);
  const notebook = path.endsWith('.ipynb') ? notebookProgram(text) : undefined;
  const source = notebook ? notebook.source : text;
  const result = session.analyze(source, {
    file: shown,
    readFile: (p) => readText(p),
    defaultInputShape: o.defaultInput,
    inputShapes: o.inputs,
    timeBudgetMs: 2000,
  });
  return { path: shown, result, notebook };
}

function shapeJson(shape: Shape): (number | string | null)[] | null {
  return shape === null ? null : shape.map(dimToJson);
}

/** Position of a program line: in a notebook, the cell (index in `cells`) and the line inside it. */
function place(file: CheckedFile, line: number): { line: number; cell?: number } {
  return file.notebook ? file.notebook.locate(line) : { line };
}

function rangeJson(file: CheckedFile, r: SourceRange) {
  const start = place(file, r.line);
  const end = place(file, r.endLine);
  const out: Record<string, number> = { line: start.line, column: r.column, endLine: end.cell === start.cell ? end.line : start.line, endColumn: end.cell === start.cell ? r.endColumn : r.column };
  if (start.cell !== undefined) out.cell = start.cell;
  return out;
}

function fileJson(file: CheckedFile) {
  const r = file.result;
  return {
    path: file.path,
    shapes: r.shapes.map((s) => {
      const p = place(file, s.line);
      const entry: Record<string, unknown> = { line: p.line, name: s.name, scope: s.scope, shape: shapeJson(s.shape) };
      if (s.history) entry.history = s.history.map(shapeJson);
      if (p.cell !== undefined) entry.cell = p.cell;
      return entry;
    }),
    diagnostics: r.diagnostics.map((d) => ({ ...rangeJson(file, d.range), severity: d.severity, code: d.code, message: d.message })),
    modules: r.modules.map((m) => {
      const p = place(file, m.line);
      const entry: Record<string, unknown> = { name: m.name, line: p.line, params: dimToJson(m.params) };
      if (p.cell !== undefined) entry.cell = p.cell;
      return entry;
    }),
  };
}

function location(file: CheckedFile, line: number, column: number): string {
  const p = place(file, line);
  return p.cell !== undefined ? `${file.path}[cell ${p.cell}]:${p.line}:${column}` : `${file.path}:${p.line}:${column}`;
}

function diagnosticText(file: CheckedFile, d: Diagnostic): string {
  return `${location(file, d.range.line, d.range.column)}: ${d.severity} ${d.code}: ${d.message}`;
}

function shapeText(shape: Shape): string {
  return shape === null ? 'unknown' : formatShapeList(shape, 'python');
}

function runCheck(argv: string[]): number {
  const o = parseCheckArgs(argv);
  const session = new AnalysisSession();
  const files = collectFiles(o.targets).map((p) => analyzeFile(session, p, o));
  const failed = files.some((f) => f.result.diagnostics.some((d) => d.severity === 'error'));
  if (o.format === 'json') {
    process.stdout.write(`${compactJson({ version: 1, files: files.map(fileJson) })}\n`);
    return failed ? 1 : 0;
  }
  const lines: string[] = [];
  for (const f of files) {
    for (const d of f.result.diagnostics) lines.push(diagnosticText(f, d));
    if (o.shapes && f.result.shapes.length > 0) {
      lines.push(`${f.path}: shapes`);
      for (const s of f.result.shapes) {
        const shown = s.history ? s.history.map(shapeText).join(' → ') : shapeText(s.shape);
        lines.push(`  ${location(f, s.line, s.range.column)}  ${s.scope}  ${s.name} = ${shown}${s.shape === null && s.unknownReason ? `  (${s.unknownReason})` : ''}`);
      }
    }
  }
  const counts = (sev: string) => files.reduce((n, f) => n + f.result.diagnostics.filter((d) => d.severity === sev).length, 0);
  lines.push(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${counts('error')} error(s), ${counts('warning')} warning(s), ${counts('information')} note(s)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return failed ? 1 : 0;
}

// ---------------------------------------------------------------- summary

/** `61,706 params · 0.42 M MACs · [1, 1, 32, 32] → [1, 10]`, as the editor's code lens words it. */
function summaryMarkdown(m: ModuleEntry): string {
  const parts = [`${formatCount(m.params)} params`];
  if (m.macs !== undefined) parts.push(`${formatMacs(m.macs)} MACs`);
  if (m.inputShape !== undefined || m.outputShape !== undefined) parts.push(`${formatShape(m.inputShape)} → ${formatShape(m.outputShape)}`);
  return [`## ${m.name}`, '', parts.join(' · '), '', tableToMarkdown(summaryTable(m, englishSummaryHeaders))].join('\n');
}

function runSummary(argv: string[]): number {
  let format: 'markdown' | 'json' = 'markdown';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const f = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (f !== 'markdown' && f !== 'json') throw new UsageError(`unknown format: ${f ?? ''}`);
      format = f;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option: ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError('summary needs exactly one file');
  if (!existsSync(files[0]) || statSync(files[0]).isDirectory()) throw new UsageError(`no such file: ${files[0]}`);
  const file = analyzeFile(new AnalysisSession(), files[0], { inputs: {} });
  const modules = file.result.modules;
  if (format === 'json') {
    const json = modules.map((m) => ({
      name: m.name,
      line: place(file, m.line).line,
      params: dimToJson(m.params),
      macs: m.macs === undefined ? null : dimToJson(m.macs),
      inputShape: m.inputShape === undefined ? null : shapeJson(m.inputShape),
      outputShape: m.outputShape === undefined ? null : shapeJson(m.outputShape),
      rows: m.summary.map((r) => ({
        path: r.path,
        depth: r.depth,
        type: r.type,
        kernel: r.kernel ?? null,
        stride: r.stride ?? null,
        padding: r.padding ?? null,
        dilation: r.dilation ?? null,
        outputShape: shapeJson(r.outputShape),
        params: dimToJson(r.params),
        macs: dimToJson(r.macs),
        receptiveField: r.receptiveField ?? null,
        activationBytes: dimToJson(r.activationBytes),
      })),
    }));
    process.stdout.write(`${compactJson({ version: 1, path: file.path, modules: json })}\n`);
  } else {
    process.stdout.write(modules.length ? `${modules.map(summaryMarkdown).join('\n\n')}\n` : `${file.path}: no nn.Module is instantiated in this file\n`);
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return runCheck(rest);
      case 'summary':
        return runSummary(rest);
      case 'kernel':
        return await runKernelCommand(rest);
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`convlens: ${e.message}\n${USAGE}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`convlens: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 3;
  },
);
