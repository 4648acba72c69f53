import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, openExample, screenshot } from './support/workbench';
import { diagnosticsWhen, hintLabel, lineOf, openNewFile, quickFixFor, screenshotHover, showSummaryPanel, withSetting } from './editorSupport';

/** LeNet-5 whose fc1 expects 16·4·4 features where the flatten gives 16·5·5 = 400. */
async function buggyLeNet(): Promise<string> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const lenet = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'lenet.py')));
  const buggy = lenet.replace('nn.Linear(16 * 5 * 5, 120)', 'nn.Linear(16 * 4 * 4, 120)');
  assert.notEqual(buggy, lenet, 'lenet.py defines fc1 as nn.Linear(16 * 5 * 5, 120)');
  return buggy;
}

const MISMATCH = 'mat1 and mat2 shapes cannot be multiplied (1x400 and 256x120)';

describe('editor: a LeNet with a wrong Linear', () => {
  it("reports torch's mat1/mat2 error on the Linear, pointing at its definition and call", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openNewFile('buggy_lenet.py', await buggyLeNet());
    const [found] = await diagnosticsWhen(editor.document.uri, (d) => d.some((x) => x.message === MISMATCH), `"${MISMATCH}"`);
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'ConvLens');
    assert.deepEqual(diagnostics.map((d) => d.message), [MISMATCH], 'one diagnostic, worded as torch words it');
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    const definition = lineOf(editor.document, 'nn.Linear(16 * 4 * 4, 120)');
    const call = lineOf(editor.document, 'self.fc1(x)');
    const lines = [found.range.start.line, ...(found.relatedInformation ?? []).map((r) => r.location.range.start.line)];
    assert.ok(lines.includes(definition) && lines.includes(call), `the diagnostic and its related information cover the definition (${definition}) and the call (${call}): ${lines}`);
    await screenshotHover(editor, found.range.start, 'editor-diagnostics');
  });

  it('quick-fixes in_features so that the error disappears', async () => {
    const editor = await openExample('buggy_lenet.py');
    const uri = editor.document.uri;
    const [found] = await diagnosticsWhen(uri, (d) => d.length === 1, 'the mismatch');
    const fix = await quickFixFor(uri, found);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applying "${fix.title}"`);
    await diagnosticsWhen(uri, (d) => d.length === 0, 'no diagnostics after the fix');
    assert.match(editor.document.lineAt(lineOf(editor.document, 'self.fc1 =')).text, /nn\.Linear\((400|16 \* 5 \* 5), 120\)/);
  });
});

describe('editor: inlay hint placement on examples/lenet.py', () => {
  it('shows layer outputs (→) and assignment shapes, each alone when the setting asks', async () => {
    const editor = await openExample('lenet.py');
    const labels = async () =>
      ((await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0))) ?? []).map(hintLabel);
    const conv1 = lineOf(editor.document, 'self.conv1 = nn.Conv2d(1, 6, kernel_size=5)');
    const all = await eventually(async () => ((await labels()).includes('→ [1, 6, 28, 28]') ? labels() : undefined), "conv1's output after its definition");
    assert.ok(all.includes('[1, 400]'), `the flatten's shape among ${JSON.stringify(all)}`);
    const onConv1 = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', editor.document.uri, new vscode.Range(conv1, 0, conv1 + 1, 0))) ?? [];
    assert.deepEqual(onConv1.map((h) => [h.position.line, h.position.character, hintLabel(h)]), [[conv1, editor.document.lineAt(conv1).text.length, '→ [1, 6, 28, 28]']]);
    await withSetting('convlens.inlayHints.placement', 'assignments', async () => {
      await eventually(async () => ((await labels()).every((l) => !l.startsWith('→')) ? true : undefined), 'only assignment hints');
    });
    await withSetting('convlens.inlayHints.placement', 'layers', async () => {
      await eventually(async () => {
        const shown = await labels();
        return shown.length > 0 && shown.every((l) => l.startsWith('→')) ? true : undefined;
      }, 'only layer hints');
    });
  });
});

describe('editor: code lens and model summary on examples/lenet.py', () => {
  it('shows params, MACs and input → output above the model, with Summary and Preview', async () => {
    const editor = await openExample('lenet.py');
    const classLine = lineOf(editor.document, 'class LeNet5');
    const lenses = await eventually(async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 10)) ?? [];
      const onClass = all.filter((l) => l.range.start.line === classLine && l.command);
      return onClass.length >= 2 ? onClass : undefined;
    }, 'code lenses on class LeNet5');
    const titles = lenses.map((l) => l.command!.title);
    assert.ok(titles.includes('61,706 params · 0.42 M MACs · [1, 1, 32, 32] → [1, 10]'), `headline among ${JSON.stringify(titles)}`);
    const summary = lenses.find((l) => l.command!.title === 'Summary');
    assert.ok(summary, `a Summary lens among ${JSON.stringify(titles)}`);
    assert.ok(titles.includes('Preview'), `a Preview lens among ${JSON.stringify(titles)}`);
    const shown = await vscode.commands.executeCommand<boolean>(summary.command!.command, ...(summary.command!.arguments ?? []));
    assert.equal(shown, true, 'the summary panel opens for LeNet5');
    await eventually(
      () => (vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'Summary: LeNet5') ? true : undefined),
      'the summary panel tab',
    );
    await showSummaryPanel();
    await screenshot('editor-summary-panel');
  });
});
