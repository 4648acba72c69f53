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

const REPO = resolve(__dirname, '..', '..');

/** The ops and torch's shapes the walk must list (test/fixtures/walk, from Debian's torch); 4-D ones are drawn. */
function torchRows(name: string): [string, number[], string][] {
  const fixture = JSON.parse(readFileSync(resolve(REPO, 'test', 'fixtures', 'walk', `${name}.json`), 'utf8')) as { walk: [string, number[]][] };
  return fixture.walk.map(([op, shape]) => [op, shape, shape.length === 4 ? 'computed' : 'shape-only']);
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
      rendered.steps.map((s) => [s.op, s.shape, s.status]),
      torchRows('lenet'),
    );
    // Every map of a layer up to the cap of 8, before "show all".
    assert.deepEqual(rendered.steps.slice(0, 7).map((s) => s.drawn), [1, 6, 6, 6, 8, 8, 8]);
    assert.match(rendered.backend, /^(webgl2|wasm-simd|typescript)$/);
    await screenshot('walk-lenet-vscode');
  });

  it('walks a ResNet BasicBlock with a downsample shortcut: both branches and the add', async () => {
    // The corpus program, copied into the workspace (the runner's workspace holds examples/ only).
    const source = readFileSync(resolve(REPO, 'test', 'corpus', 'valid', 'resnet_basicblock.py'), 'utf8');
    const editor = await openNewFile('walk_resnet_block.py', source);
    const rendered = await walked(editor.document.uri, 'BasicBlock');
    assert.deepEqual(
      rendered.steps.map((s) => [s.op, s.shape, s.status]),
      torchRows('basicblock'),
    );
    await screenshot('walk-resnet-vscode');
  });
});
