import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dimAdd, sym } from '../../src/core/dims';
import type { ModuleEntry } from '../../src/core/api';
import { inputDeclaration, parseInputShape } from '../../src/extension/inputShape';
import { formatBytes, formatCount, formatMacs, formatShape, formatShapeHistory } from '../../src/present/shapeText';
import { summaryTable, tableToCsv, tableToMarkdown, type SummaryHeaders } from '../../src/present/summaryTable';
import { parseSummaryMessage } from '../../webview/summary/protocol';

describe('input shapes a user types', () => {
  it('accepts sizes and names with or without brackets', () => {
    expect(parseInputShape('1,3,224,224')).toEqual([1, 3, 224, 224]);
    expect(parseInputShape(' B, 3, H, W ')).toEqual(['B', 3, 'H', 'W']);
    expect(parseInputShape('[1, 1, 32, 32]')).toEqual([1, 1, 32, 32]);
    expect(parseInputShape('(1, 3, 32, 32,)')).toEqual([1, 3, 32, 32]);
  });
  it('rejects what is not a shape', () => {
    for (const text of ['', '1,,3', '1, 3.5', '0, 3', '-1, 3', '1 3 224', 'B+1, 3', '[1, 3)', '1, 3]x']) {
      expect(parseInputShape(text), text).toBeUndefined();
    }
  });
  it('writes the declaration comment', () => {
    expect(inputDeclaration(['B', 3, 224, 224])).toBe('# convlens: input (B, 3, 224, 224)');
  });
});

describe('shape and count text', () => {
  it('prints shapes in the three inlay styles', () => {
    const shape = [1, sym('C'), 28, 28];
    expect(formatShape(shape, 'list')).toBe('[1, C, 28, 28]');
    expect(formatShape(shape, 'times')).toBe('1×C×28×28');
    expect(formatShape(shape, 'torch')).toBe('torch.Size([1, C, 28, 28])');
    expect(formatShape(null)).toBe('?');
  });
  it('prints the shapes a line took in a loop, eliding long runs', () => {
    expect(formatShapeHistory([[1, 3, 16, 16], [1, 3, 8, 8]])).toBe('[1, 3, 16, 16] → [1, 3, 8, 8]');
    expect(formatShapeHistory([[8], [4], [2], [1]], 'times')).toBe('8 → … → 1 (×4)');
  });
  it('prints counts the way the code lens shows them', () => {
    expect(formatCount(61706)).toBe('61,706');
    expect(formatMacs(416_520)).toBe('0.42 M');
    expect(formatMacs(1_820_000_000)).toBe('1.82 G');
    expect(formatBytes(9408)).toBe('9.19 KB');
    expect(formatCount(dimAdd(sym('H'), 2))).toBe('H + 2');
    expect(formatCount(null)).toBe('?');
  });
});

const headers: SummaryHeaders = {
  layer: 'Layer', type: 'Type', kernel: 'Kernel', stride: 'Stride', padding: 'Padding', dilation: 'Dilation',
  output: 'Output shape', params: 'Params', macs: 'MACs', receptiveField: 'RF', memory: 'Memory', total: 'Total',
};

const model: ModuleEntry = {
  name: 'Net',
  line: 1,
  range: { line: 1, column: 1, endLine: 1, endColumn: 4 },
  params: 156,
  macs: 117_600,
  outputShape: [1, 6, 14, 14],
  summary: [
    { path: 'features', depth: 0, type: 'Sequential', outputShape: [1, 6, 14, 14], params: 156, macs: 117_600, activationBytes: 0 },
    { path: 'features.0', depth: 1, type: 'Conv2d', kernel: [5, 5], stride: [1, 1], padding: [0, 0], dilation: [1, 1], outputShape: [1, 6, 28, 28], params: 156, macs: 117_600, receptiveField: [5, 5], activationBytes: 18_816 },
    { path: 'features.1', depth: 1, type: 'MaxPool2d', kernel: [2, 2], stride: [2, 2], padding: ['same'], outputShape: [1, 6, 14, 14], params: 0, macs: 0, activationBytes: 4_704 },
  ],
};

describe('model summary table', () => {
  const table = summaryTable(model, headers);
  it('lists each layer with its geometry and totals the model', () => {
    expect(table.rows[1].cells).toEqual(['features.0', 'Conv2d', '[1, 6, 28, 28]', '156', '117,600', '5×5', '1×1', '0×0', '1×1', '5×5', '18.38 KB']);
    expect(table.rows[2].cells.slice(5, 9)).toEqual(['2×2', '2×2', 'same', '']);
    expect(table.totals).toEqual(['Total', 'Net', '[1, 6, 14, 14]', '156', '117,600', '', '', '', '', '', '22.97 KB']);
  });
  it('copies as a Markdown table with nesting kept visible', () => {
    const lines = tableToMarkdown(table).split('\n');
    expect(lines[0]).toBe('| Layer | Type | Output shape | Params | MACs | Kernel | Stride | Padding | Dilation | RF | Memory |');
    expect(lines[1]).toBe('| --- | --- | --- | ---: | ---: | --- | --- | --- | --- | --- | ---: |');
    expect(lines[3].startsWith('| \u00a0\u00a0features.0 | Conv2d |')).toBe(true);
    expect(lines[5]).toContain('| **Total** | **Net** |');
  });
  it('exports CSV that quotes fields with commas', () => {
    const csv = tableToCsv(table).split('\r\n');
    expect(csv[0]).toBe('Layer,Type,Output shape,Params,MACs,Kernel,Stride,Padding,Dilation,RF,Memory');
    expect(csv[2]).toBe('features.0,Conv2d,"[1, 6, 28, 28]",156,"117,600",5×5,1×1,0×0,1×1,5×5,18.38 KB');
  });
});

describe('messages from the summary webview', () => {
  it('admits only the known requests', () => {
    expect(parseSummaryMessage({ type: 'copyMarkdown' })).toEqual({ type: 'copyMarkdown' });
    expect(parseSummaryMessage({ type: 'reveal', row: 2 })).toEqual({ type: 'reveal', row: 2 });
    for (const bad of [null, 'copyMarkdown', { type: 'reveal', row: -1 }, { type: 'reveal', row: 1.5 }, { type: 'reveal', row: '1' }, { type: 'runCommand', command: 'x' }]) {
      expect(parseSummaryMessage(bad)).toBeUndefined();
    }
  });
});

describe('Simplified Chinese', () => {
  const root = join(__dirname, '..', '..');
  const sources = readdirSync(join(root, 'src', 'extension')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(root, 'src', 'extension', f), 'utf8'));
  const used = new Set(sources.flatMap((s) => [...s.matchAll(/l10n\.t\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((m) => m[2])));
  const zh = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const en = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  it('translates every string the extension shows, keeping its placeholders', () => {
    expect([...used].filter((s) => !(s in zh))).toEqual([]);
    expect([...used].filter((s) => !(s in en))).toEqual([]);
    expect(Object.keys(zh).filter((s) => !used.has(s)), 'strings nothing shows any more').toEqual([]);
    for (const [english, chinese] of Object.entries(zh)) expect(chinese.match(/\{\d\}/g)?.sort(), english).toEqual(english.match(/\{\d\}/g)?.sort());
  });
  it('translates every manifest string', () => {
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const nlsZh = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const keys = [...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
    expect(keys.filter((k) => !(k in nls) || !(k in nlsZh))).toEqual([]);
  });
});
