import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { eventually, extension, openExample, screenshot } from './support/workbench';

describe('Export Architecture Diagram', () => {
  it('draws LeNet-5 in a panel and exports it as SVG and PNG', async () => {
    const editor = await openExample('lenet.py');
    await eventually(() => (extension().isActive ? true : undefined), 'ConvLens to activate');
    const out = mkdtempSync(join(tmpdir(), 'convlens-diagram-'));
    const svgPath = join(out, 'lenet.svg');
    const pngPath = join(out, 'lenet.png');
    const result = await eventually(
      async () => vscode.commands.executeCommand<{ model: string } | undefined>('convlens.exportDiagram', { uri: editor.document.uri.toString(), svg: svgPath, png: pngPath }),
      'the analysis to give LeNet5 a layer graph',
      20_000,
    );
    assert.equal(result.model, 'LeNet5');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Diagram: LeNet5');
    assert.ok(tab, 'the diagram panel is open');
    const svg = readFileSync(svgPath, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const shape of ['[1, 1, 32, 32]', '[1, 6, 28, 28]', '[1, 6, 14, 14]', '[1, 16, 10, 10]', '[1, 16, 5, 5]', '[1, 400]', '[1, 120]', '[1, 84]', '[1, 10]']) {
      assert.ok(svg.includes(`data-shape="${shape}"`), `the SVG shows ${shape}`);
    }
    const png = readFileSync(pngPath);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Drawn at twice the SVG's size: the PNG's width in its IHDR chunk.
    const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1]);
    assert.equal(png.readUInt32BE(16), svgWidth * 2);
    await screenshot('diagram-vscode');
  });
});
