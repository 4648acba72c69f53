import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze';
import type { TextEdit } from '../../src/core/api';
import { callArgumentEdits } from '../../src/core/callEdit';

/** Applies edits (on one line each, as these are) to the source. */
function applied(source: string, edits: TextEdit[]): string {
  const lines = source.split('\n');
  for (const e of [...edits].sort((a, b) => b.range.line - a.range.line || b.range.column - a.range.column)) {
    const l = lines[e.range.line - 1];
    lines[e.range.line - 1] = l.slice(0, e.range.column - 1) + e.newText + l.slice(e.range.endColumn - 1);
  }
  return lines.join('\n');
}

/** "Apply to code" on the first layer site of `source`, with the lab's config changed by `change`. */
function apply(source: string, change: Record<string, number | number[] | string>): string {
  const site = analyze(source, { file: 'm.py' }).layerSites[0];
  expect(site).toBeDefined();
  const wanted = { ...site.preview.config, ...change };
  return applied(source, callArgumentEdits('m.py', source, site.range, site.preview.op, site.preview.config, wanted));
}

const HEAD = 'import torch\nimport torch.nn as nn\n';

describe('Apply to code', () => {
  it('replaces exactly the keyword argument the lab changed', () => {
    expect(apply(`${HEAD}layer = nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=0)  # note\n`, { padding: [1, 1] })).toBe(`${HEAD}layer = nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=1)  # note\n`);
  });

  it('replaces a positional argument in place and writes a non-uniform tuple as a tuple', () => {
    expect(apply(`${HEAD}layer = nn.Conv2d(1, 3, 3, 1)\n`, { kernel_size: [5, 3], stride: [2, 2] })).toBe(`${HEAD}layer = nn.Conv2d(1, 3, (5, 3), 2)\n`);
  });

  it("appends an argument the call leaves at torch's default, and writes strings as Python strings", () => {
    expect(apply(`${HEAD}layer = nn.Conv2d(1, 3, 3)\n`, { dilation: [2, 2], padding_mode: 'reflect', padding: 'same' })).toBe(
      `${HEAD}layer = nn.Conv2d(1, 3, 3, padding='same', dilation=2, padding_mode='reflect')\n`,
    );
  });

  it('changes nothing when nothing changed, and never edits a call that unpacks arguments', () => {
    const plain = `${HEAD}layer = nn.Conv2d(1, 3, kernel_size=3)\n`;
    expect(apply(plain, {})).toBe(plain);
    // Which argument `**cfg` gives is not known from the call: leave it alone.
    const unpacking = `${HEAD}layer = nn.Conv2d(1, 3, **cfg)\n`;
    const call = { line: 3, column: 9, endLine: 3, endColumn: 31 };
    expect(unpacking.split('\n')[2].slice(call.column - 1, call.endColumn - 1)).toBe('nn.Conv2d(1, 3, **cfg)');
    expect(callArgumentEdits('m.py', unpacking, call, 'Conv2d', { stride: [1, 1] }, { stride: [2, 2] })).toEqual([]);
  });
});
