import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, hoverText } from './support/workbench';
import { diagnosticsWhen, hintLabel } from './editorSupport';

const code = (text: string) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, text, 'python');

describe('editor: notebook cells', () => {
  it('analyses the cells as one program: hover, diagnostics and hints in the right cells', async () => {
    const data = new vscode.NotebookData([
      code('import torch\nimport torch.nn as nn\n%matplotlib inline\nx = torch.randn(1, 3, 32, 32)'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# The model', 'markdown'),
      code('conv = nn.Conv2d(3, 8, kernel_size=3)\ny = conv(x)'),
      code('wrong = nn.Conv2d(4, 8, kernel_size=3)\nz = wrong(x)'),
    ]);
    const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    await vscode.window.showNotebookDocument(notebook);
    const [first, , second, third] = notebook.getCells().map((c) => c.document);

    // x comes from the first cell; the mismatch is reported in the third code cell, nowhere else.
    const [error] = await diagnosticsWhen(third.uri, (d) => d.length > 0, 'the channel mismatch in the last cell');
    assert.equal(error.message, 'Given groups=1, weight of size [8, 4, 3, 3], expected input[1, 3, 32, 32] to have 4 channels, but got 3 channels instead');
    assert.equal(error.range.start.line, 1, 'on the call in its own cell');
    assert.deepEqual(vscode.languages.getDiagnostics(first.uri).filter((d) => d.source === 'ConvLens'), []);
    assert.deepEqual(vscode.languages.getDiagnostics(second.uri).filter((d) => d.source === 'ConvLens'), []);

    const hover = await eventually(async () => {
      const text = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', second.uri, new vscode.Position(1, 0))) ?? []);
      return text.includes('torch.Size([1, 8, 30, 30])') ? text : undefined;
    }, 'the hover on y in the second code cell');
    assert.match(hover, /torch\.Size\(\[1, 8, 30, 30\]\)/);

    const hints = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', second.uri, new vscode.Range(0, 0, 2, 0))) ?? [];
    assert.deepEqual(hints.filter((h) => h.position.line === 1).map(hintLabel), ['[1, 8, 30, 30]']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows the order the cells ran in, not the order they are listed in', async () => {
    const ran = (text: string, executionOrder: number) => Object.assign(code(text), { executionSummary: { executionOrder } });
    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([
        code('import torch'),
        ran('x = torch.randn(1, 3, 8, 8)', 3),
        ran('x = torch.randn(1, 3, 16, 16)', 2),
        code('y = x'),
      ]),
    );
    await vscode.window.showNotebookDocument(notebook);
    const last = notebook.cellAt(3).document;
    // Cell 2 ran after cell 3, so x is the 8×8 tensor when the last cell runs.
    await eventually(async () => {
      const text = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', last.uri, new vscode.Position(0, 0))) ?? []);
      return text.includes('torch.Size([1, 3, 8, 8])') ? true : undefined;
    }, 'y to be the tensor of the cell that ran last');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
