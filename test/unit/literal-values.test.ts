/**
 * Index values written out in the code (`torch.tensor([[4, 17, 99, 100]])`) decide what torch does
 * with them: an embedding lookup out of range raises, a boolean mask selects a known count. Once
 * the code writes into such a tensor, its values are no longer known and nothing is reported.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';

function run(source: string) {
  const result = analyze(source, { file: 'literal.py' });
  const shape = (name: string) => result.shapes.filter((s) => s.name === name).at(-1)?.shape ?? undefined;
  return { errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.range.line, d.message]), shape };
}

const HEADER = 'import torch\nimport torch.nn as nn\nemb = nn.Embedding(100, 8)\n';

describe('literal index values', () => {
  it('an embedding index past the table raises where torch raises', () => {
    expect(run(`${HEADER}vectors = emb(torch.tensor([[4, 17, 99, 100]]))\n`).errors).toEqual([[4, 'index out of range in self']]);
    expect(run(`${HEADER}vectors = emb(torch.tensor([3, -1]))\n`).errors).toEqual([[4, 'index out of range in self']]);
  });

  it('indices inside the table, or not written out, report nothing', () => {
    expect(run(`${HEADER}vectors = emb(torch.tensor([[0, 99]]))\n`).errors).toEqual([]);
    expect(run(`${HEADER}vectors = emb(torch.randint(0, 1000, (2, 5)))\n`).errors).toEqual([]);
  });

  it.each([
    ['an in-place method', 'idx.clamp_(max=99)'],
    ['an item assignment', 'idx[0, 2] = 5'],
    ['an augmented assignment', 'idx -= 250'],
  ])('values changed by %s are forgotten', (_, change) => {
    const r = run(`${HEADER}idx = torch.tensor([[1, 2, 300]])\nalias = idx\n${change}\nvectors = emb(alias)\n`);
    expect(r.errors).toEqual([]);
    expect(r.shape('vectors')).toEqual([1, 3, 8]);
  });

  it('a written-out boolean mask selects as many rows as it has True values', () => {
    const r = run('import torch\nx = torch.randn(4, 3)\nmask = torch.tensor([True, False, True, True])\nrows = x[mask]\n');
    expect(r.shape('rows')).toEqual([3, 3]);
    const changed = run('import torch\nx = torch.randn(4, 3)\nmask = torch.tensor([True, False, True, True])\nmask[1] = True\nrows = x[mask]\n');
    expect(changed.shape('rows')).toEqual([null, 3]);
  });
});

describe('literal values after undecided branches', () => {
  it('an index that differs between branches is not known after them', () => {
    const r = run(`${HEADER}import random\nif random.random() > 0.5:\n    idx = torch.tensor([1])\nelse:\n    idx = torch.tensor([500])\nvectors = emb(idx)\n`);
    expect(r.errors).toEqual([]);
    expect(r.shape('vectors')).toEqual([1, 8]);
  });
});

describe('Embedding.from_pretrained', () => {
  it('takes the table size from the weights', () => {
    const r = run('import torch\nimport torch.nn as nn\ntable = nn.Embedding.from_pretrained(torch.randn(50, 6))\nvectors = table(torch.tensor([[1, 2, 3]]))\nbad = table(torch.tensor([50]))\n');
    expect(r.shape('vectors')).toEqual([1, 3, 6]);
    expect(r.errors).toEqual([[5, 'index out of range in self']]);
  });
});
