/** Helpers shared by the editor-experience tests (editor*.test.ts). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, screenshot } from './support/workbench';

export const SOURCE = 'ConvLens';

export function convlensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until ConvLens's diagnostics for `uri` satisfy `ready`, and returns them. */
export function diagnosticsWhen(uri: vscode.Uri, ready: (found: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return eventually(() => {
    const found = convlensDiagnostics(uri);
    return ready(found) ? found : undefined;
  }, what, timeoutMs);
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export function hintLabel(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

export function lineOf(document: vscode.TextDocument, text: string, occurrence = 1): number {
  let from = -1;
  for (let i = 0; i < occurrence; i++) {
    from = document.getText().indexOf(text, from + 1);
    assert.ok(from >= 0, `occurrence ${occurrence} of "${text}" not found in ${document.uri.path}`);
  }
  return document.positionAt(from).line;
}

/** The quick fix ConvLens offers for a diagnostic: the preferred one, else the first. */
export async function quickFixFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction> {
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  // The command returns the actions without their diagnostics: asked on the diagnostic's range,
  // the quick fixes are the ones for it.
  const fixes = actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
  assert.ok(fixes.length > 0, `no quick fix for "${diagnostic.message}"`);
  const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
  assert.ok(fix.edit, `quick fix "${fix.title}" has no edit`);
  return fix;
}

/** Writes a file into the test workspace (a scratch copy of examples/) and opens it. */
export async function openNewFile(name: string, text: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration runner opens a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/**
 * Opens a fresh copy of a workspace file for a test that edits it: the workbench may save edits
 * (auto save), so tests never edit the examples other tests read.
 */
export async function openCopy(example: string, copyName: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration runner opens a workspace folder');
  const copy = vscode.Uri.joinPath(folder.uri, copyName);
  await vscode.workspace.fs.copy(vscode.Uri.joinPath(folder.uri, example), copy, { overwrite: true });
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(copy));
}

export async function withSetting<T>(key: string, value: unknown, run: () => Promise<T>): Promise<T> {
  const [section, name] = [key.slice(0, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)];
  const settings = vscode.workspace.getConfiguration(section);
  await settings.update(name, value, vscode.ConfigurationTarget.Global);
  try {
    return await run();
  } finally {
    await settings.update(name, undefined, vscode.ConfigurationTarget.Global);
  }
}

/** Opens the hover at `position` the way a person would, lets it fade in, and saves a screenshot. */
export async function screenshotHover(editor: vscode.TextEditor, position: vscode.Position, name: string): Promise<void> {
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
  await new Promise((r) => setTimeout(r, 800));
  await screenshot(name);
}

/** Closes any hover (by moving the cursor), focuses the summary panel and gives it a moment to draw. */
export async function showSummaryPanel(): Promise<void> {
  await vscode.commands.executeCommand('cursorHome');
  await vscode.commands.executeCommand('workbench.action.focusNextGroup');
  await new Promise((r) => setTimeout(r, 1000));
}
