/**
 * "▶ Preview" above each line that builds or calls a layer the Kernel Lab can draw (convolution,
 * pooling, upsampling, pixel shuffle, activation): it puts the cursor on that layer and runs
 * "Preview Layer in Kernel Lab", so the lab opens set to it and stays synced with the call.
 */
import * as vscode from 'vscode';
import type { DocumentAnalysis } from './analysisService';
import { PREVIEW_LAYER_COMMAND } from './commandIds';

/** Not in the palette: the lens's action (a document, and the position of the layer in it). */
export const PREVIEW_LAYER_AT_COMMAND = 'convlens.previewLayerAt';

/** One "▶ Preview" per line with a layer site (code lens provider: codeLens.ts). */
export function layerPreviewLenses(analysis: DocumentAnalysis): vscode.CodeLens[] {
  const lenses = new Map<number, vscode.CodeLens>();
  for (const site of analysis.result.layerSites) {
    const range = analysis.rangeIn(site.range);
    if (!range || lenses.has(range.start.line)) continue;
    lenses.set(
      range.start.line,
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('▶ Preview'),
        tooltip: vscode.l10n.t('Preview {0} in the Kernel Lab', site.preview.op),
        command: PREVIEW_LAYER_AT_COMMAND,
        arguments: [analysis.document.uri.toString(), range.start.line, range.start.character],
      }),
    );
  }
  return [...lenses.values()];
}

export function registerPreviewLens(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_LAYER_AT_COMMAND, async (uri: unknown, line: unknown, character: unknown) => {
      if (typeof uri !== 'string' || typeof line !== 'number' || typeof character !== 'number') return false;
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preserveFocus: false });
      const at = new vscode.Position(line, character);
      editor.selection = new vscode.Selection(at, at);
      return vscode.commands.executeCommand(PREVIEW_LAYER_COMMAND);
    }),
  );
}
