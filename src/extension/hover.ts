/**
 * Hover: the shape as torch prints it, the derivation with the user's numbers, the layer's facts,
 * where the input shape came from (or why it is unknown), and a link to preview the layer. VS Code
 * shows it next to other extensions' hovers (Pylance's signature), never instead of them.
 */
import * as vscode from 'vscode';
import type { HoverEntry, LayerFacts, LayerPreview, Shape } from '../core/api';
import { SymDim, type Dim } from '../core/dims';
import type { AnalysisService } from './analysisService';
import { PREVIEW_LAYER_COMMAND } from './commandIds';
import { formatBytes, formatCount, formatShape, formatShapeHistory } from '../present/shapeText';

export function registerHover(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider({ language: 'python' }, {
      provideHover(document, position) {
        return service.safely('Hover', async () => {
          if (!vscode.workspace.getConfiguration('convlens').get<boolean>('hover.enabled', true)) return undefined;
          const analysis = await service.analysisFor(document);
          if (!analysis) return undefined;
          const { result } = analysis;
          const entry: HoverEntry | undefined =
            analysis.innermostAt(result.hovers, position) ??
            shapeOnlyEntry(analysis.innermostAt(result.shapes, position));
          if (!entry) return undefined;
          const preview = entry.preview ?? analysis.innermostAt(result.layerSites, position)?.preview;
          const history = analysis.innermostAt(result.shapes, position)?.history;
          return new vscode.Hover(hoverMarkdown(entry, preview, history), analysis.rangeIn(entry.range));
        });
      },
    }),
  );
}

function shapeOnlyEntry(shape: { range: HoverEntry['range']; shape: HoverEntry['shape']; unknownReason?: string } | undefined): HoverEntry | undefined {
  return shape && { range: shape.range, shape: shape.shape, unknownReason: shape.unknownReason, derivation: [] };
}

export function hoverMarkdown(entry: HoverEntry, preview: LayerPreview | undefined, history?: readonly Shape[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  // Only the preview command may run from this hover's links.
  md.isTrusted = { enabledCommands: [PREVIEW_LAYER_COMMAND] };
  if (entry.shape !== undefined) {
    md.appendMarkdown(`**ConvLens** `);
    md.appendMarkdown(entry.shape ? `\`${formatShape(entry.shape, 'torch')}\`` : `\`${vscode.l10n.t('shape unknown')}\``);
    md.appendMarkdown('\n\n');
  }
  if (history) md.appendMarkdown(`${vscode.l10n.t('Each time this line ran: {0}', `\`${formatShapeHistory(history)}\``)}\n\n`);
  // Reasons and origins are plain text from the analysis: appendText escapes their `*` and `_`.
  if (entry.unknownReason) md.appendText(vscode.l10n.t('Unknown: {0}', entry.unknownReason)).appendMarkdown('\n\n');
  if (entry.derivation.length > 0) md.appendCodeblock(entry.derivation.join('\n'), 'text');
  // Where the input came from and the lab link come before the facts table, which the hover may
  // have to scroll.
  if (entry.origin) md.appendText(vscode.l10n.t('Input shape from {0}', entry.origin));
  if (entry.origin && preview) md.appendMarkdown(' · ');
  if (preview) {
    const args = encodeURIComponent(JSON.stringify([linkablePreview(preview)]));
    md.appendMarkdown(`[${vscode.l10n.t('Preview in Kernel Lab')}](command:${PREVIEW_LAYER_COMMAND}?${args} "${vscode.l10n.t('Show what this layer does to an image')}")`);
  }
  if (entry.layer) appendLayerFacts(md, entry.layer);
  return md;
}

/** A command link carries JSON: symbolic dims travel as their text (`H + 2`), as the lab reads them. */
function linkablePreview(preview: LayerPreview): LayerPreview {
  const shape = (s: Shape | undefined) => s?.map((d) => (d instanceof SymDim ? (d.toString() as unknown as Dim) : d));
  return { ...preview, inputShape: shape(preview.inputShape), outputShape: shape(preview.outputShape) };
}

function appendLayerFacts(md: vscode.MarkdownString, layer: LayerFacts): void {
  const rows: [string, string][] = layer.weights.map((w) => [w.name, `\`${formatShape(w.shape)}\``]);
  rows.push([vscode.l10n.t('parameters'), formatCount(layer.params)]);
  if (layer.macs !== undefined) rows.push([vscode.l10n.t('MACs'), formatCount(layer.macs)]);
  if (layer.receptiveField) rows.push([vscode.l10n.t('receptive field'), layer.receptiveField.join('×')]);
  if (layer.jump) rows.push([vscode.l10n.t('jump'), layer.jump.join('×')]);
  if (layer.activationBytes !== undefined) rows.push([vscode.l10n.t('activation memory'), formatBytes(layer.activationBytes)]);
  // The repr stays out of the table: as its header it would push the values far to the right.
  md.appendMarkdown(`\n\n\`${layer.repr}\`\n\n| ${layer.type} | |\n|:--|:--|\n`);
  for (const [name, value] of rows) md.appendMarkdown(`| ${name} | ${value} |\n`);
}

