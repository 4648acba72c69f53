/** Helpers for integration tests: opening example files, waiting on the editor, screenshots. */
import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { SCREENSHOT_MARKER } from './protocol';

export const EXTENSION_ID = 'convlens.convlens';

/** The repository's test/artifacts folder (this file is bundled into out/integration/). */
const ARTIFACTS_DIR = resolve(__dirname, '..', '..', 'test', 'artifacts');

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return found;
}

/** Opens a file of the test workspace (a temporary copy of examples/, so tests may edit it). */
export async function openExample(relativePath: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration runner opens a copy of examples/ as the workspace folder');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, relativePath));
  return vscode.window.showTextDocument(document);
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Position of the first occurrence of `text` in the document (its first character, or `offset` into it). */
export function positionOf(document: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(text);
  assert.ok(index >= 0, `"${text}" not found in ${document.uri.path}`);
  return document.positionAt(index + offset);
}

/** Plain text of every hover part, joined; what a person reads in the hover widget. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((part) => (typeof part === 'string' ? part : part.value))
    .join('\n');
}

/**
 * Asks the runner for a screenshot of the whole VS Code page, saved as test/artifacts/<name>.png,
 * and waits until it is written. Runners without a page (test:electron) never write it, so this
 * resolves false after `timeoutMs` instead of failing the test.
 */
export async function screenshot(name: string, timeoutMs = 10_000): Promise<boolean> {
  assert.match(name, /^[\w.-]+$/, 'screenshot names are file name stems');
  const file = join(ARTIFACTS_DIR, `${name}.png`);
  rmSync(file, { force: true });
  console.log(`${SCREENSHOT_MARKER} ${name}`);
  try {
    await eventually(() => (existsSync(file) ? true : undefined), `screenshot ${name}`, timeoutMs);
    return true;
  } catch {
    return false;
  }
}
