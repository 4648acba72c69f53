import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, programSource, repoRoot, type CorpusProgram } from '../corpus/fixtures';

const corpus = loadCorpus();
const byKind = (kind: CorpusProgram['kind']) => corpus.programs.filter((p) => p.kind === kind);
const regenerate = 'regenerate with /usr/bin/python3 scripts/gen_corpus_fixtures.py';

describe('torch corpus fixtures', () => {
  it('were recorded by torch 1.13 for a corpus of at least 100 programs, 40 of them buggy', () => {
    expect(corpus.torch).toBe('1.13.0');
    expect(corpus.programs.length).toBeGreaterThanOrEqual(100);
    expect(byKind('buggy').length).toBeGreaterThanOrEqual(40);
    expect(byKind('comments').length).toBeGreaterThan(0);
  });

  it('cover every program in test/corpus, and nothing else', () => {
    const onDisk = (['valid', 'buggy', 'comments'] as const).flatMap((kind) =>
      readdirSync(join(repoRoot, 'test', 'corpus', kind))
        .filter((name) => name.endsWith('.py'))
        .map((name) => `test/corpus/${kind}/${name}`),
    );
    const recorded = corpus.programs.map((p) => p.path).filter((path) => path.startsWith('test/corpus/'));
    expect(recorded.sort(), regenerate).toEqual(onDisk.sort());
  });

  it.each(corpus.programs.map((p) => [p.path, p] as const))('%s is recorded from its current source', (_path, program) => {
    const digest = createHash('sha1').update(readFileSync(join(repoRoot, program.path))).digest('hex');
    expect(digest, `${program.path} changed since its fixture was recorded: ${regenerate}`).toBe(program.sha1);
  });

  it.each(corpus.programs.map((p) => [p.path, p] as const))('%s has entries that point at its source', (_path, program) => {
    const lines = programSource(program).split('\n');
    for (const entry of program.shapes) {
      // The target is written at (or, for a multi-line target list, after) the statement's first line.
      expect(lines.slice(entry.line - 1).join('\n'), `${entry.name} at line ${entry.line}`).toContain(entry.name);
      expect(entry.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
      if (entry.history) expect(entry.history.at(-1)).toEqual(entry.shape);
    }
    for (const module of program.modules) expect(lines[module.line - 1]).toMatch(new RegExp(`^\\s*class ${module.name}\\b`));
    for (const comment of program.comments) expect(lines[comment.line - 1]).toContain('#');
  });

  it('record exactly one error for each buggy program and none for the others', () => {
    for (const program of corpus.programs) {
      if (program.kind === 'buggy') {
        expect(program.error, program.path).not.toBeNull();
        expect(program.error!.message.length, program.path).toBeGreaterThan(0);
      } else {
        expect(program.error, program.path).toBeNull();
      }
    }
  });

  it('have no wrong shape comment in a valid program, and at least one in each comments program', () => {
    for (const program of byKind('valid')) expect(program.comments.filter((c) => c.wrong), program.path).toEqual([]);
    for (const program of byKind('comments')) expect(program.comments.some((c) => c.wrong), program.path).toBe(true);
  });

  it('flag exactly the three wrong comments of examples/tutorial.py', () => {
    const tutorial = corpus.programs.find((p) => p.path === 'examples/tutorial.py')!;
    expect(tutorial.comments.filter((c) => c.wrong).map((c) => [c.line, c.actual])).toEqual([
      [14, [1, 3, 28, 28]],
      [47, [1, 3, 21, 21]],
      [50, [1, 3, 21, 21]],
    ]);
  });
});
