import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openCopy } from './editorSupport';
import { openExample } from './support/workbench';
import { eventually, extension, positionOf, screenshot } from './support/workbench';

interface Frame {
  input: number[];
  stages: { id: string; shape: number[] | null; error: string | null }[];
}

const frame = async () => (await vscode.commands.executeCommand<{ lastFrame?: Frame }>('convlens.kernelLab.snapshot')).lastFrame;

/** Waits until the lab draws the conv stage with `shape`. */
const labShows = (shape: number[]) =>
  eventually(async () => {
    const f = await frame();
    return JSON.stringify(f?.stages[0]?.shape) === JSON.stringify(shape) ? f : undefined;
  }, `the lab to show ${JSON.stringify(shape)}`, 20_000);

/** Lines (0-based) that carry a "▶ Preview" lens, and the lens's tooltip. */
async function previewLenses(uri: vscode.Uri): Promise<[number, string | undefined][]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.filter((l) => l.command?.title === '▶ Preview').map((l) => [l.range.start.line, l.command?.tooltip]);
}

describe('Preview Layer live sync', () => {
  it('"▶ Preview" lenses sit on the conv lines of tutorial.py and on the layer lines of the LeNet example', async () => {
    const tutorial = await openExample('tutorial.py');
    const convLines = [...tutorial.document.getText().split('\n').entries()].filter(([, t]) => t.includes('nn.Conv2d(')).map(([i]) => i);
    assert.ok(convLines.length >= 3);
    const onTutorial = await eventually(async () => {
      const found = await previewLenses(tutorial.document.uri);
      return convLines.every((l) => found.some(([line]) => line === l)) ? found : undefined;
    }, 'a lens on every conv line of tutorial.py', 20_000);
    assert.ok(onTutorial.some(([, tip]) => tip === 'Preview Conv2d in the Kernel Lab'));
    const lenet = await openExample('lenet.py');
    const lenetLenses = await eventually(async () => {
      const found = await previewLenses(lenet.document.uri);
      return found.length > 0 ? found : undefined;
    }, 'lenses on lenet.py', 20_000);
    const lines = lenet.document.getText().split('\n');
    for (const layer of ['self.conv1 = nn.Conv2d(1, 6', 'self.pool = nn.MaxPool2d(2, 2)', 'self.conv2 = nn.Conv2d(6, 16']) {
      const line = lines.findIndex((t) => t.includes(layer));
      assert.ok(lenetLenses.some(([l]) => l === line), `a lens on "${layer}"`);
    }
    // Linear is not something the lab draws: no lens there.
    assert.ok(!lenetLenses.some(([l]) => lines[l].includes('nn.Linear(')));
  });

  it('follows the code: Conv2d(1, 3, kernel_size=3, stride=1, padding=0) shows 3 maps of 26×26, padding=1 makes them 28×28, and Apply to code edits exactly the argument', async () => {
    const editor = await openCopy('tutorial.py', 'sync_tutorial.py');
    await eventually(() => (extension().isActive ? true : undefined), 'ConvLens to activate');
    const call = 'nn.Conv2d(1, 3, kernel_size=3, stride=1, padding=0)';
    const at = positionOf(editor.document, call, 3);
    editor.selection = new vscode.Selection(at, at);
    await eventually(async () => ((await vscode.commands.executeCommand('convlens.previewLayer')) === true ? true : undefined), 'Preview Layer to find the conv', 20_000);
    const first = await labShows([3, 26, 26]);
    assert.deepEqual(first.input, [1, 28, 28]);

    // Typing in the editor updates the open lab.
    const line = at.line;
    const padding = positionOf(editor.document, 'padding=0', 'padding='.length);
    assert.equal(padding.line, line);
    await editor.edit((b) => b.replace(new vscode.Range(padding, padding.translate(0, 1)), '1'));
    await labShows([3, 28, 28]);
    await screenshot('preview-sync-padding-1');

    // "Apply to code" with stride 2 from the lab: a previewed edit of exactly the stride argument.
    const state = await vscode.commands.executeCommand<{ preview: { op: string; config: Record<string, unknown> } }>('convlens.previewSync.state');
    const before = editor.document.getText();
    const applying = vscode.commands.executeCommand<boolean>('convlens.previewSync.applyToCode', { ...state.preview, config: { ...state.preview.config, stride: [2, 2] } });
    // The edit waits in the refactor preview, unchecked until the person ticks it: tick it and apply.
    await eventually(async () => {
      await vscode.commands.executeCommand('refactorPreview.focus');
      await vscode.commands.executeCommand('list.focusFirst');
      await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
      await screenshot('preview-sync-confirm');
      await vscode.commands.executeCommand('refactorPreview.apply');
      return editor.document.getText() !== before ? true : undefined;
    }, 'the refactor preview to apply the edit', 15_000);
    assert.equal(await applying, true);
    assert.equal(editor.document.lineAt(line).text, before.split('\n')[line].replace('stride=1', 'stride=2'));
    assert.equal(editor.document.getText().replace('stride=2, padding=1)  # weight', 'stride=1, padding=1)  # weight'), before);
    await labShows([3, 14, 14]);
  });
});
