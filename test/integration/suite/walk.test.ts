import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { openNewFile } from './editorSupport';
import { eventually, extension, openExample, screenshot } from './support/workbench';

/** What `convlens.walk.snapshot` returns (src/extension/modelWalk.ts, WalkSnapshot). */
interface Snapshot {
  open: boolean;
  model?: string;
  rendered?: { backend: string; steps: { op: string; shape: (number | string | null)[] | null; status: string; drawn: number }[] };
}

const snapshot = () => vscode.commands.executeCommand<Snapshot>('convlens.walk.snapshot');

async function walked(uri: vscode.Uri, model: string): Promise<NonNullable<Snapshot['rendered']>> {
  await eventually(async () => ((await vscode.commands.executeCommand('convlens.walkModel', { uri: uri.toString(), model })) === model ? true : undefined), `the walk of ${model} to open`, 20_000);
  return eventually(async () => {
    const s = await snapshot();
    return s.model === model ? s.rendered : undefined;
  }, `the walk of ${model} to render`, 60_000);
}

describe('Walk Model Feature Maps', () => {
  it('walks LeNet-5: every layer rendered with its torch shape, maps for the spatial ones', async () => {
    const editor = await openExample('lenet.py');
    await eventually(() => (extension().isActive ? true : undefined), 'ConvLens to activate');
    const rendered = await walked(editor.document.uri, 'LeNet5');
    assert.deepEqual(
      rendered.steps.map((s) => [s.op, s.shape, s.status, s.drawn]),
      [
        ['input', [1, 1, 32, 32], 'computed', 1],
        ['Conv2d', [1, 6, 28, 28], 'computed', 6],
        ['relu', [1, 6, 28, 28], 'computed', 6],
        ['MaxPool2d', [1, 6, 14, 14], 'computed', 6],
        ['Conv2d', [1, 16, 10, 10], 'computed', 8],
        ['relu', [1, 16, 10, 10], 'computed', 8],
        ['MaxPool2d', [1, 16, 5, 5], 'computed', 8],
        ['flatten', [1, 400], 'shape-only', 0],
        ['Linear', [1, 120], 'shape-only', 0],
        ['relu', [1, 120], 'shape-only', 0],
        ['Linear', [1, 84], 'shape-only', 0],
        ['relu', [1, 84], 'shape-only', 0],
        ['Linear', [1, 10], 'shape-only', 0],
      ],
    );
    assert.match(rendered.backend, /^(webgl2|wasm-simd|typescript)$/);
    await screenshot('walk-lenet-vscode');
  });

  it('walks a ResNet BasicBlock with a downsample shortcut: both branches and the add', async () => {
    // The corpus program, copied into the workspace (the runner's workspace holds examples/ only).
    const source = readFileSync(resolve(__dirname, '..', '..', 'test', 'corpus', 'valid', 'resnet_basicblock.py'), 'utf8');
    const editor = await openNewFile('walk_resnet_block.py', source);
    const rendered = await walked(editor.document.uri, 'BasicBlock');
    assert.deepEqual(
      rendered.steps.map((s) => [s.op, s.shape, s.status]),
      [
        ['input', [2, 64, 56, 56], 'computed'],
        ['Conv2d', [2, 128, 28, 28], 'computed'],
        ['BatchNorm2d', [2, 128, 28, 28], 'computed'],
        ['ReLU', [2, 128, 28, 28], 'computed'],
        ['Conv2d', [2, 128, 28, 28], 'computed'],
        ['BatchNorm2d', [2, 128, 28, 28], 'computed'],
        ['Conv2d', [2, 128, 28, 28], 'computed'],
        ['BatchNorm2d', [2, 128, 28, 28], 'computed'],
        ['+', [2, 128, 28, 28], 'computed'],
        ['ReLU', [2, 128, 28, 28], 'computed'],
      ],
    );
    await screenshot('walk-resnet-vscode');
  });
});
