import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, hoverText } from './support/workbench';
import { convlensDiagnostics, diagnosticsWhen, hintLabel, openNewFile } from './editorSupport';

describe('editor: code as it is written', () => {
  it('answers every request on half-typed code and ends with the right shapes', async function () {
    this.timeout(120_000);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const lenet = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'lenet.py')));
    const editor = await openNewFile('typed_lenet.py', '');
    const document = editor.document;
    // Typed in bursts of a few characters, asking for what the editor asks for after each burst.
    for (let typed = 0; typed < lenet.length; typed += 23) {
      const chunk = lenet.slice(typed, typed + 23);
      assert.ok(await editor.edit((b) => b.insert(document.positionAt(document.getText().length), chunk)), 'typing');
      const end = document.positionAt(document.getText().length);
      const [hovers, hints, lenses] = await Promise.all([
        vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, end.translate(0, -1 * Math.min(1, end.character))),
        vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, end.line + 1, 0)),
        vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri),
      ]);
      assert.ok(Array.isArray(hovers) && Array.isArray(hints) && Array.isArray(lenses), `answers after ${typed + chunk.length} characters`);
      // Half-typed code is normal: no ConvLens error may appear on a prefix of a correct program.
      assert.deepEqual(
        convlensDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message),
        [],
        `no false error after ${typed + chunk.length} characters:\n${document.getText()}`,
      );
    }
    assert.equal(document.getText(), lenet);
    const logits = new vscode.Position(document.lineCount - 4, 0);
    await eventually(async () => {
      const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0))) ?? [];
      return hints.some((h) => h.position.line === logits.line && h.label === '[1, 10]') ? true : undefined;
    }, 'the [1, 10] hint on logits once the file is complete');
    await diagnosticsWhen(document.uri, (d) => d.length === 0, 'no diagnostics on the finished LeNet');
  });

  it('lists every shape a line takes in a loop, in the hint and the hover', async () => {
    const editor = await openNewFile('pool_loop.py', 'import torch\nimport torch.nn as nn\nx = torch.randn(1, 3, 32, 32)\npool = nn.MaxPool2d(2)\nfor i in range(3):\n    x = pool(x)\n');
    const uri = editor.document.uri;
    const hint = await eventually(async () => {
      const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, 7, 0))) ?? [];
      return hints.find((h) => h.position.line === 5);
    }, 'the hint in the loop');
    assert.equal(hintLabel(hint), '[1, 3, 16, 16] → [1, 3, 8, 8] → [1, 3, 4, 4]');
    const hover = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(5, 4))) ?? []);
    assert.match(hover, /Each time this line ran: `\[1, 3, 16, 16\] → \[1, 3, 8, 8\] → \[1, 3, 4, 4\]`/);
  });
});
