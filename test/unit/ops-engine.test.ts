/**
 * Ops as a user meets them through the analysis of a file: a view after a permute raises where
 * torch raises, and layouts the analysis cannot be sure of never do.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';

function errors(source: string): string[] {
  return analyze(source, { file: 'model.py' })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.range.line} ${d.code}`);
}

describe('view after a layout change', () => {
  it('raises at the view of a permuted tensor, as torch does', () => {
    const source = [
      'import torch',
      'x = torch.randn(8, 16, 5, 5)',
      'h = x.permute(0, 2, 3, 1)',
      'a = h.view(8, -1)',
      'b = h.reshape(8, -1)',
      'c = h.contiguous().view(8, -1)',
      'd = h.view(8, 5, 5, 16)',
    ].join('\n');
    expect(errors(source)).toEqual(['4 view-stride']);
  });

  it('follows slices and chunks, which are views too', () => {
    const source = [
      'import torch',
      'x = torch.randn(4, 6)',
      'a = x[:, :3].view(-1)',
      'b = x[:2].view(-1)',
      'd, e = x.chunk(2, dim=1)',
      'f = d.view(12)',
      'g = x.narrow(0, 1, 2).view(12)',
      'h = x[None, :, 1].view(4)',
    ].join('\n');
    expect(errors(source)).toEqual(['3 view-stride', '6 view-stride']);
  });

  it('does not raise when only one branch transposed', () => {
    const source = ['import torch', 'import random', 'y = torch.randn(4, 5, 5)', 'if random.random() > 0.5:', '    y = y.transpose(1, 2)', 'g = y.view(4, 25)'].join('\n');
    expect(errors(source)).toEqual([]);
  });
});
