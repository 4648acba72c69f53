/**
 * Typed access to test/fixtures/corpus.json, the truth that torch 1.13 recorded for every corpus
 * program (scripts/gen_corpus_fixtures.py writes it; test/corpus/README.md describes each field).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

export type ProgramKind = 'valid' | 'buggy' | 'comments';

export interface TorchShapeEntry {
  /** First line of the assignment statement, 1-based. */
  line: number;
  /** The target as written: `out`, `x`, `self.conv1`. */
  name: string;
  /** Python's qualified name of the enclosing function: `<module>`, `LeNet.forward`, `make_layers`. */
  scope: string;
  shape: number[];
  /** Every value in order, present only when the statement ran more than once. */
  history?: number[][];
}

export interface TorchError {
  /** First line of the innermost statement of the program that was running when torch raised. */
  line: number;
  scope: string;
  type: string;
  /** `str(exception)`, exactly. */
  message: string;
}

export interface TorchModuleEntry {
  name: string;
  /** Line of the `class` statement. */
  line: number;
  /** `sum(p.numel() for p in m.parameters())` of the last instance built. */
  params: number;
  /** Each instance's count in the order they finished `__init__`, when there were several. */
  history?: number[];
}

export interface ShapeComment {
  line: number;
  /** The dims the comment states: numbers, or names that stand for any size (the same size each time). */
  stated: (number | string)[];
  actual: number[];
  wrong: boolean;
}

export interface CorpusProgram {
  path: string;
  kind: ProgramKind;
  /** sha1 of the program's bytes when the fixture was recorded. */
  sha1: string;
  shapes: TorchShapeEntry[];
  error: TorchError | null;
  modules: TorchModuleEntry[];
  comments: ShapeComment[];
}

export interface Corpus {
  torch: string;
  programs: CorpusProgram[];
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'corpus.json'), 'utf8')) as Corpus;
}

export function programSource(program: CorpusProgram): string {
  return readFileSync(join(repoRoot, program.path), 'utf8');
}
