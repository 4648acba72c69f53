/**
 * Compares the engine's results for one corpus program with torch's truth from
 * test/fixtures/corpus.json. Shared by the corpus test and by anyone who wants the numbers.
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core/analyze';
import type { AnalysisResult } from '../../src/core/api';
import { dimToJson } from '../../src/core/dims';
import { parser } from '@lezer/python';

/**
 * The lines of the statement that starts on `line`: the fixtures name a statement by its first
 * line, while a diagnostic points at the call inside it that raises.
 */
function statementLines(source: string, line: number): [number, number] {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => lineStarts.filter((s) => s <= offset).length;
  let end = line;
  const cursor = parser.parse(source).cursor();
  do {
    if (/Statement$/.test(cursor.name) && lineOf(cursor.from) === line && !/^(If|For|While|With|Try|Decorated)Statement$/.test(cursor.name)) end = Math.max(end, lineOf(cursor.to));
  } while (cursor.next());
  return [line, end];
}

export interface FixtureShape {
  line: number;
  name: string;
  scope: string;
  shape: number[];
  history?: number[][];
}

export interface FixtureProgram {
  path: string;
  kind: 'valid' | 'buggy' | 'comments';
  sha1: string;
  shapes: FixtureShape[];
  error: { line: number; scope: string; type: string; message: string } | null;
  modules: { name: string; line: number; params: number }[];
  comments: { line: number; stated: number[]; actual: number[]; wrong: boolean }[];
}

export interface Comparison {
  matched: number;
  missed: string[];
  wrong: string[];
  /** What is wrong about errors, warnings and parameter counts (empty when all agree). */
  problems: string[];
}

export function loadCorpus(): FixtureProgram[] {
  return (JSON.parse(readFileSync('test/fixtures/corpus.json', 'utf8')) as { programs: FixtureProgram[] }).programs;
}

export function analyzeFile(path: string): AnalysisResult {
  const readFile = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  return analyze(readFileSync(path, 'utf8'), { file: path, readFile, timeBudgetMs: 5000 });
}

const jsonShape = (s: AnalysisResult['shapes'][number]['shape']) => (s === null ? null : s.map(dimToJson));

export function compare(program: FixtureProgram, result: AnalysisResult): Comparison {
  const out: Comparison = { matched: 0, missed: [], wrong: [], problems: [] };
  const byKey = new Map(result.shapes.map((s) => [`${s.line}|${s.name}|${s.scope}`, s]));
  for (const truth of program.shapes) {
    const label = `${truth.scope} line ${truth.line} ${truth.name}`;
    const got = byKey.get(`${truth.line}|${truth.name}|${truth.scope}`);
    const shape = got ? jsonShape(got.shape) : null;
    if (!got || shape === null || shape.some((d) => typeof d !== 'number')) {
      // Unknown (or symbolic where torch had a number): a miss, unless known dims already differ.
      if (shape && (shape.length !== truth.shape.length || shape.some((d, i) => typeof d === 'number' && d !== truth.shape[i]))) {
        out.wrong.push(`${label}: engine ${JSON.stringify(shape)}, torch ${JSON.stringify(truth.shape)}`);
      } else out.missed.push(`${label}: ${got ? (got.unknownReason ?? JSON.stringify(shape)) : 'no entry'}`);
      continue;
    }
    if (JSON.stringify(shape) !== JSON.stringify(truth.shape)) {
      out.wrong.push(`${label}: engine ${JSON.stringify(shape)}, torch ${JSON.stringify(truth.shape)}`);
      continue;
    }
    if (truth.history && got.history && JSON.stringify(got.history.map(jsonShape)) !== JSON.stringify(truth.history)) {
      out.wrong.push(`${label}: engine history ${JSON.stringify(got.history.map(jsonShape))}, torch ${JSON.stringify(truth.history)}`);
      continue;
    }
    out.matched++;
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
  if (program.error) {
    const e = program.error;
    const [first, last] = statementLines(readFileSync(program.path, 'utf8'), e.line);
    const hit = errors.find((d) => d.range.line >= first && d.range.line <= last && d.message === e.message);
    if (!hit) out.problems.push(`missing error at line ${e.line}: ${e.message} (engine: ${errors.map((d) => `${d.range.line}: ${d.message}`).join(' | ') || 'none'})`);
    for (const d of errors) if (d !== hit) out.problems.push(`extra error at line ${d.range.line}: ${d.message}`);
  } else {
    for (const d of errors) out.problems.push(`false error at line ${d.range.line}: ${d.message}`);
  }
  const wrongComments = new Set(program.comments.filter((c) => c.wrong).map((c) => c.line));
  for (const d of warnings) {
    if (d.code === 'shape-comment' && wrongComments.has(d.range.line)) continue;
    out.problems.push(`false warning at line ${d.range.line}: ${d.message}`);
  }
  for (const line of wrongComments) {
    if (!warnings.some((d) => d.code === 'shape-comment' && d.range.line === line)) out.problems.push(`wrong comment at line ${line} not flagged`);
  }
  for (const m of program.modules) {
    const got = result.modules.find((x) => x.name === m.name && !x.sequential);
    if (!got) out.problems.push(`module ${m.name} missing`);
    else if (got.params !== m.params) out.problems.push(`module ${m.name}: engine ${String(dimToJson(got.params))} params, torch ${m.params}`);
  }
  return out;
}
