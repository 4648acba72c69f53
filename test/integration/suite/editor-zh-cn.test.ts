/**
 * The Simplified Chinese UI. Runs when VS Code's display language is zh-cn
 * (`CONVLENS_LOCALE=zh-cn CONVLENS_TEST_GREP=zh-cn npm run test:integration`); skipped otherwise.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, hoverText, openExample, screenshot } from './support/workbench';
import { lineOf, screenshotHover, showSummaryPanel } from './editorSupport';

describe('editor: zh-cn', function () {
  before(function () {
    if (vscode.env.language !== 'zh-cn') this.skip();
  });

  it('shows hover, code lens and summary in Simplified Chinese', async () => {
    const editor = await openExample('lenet.py');
    const document = editor.document;
    const call = lineOf(document, 'self.conv1(x)');
    const position = new vscode.Position(call, document.lineAt(call).text.indexOf('conv1') + 1);
    const text = await eventually(async () => {
      const joined = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? []);
      return joined.includes('在卷积核实验室中预览') ? joined : undefined;
    }, 'the Chinese hover');
    assert.match(text, /参数量/);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10)) ?? [];
    assert.ok(lenses.some((l) => l.command?.title === '摘要'), 'the Summary lens reads 摘要');
    assert.ok(lenses.some((l) => /个参数/.test(l.command?.title ?? '')), 'the headline counts 个参数');
    await screenshotHover(editor, position, 'editor-zh-cn-hover');
    // A fresh editor: the hover above stays open while its editor lives.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openExample('lenet.py');
    assert.equal(await vscode.commands.executeCommand('convlens.showModelSummary', document.uri, 'LeNet5'), true);
    await showSummaryPanel();
    await screenshot('editor-zh-cn-summary');
  });
});
