/**
 * Code lens above every nn.Module subclass and module-level nn.Sequential:
 * `61,706 params · 0.42 M MACs · [1, 1, 32, 32] → [1, 10]`, then "Summary" and "Preview".
 */
import * as vscode from 'vscode';
import type { ModuleEntry } from '../core/api';
import type { AnalysisService, DocumentAnalysis } from './analysisService';
import { PREVIEW_LAYER_COMMAND, SHOW_MODEL_SUMMARY_COMMAND } from './commandIds';
import { layerPreviewLenses } from './previewLens';
import { formatCount, formatMacs, formatShape } from '../present/shapeText';

export function registerCodeLens(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'python' }, {
      onDidChangeCodeLenses: service.refreshSignal(context, 'convlens.codeLens'),
      provideCodeLenses(document) {
        return service.safely('Code lens', async () => {
          if (!vscode.workspace.getConfiguration('convlens.codeLens').get<boolean>('enabled', true)) return [];
          const analysis = await service.analysisFor(document);
          return analysis ? [...analysis.result.modules.flatMap((m) => moduleLenses(analysis, m)), ...layerPreviewLenses(analysis)] : [];
        });
      },
    }),
  );
}

/** `61,706 params · 0.42 M MACs · [1, 1, 32, 32] → [1, 10]`: what is known, nothing guessed. */
export function moduleHeadline(module: ModuleEntry): string {
  const parts = [vscode.l10n.t('{0} params', formatCount(module.params))];
  if (module.macs !== undefined) parts.push(vscode.l10n.t('{0} MACs', formatMacs(module.macs)));
  if (module.inputShape !== undefined || module.outputShape !== undefined) parts.push(`${formatShape(module.inputShape)} → ${formatShape(module.outputShape)}`);
  return parts.join(' · ');
}

function moduleLenses(analysis: DocumentAnalysis, module: ModuleEntry): vscode.CodeLens[] {
  const range = analysis.rangeIn(module.range);
  if (!range) return [];
  const lenses = [
    // An empty command makes the headline plain text; the actions follow it.
    new vscode.CodeLens(range, { title: moduleHeadline(module), command: '' }),
    new vscode.CodeLens(range, {
      title: vscode.l10n.t('Summary'),
      command: SHOW_MODEL_SUMMARY_COMMAND,
      arguments: [analysis.document.uri, module.name],
    }),
  ];
  const firstLayer = firstPreviewableLayer(analysis, module);
  if (firstLayer) {
    lenses.push(
      new vscode.CodeLens(range, {
        title: vscode.l10n.t('Preview'),
        tooltip: vscode.l10n.t('Preview {0} in the Kernel Lab', firstLayer.preview.op),
        command: PREVIEW_LAYER_COMMAND,
        arguments: [firstLayer.preview],
      }),
    );
  }
  return lenses;
}

/** The first of the model's layers (by its summary order) that the Kernel Lab can draw. */
function firstPreviewableLayer(analysis: DocumentAnalysis, module: ModuleEntry) {
  for (const row of module.summary) {
    const rowRange = row.range && analysis.rangeIn(row.range);
    if (!rowRange) continue;
    const site = analysis.result.layerSites.find((s) => analysis.rangeIn(s.range)?.intersection(rowRange) !== undefined);
    if (site) return site;
  }
  return undefined;
}
