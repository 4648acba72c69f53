import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, openExample } from './support/workbench';
import { codeOf, diagnosticsWhen, lineOf, openCopy, openNewFile, withSetting } from './editorSupport';

describe('editor: ConvLens commands', () => {
  it('Set Input Shape… writes the declaration on the model line, replacing an older one', async () => {
    const editor = await openCopy('lenet.py', 'lenet_declared.py');
    const classLine = lineOf(editor.document, 'class LeNet5');
    editor.selection = new vscode.Selection(classLine + 3, 0, classLine + 3, 0);
    await vscode.commands.executeCommand('convlens.setInputShape', 'B, 1, 32, 32');
    assert.equal(editor.document.lineAt(classLine).text, 'class LeNet5(nn.Module):  # convlens: input (B, 1, 32, 32)');
    await vscode.commands.executeCommand('convlens.setInputShape', '[1,1,28,28]');
    assert.equal(editor.document.lineAt(classLine).text, 'class LeNet5(nn.Module):  # convlens: input (1, 1, 28, 28)');
    assert.equal(await vscode.commands.executeCommand('convlens.setInputShape', '1, 3.5'), false, 'an invalid shape writes nothing');
    assert.equal(editor.document.lineAt(classLine).text, 'class LeNet5(nn.Module):  # convlens: input (1, 1, 28, 28)');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a model nothing calls: the default input shape setting, then Set Input Shape…, give it shapes', async function () {
    this.timeout(60_000);
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const lenet = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'lenet.py')));
    const editor = await openNewFile('lenet_uncalled.py', lenet.slice(0, lenet.indexOf('net = LeNet5()')));
    const uri = editor.document.uri;
    const classLine = lineOf(editor.document, 'class LeNet5');
    const headline = async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
      return lenses.find((l) => l.range.start.line === classLine && l.command?.title.includes('params'))?.command?.title;
    };
    const [unknown] = await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'unknown-input'), 'the unknown-input hint');
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Information);
    await withSetting('convlens.defaultInputShape', '1,1,32,32', async () => {
      assert.equal(await eventually(async () => ((await headline())?.includes('→ [1, 10]') ? headline() : undefined), 'shapes from the default input'), '61,706 params · 0.42 M MACs · [1, 1, 32, 32] → [1, 10]');
      await diagnosticsWhen(uri, (d) => d.length === 0, 'no unknown-input hint with a default input');
    });
    await diagnosticsWhen(uri, (d) => d.some((x) => codeOf(x) === 'unknown-input'), 'the hint back without the setting');
    editor.selection = new vscode.Selection(classLine + 2, 0, classLine + 2, 0);
    await vscode.commands.executeCommand('convlens.setInputShape', 'B, 1, 32, 32');
    await eventually(async () => ((await headline())?.includes('[B, 1, 32, 32] → [B, 10]') ? true : undefined), 'symbolic shapes from the declaration');
  });

  it('Toggle Inlay Hints flips the setting', async () => {
    const settings = () => vscode.workspace.getConfiguration('convlens.inlayHints');
    const before = settings().get<boolean>('enabled');
    await vscode.commands.executeCommand('convlens.toggleInlayHints');
    assert.equal(settings().get<boolean>('enabled'), !before);
    await vscode.commands.executeCommand('convlens.toggleInlayHints');
    assert.equal(settings().get<boolean>('enabled'), before);
  });

  it('Copy Shape Table puts every inferred shape on the clipboard as Markdown', async () => {
    await openExample('lenet.py');
    const table = await eventually(async () => {
      await vscode.commands.executeCommand('convlens.copyShapeTable');
      const text = await vscode.env.clipboard.readText();
      return text.includes('logits') ? text : undefined;
    }, 'the shape table on the clipboard');
    const lines = table.split('\n');
    assert.equal(lines[0], '| Line | Name | Scope | Shape |');
    assert.ok(lines.includes('| 28 | logits | <module> | [1, 10] |'), table);
    assert.ok(lines.includes('| 20 | x | LeNet5.forward | [1, 400] |'), table);
  });

  it('Show Model Summary opens the summary of the model around the cursor', async () => {
    const editor = await openExample('lenet.py');
    const line = lineOf(editor.document, 'self.conv2 = ');
    editor.selection = new vscode.Selection(line, 0, line, 0);
    assert.equal(await vscode.commands.executeCommand('convlens.showModelSummary'), true);
  });
});
