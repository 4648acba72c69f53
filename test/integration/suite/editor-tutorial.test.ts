import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, hoverText, openExample, screenshot } from './support/workbench';
import { convlensDiagnostics, diagnosticsWhen, hintLabel, lineOf, openCopy, quickFixFor, screenshotHover, withSetting } from './editorSupport';

describe('editor: examples/tutorial.py', () => {
  let editor: vscode.TextEditor;
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    editor = await openExample('tutorial.py');
  });

  it('hovers the padding=1 conv call with torch.Size([1, 3, 28, 28]) and its formula', async () => {
    const document = editor.document;
    const line = lineOf(document, 'out = layer.forward(x)', 2);
    assert.equal(line, 11, 'the padding=1 conv is applied on line 12');
    const position = new vscode.Position(line, 'out = layer.for'.length);
    const text = await eventually(async () => {
      const joined = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? []);
      return joined.includes('torch.Size([1, 3, 28, 28])') ? joined : undefined;
    }, 'the ConvLens hover with torch.Size([1, 3, 28, 28])');
    // The derivation with the user's numbers, ending in the output height.
    assert.match(text, /H_out = ⌊\(28 \+ 2·1 .*\)\s*\/\s*1⌋ \+ 1 = 28/);
    assert.match(text, /W_out = .*= 28/);
    assert.match(text, /Conv2d\(1, 3, kernel_size=\(3, 3\), stride=\(1, 1\), padding=\(1, 1\)\)/);
    assert.match(text, /\[Preview in Kernel Lab\]\(command:convlens\.previewLayer\?/);
    await screenshotHover(editor, position, 'editor-hover');
  });

  it("the hover's Preview in Kernel Lab link opens the lab on that layer", async function () {
    this.timeout(60_000);
    const line = lineOf(editor.document, 'out = layer.forward(x)', 2);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 'out = layer.for'.length))) ?? [];
    const link = /\(command:convlens\.previewLayer\?([^ )]+)/.exec(hoverText(hovers));
    assert.ok(link, 'the hover links to Preview Layer');
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    assert.equal(await vscode.commands.executeCommand('convlens.previewLayer', ...args), true);
    // The lab shows the padding=1 conv on the tutorial's 1×28×28 input: 3 maps of 28×28.
    const frame = await eventually(async () => {
      const snapshot = await vscode.commands.executeCommand<{ lastFrame?: { input: number[]; stages: { shape: number[] | null }[] } }>('convlens.kernelLab.snapshot');
      return snapshot.lastFrame?.stages[0]?.shape?.[0] === 3 ? snapshot.lastFrame : undefined;
    }, 'the lab to draw the previewed layer', 30_000);
    assert.deepEqual([frame.input, frame.stages[0].shape], [[1, 28, 28], [3, 28, 28]]);
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    await vscode.window.showTextDocument(editor.document);
  });

  it('warns on exactly the three wrong shape comments', async () => {
    const found = await diagnosticsWhen(editor.document.uri, (d) => d.length >= 3, 'shape-comment warnings');
    assert.deepEqual(
      found.map((d) => [d.range.start.line + 1, d.severity]),
      [14, 47, 50].map((line) => [line, vscode.DiagnosticSeverity.Warning]),
    );
    for (const d of found) {
      assert.equal(d.range.start.line, d.range.end.line, 'the warning marks the comment line');
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(code.value, 'shape-comment');
      assert.match(code.target.path, /docs\/diagnostics\/shape-comment\.md$/);
      await vscode.workspace.fs.stat(code.target); // the page the code links to exists
    }
    assert.match(found[0].message, /torch\.Size\(\[1, 3, 28, 28\]\)/, 'the warning says what torch prints');
  });

  it('applies a per-code severity from the settings without a reload', async () => {
    const uri = editor.document.uri;
    await withSetting('convlens.diagnostics.severity', { 'shape-comment': 'error' }, () =>
      diagnosticsWhen(uri, (d) => d.length === 3 && d.every((x) => x.severity === vscode.DiagnosticSeverity.Error), 'the comments as errors'),
    );
    await withSetting('convlens.diagnostics.severity', { 'shape-comment': 'off' }, () => diagnosticsWhen(uri, (d) => d.length === 0, 'the comment check turned off'));
    await diagnosticsWhen(uri, (d) => d.length === 3 && d.every((x) => x.severity === vscode.DiagnosticSeverity.Warning), 'the warnings back');
  });

  it('fixes each wrong comment with its quick fix, and the warnings go away', async () => {
    const fixing = await openCopy('tutorial.py', 'tutorial_fixed.py');
    const uri = fixing.document.uri;
    for (let remaining = 3; remaining > 0; remaining--) {
      const [first] = await diagnosticsWhen(uri, (d) => d.length === remaining, `${remaining} warnings`);
      const fix = await quickFixFor(uri, first);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applying "${fix.title}"`);
    }
    await diagnosticsWhen(uri, (d) => d.length === 0, 'no warnings after the fixes');
    const text = (line: number) => fixing.document.lineAt(line - 1).text;
    assert.equal(text(14), '# torch.Size([1, 3, 28, 28])');
    assert.equal(text(47), '# torch.Size([1, 3, 21, 21])');
    assert.equal(text(50), '# torch.Size([1, 3, 21, 21])');
    await screenshot('editor-quick-fixed');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows inlay shape hints in the configured style, with the derivation on hover', async () => {
    const document = editor.document;
    const line = lineOf(document, 'out = layer.forward(x)', 2);
    const hintsOnLine = async () =>
      ((await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0))) ?? []).filter(
        (h) => h.position.line === line,
      );
    const hint = await eventually(async () => (await hintsOnLine()).find((h) => hintLabel(h) === '[1, 3, 28, 28]'), 'the [1, 3, 28, 28] hint on line 12');
    assert.equal(hint.position.character, document.lineAt(line).text.length, 'the hint follows the assignment');
    const tooltip = hint.tooltip instanceof vscode.MarkdownString ? hint.tooltip.value : String(hint.tooltip ?? '');
    assert.match(tooltip, /H_out = .*= 28/);
    const shown = await vscode.window.showTextDocument(document);
    shown.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    await new Promise((r) => setTimeout(r, 500));
    await screenshot('editor-inlay-hints');
    await withSetting('convlens.inlayHints.style', 'torch', async () => {
      await eventually(async () => (await hintsOnLine()).find((h) => hintLabel(h) === 'torch.Size([1, 3, 28, 28])'), 'the torch-style hint');
    });
    await withSetting('convlens.inlayHints.enabled', false, async () => {
      await eventually(async () => ((await hintsOnLine()).length === 0 ? true : undefined), 'no hints when disabled');
    });
  });

  it('clears its diagnostics when the file closes', async function () {
    this.timeout(60_000);
    // A copy never opened through the API (VS Code keeps a document an extension opened loaded for
    // minutes after its editor closes), opened the way a person opens it.
    const uri = vscode.Uri.joinPath(editor.document.uri, '..', 'tutorial_closed.py');
    await vscode.workspace.fs.copy(editor.document.uri, uri, { overwrite: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('vscode.open', uri);
    await diagnosticsWhen(uri, (d) => d.length === 3, 'the warnings on the reopened tutorial');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await eventually(() => (convlensDiagnostics(uri).length === 0 ? true : undefined), 'diagnostics cleared on close', 45_000);
  });
});
