import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, hoverText, openExample, positionOf, screenshot } from './support/workbench';

describe('hover', () => {
  it('shows the output shape on an nn.Conv2d line', async () => {
    const editor = await openExample('tutorial.py');
    const position = positionOf(editor.document, 'nn.Conv2d(1, 3, kernel_size=3, stride=2, padding=1)', 'nn.'.length);
    let lastSeen = '';
    const text = await eventually(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      lastSeen = hoverText(hovers ?? []);
      return lastSeen.includes('torch.Size([') ? lastSeen : undefined;
    }, 'a ConvLens hover on nn.Conv2d').catch((error: Error) => {
      throw new Error(`${error.message}; the hover read: ${JSON.stringify(lastSeen)}`);
    });
    assert.match(text, /torch\.Size\(\[/);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover-conv2d');
  });
});
