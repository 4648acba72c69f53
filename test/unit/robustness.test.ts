/**
 * The engine never throws and always returns within its budget, whatever the text: truncations,
 * random edits and token soup made from the corpus, and fixed adversarial programs. The bounds are
 * generous on purpose; this is a safety net, not a performance test (that is `npm run bench`).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { AnalysisResult } from '../../src/core/api';
import { loadCorpus } from './corpus-compare';

const BUDGET_MS = 200;
/** Budget plus slack for a slow CI machine and the work after the budget check (results). */
const BOUND_MS = 2000;

const sources = loadCorpus()
  .slice(0, 60)
  .map((p) => readFileSync(p.path, 'utf8'));
const tokens = [...new Set(sources.join('\n').split(/(\s+|[()[\]{},:.=+\-*/@])/).filter((t) => t.length > 0))];

function check(source: string): AnalysisResult {
  const started = Date.now();
  const result = analyze(source, { file: 'fuzz.py', timeBudgetMs: BUDGET_MS, readFile: () => undefined });
  const elapsed = Date.now() - started;
  expect(Array.isArray(result.shapes) && Array.isArray(result.diagnostics) && Array.isArray(result.hovers)).toBe(true);
  expect(elapsed).toBeLessThan(BOUND_MS);
  return result;
}

describe('analyze never throws and always returns', () => {
  it('on every truncation of corpus programs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sources.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, at) => {
        const s = sources[i];
        check(s.slice(0, Math.floor(s.length * at)));
      }),
      { numRuns: 150 },
    );
  });

  it('on random edits of corpus programs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(20), fc.constantFrom(...tokens, '(', ')', ':', '\n    ', '[', '"', '#')), { minLength: 1, maxLength: 12 }),
        (i, edits) => {
          let s = sources[i];
          for (const [at, del, insert] of edits) {
            const pos = Math.floor(s.length * at);
            s = s.slice(0, pos) + insert + s.slice(pos + del);
          }
          check(s);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on token soup built from the corpus', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens, '\n', '\n    ', ' '), { maxLength: 400 }), (parts) => {
        check(parts.join(''));
      }),
      { numRuns: 150 },
    );
  });
});

describe('adversarial programs stay bounded', () => {
  const cases: Record<string, string> = {
    'a loop over range(10**9)': 'import torch\nx = torch.randn(1, 3, 8, 8)\nfor i in range(10**9):\n    x = x + 1\ny = x\n',
    'unbounded recursion': 'def f(n):\n    return f(n + 1)\n\nf(0)\n',
    'mutual recursion through forward': 'import torch\nimport torch.nn as nn\nclass A(nn.Module):\n    def forward(self, x):\n        return self(x)\nA()(torch.randn(2))\n',
    'while True': 'x = 0\nwhile True:\n    x += 1\n',
    'deep nesting': `x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`,
    'deep blocks': Array.from({ length: 200 }, (_, i) => `${'    '.repeat(i)}if True:\n`).join('') + `${'    '.repeat(200)}pass\n`,
    'huge literals': `x = 10**100000\ny = [0] * 10**9\nz = "a" * 10**12\nw = ${'9'.repeat(5000)}\n`,
    'nested comprehensions': 'x = [[[i * j * k for i in range(1000)] for j in range(1000)] for k in range(1000)]\n',
    'huge tensor sizes': 'import torch\nx = torch.randn(10**12, 10**12)\ny = x.view(-1)\n',
    'many statements': 'import torch\nx = torch.randn(1, 3, 8, 8)\n' + 'x = x * 2\n'.repeat(20000),
  };
  for (const [name, source] of Object.entries(cases)) {
    it(name, () => {
      const result = check(source);
      expect(result.stats.millis).toBeLessThan(BOUND_MS);
    });
  }

  it('does not even parse a file of generated data', () => {
    const result = check(`x = [${'1, '.repeat(2_000_000)}]\n`);
    expect(result.stats.truncated).toBe(true);
  });

  it('marks an analysis cut short by its budget as truncated', () => {
    const long = check('import torch\nx = torch.randn(1, 3, 8, 8)\n' + 'for i in range(500):\n    for j in range(500):\n        x = x * 2\n');
    expect(long.stats.truncated).toBe(true);
  });
});
