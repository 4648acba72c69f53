/**
 * Inlay hints: the shape after each tensor assignment (`out = layer(x)  [1, 3, 28, 28]`) and the
 * output at the end of each layer definition or `nn.Sequential` entry (`→ [1, 6, 28, 28]`). The
 * hint's tooltip is the hover: the derivation with the user's numbers.
 */
import * as vscode from 'vscode';
import type { HoverEntry, ShapeEntry, SourceRange } from '../core/api';
import type { AnalysisService, DocumentAnalysis } from './analysisService';
import { hoverMarkdown } from './hover';
import { formatShape, formatShapeHistory, type ShapeStyle } from '../present/shapeText';

type Placement = 'all' | 'assignments' | 'layers';

export function registerInlayHints(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(
    vscode.languages.registerInlayHintsProvider({ language: 'python' }, {
      onDidChangeInlayHints: service.refreshSignal(context, 'convlens.inlayHints'),
      provideInlayHints(document, range) {
        return service.safely('Inlay hints', async () => {
          const settings = vscode.workspace.getConfiguration('convlens.inlayHints');
          if (!settings.get<boolean>('enabled', true)) return [];
          const analysis = await service.analysisFor(document);
          if (!analysis) return [];
          const style = settings.get<ShapeStyle>('style', 'list');
          const placement = settings.get<Placement>('placement', 'all');
          const hints: vscode.InlayHint[] = [];
          if (placement !== 'layers') hints.push(...assignmentHints(analysis, range, style));
          if (placement !== 'assignments') hints.push(...layerOutputHints(analysis, range, style));
          return hints;
        });
      },
    }),
  );
}

/** One hint at the end of each line that assigns tensors; `a [..]  b [..]` when it assigns several. */
function assignmentHints(analysis: DocumentAnalysis, visible: vscode.Range, style: ShapeStyle): vscode.InlayHint[] {
  const byLine = new Map<number, ShapeEntry[]>();
  for (const entry of analysis.result.shapes) {
    const range = analysis.rangeIn(entry.range);
    if (!range || !entry.shape || !visible.contains(range.start)) continue;
    const onLine = byLine.get(range.start.line) ?? [];
    if (!onLine.some((e) => e.name === entry.name)) onLine.push(entry);
    byLine.set(range.start.line, onLine);
  }
  return [...byLine].map(([line, entries]) => {
    // In a loop the line produced several shapes: the hint lists them, not just the last.
    const shapes = (e: ShapeEntry) => (e.history ? formatShapeHistory(e.history, style) : formatShape(e.shape, style));
    const label = entries.length === 1 ? shapes(entries[0]) : entries.map((e) => `${e.name} ${shapes(e)}`).join('  ');
    return makeHint(analysis, analysis.document.lineAt(line).range.end, label, entries[0].range);
  });
}

/** `→ shape` at the end of each layer in a model's summary that the source spells out. */
function layerOutputHints(analysis: DocumentAnalysis, visible: vscode.Range, style: ShapeStyle): vscode.InlayHint[] {
  const byEnd = new Map<string, { position: vscode.Position; labels: string[]; source: SourceRange }>();
  for (const row of analysis.result.modules.flatMap((m) => m.summary)) {
    const range = row.range && analysis.rangeIn(row.range);
    if (!range || !row.outputShape || !visible.contains(range.end)) continue;
    const key = `${range.end.line}:${range.end.character}`;
    const label = formatShape(row.outputShape, style);
    const hint = byEnd.get(key) ?? { position: range.end, labels: [], source: row.range! };
    // A layer called twice (a shared pool) lists each output once.
    if (!hint.labels.includes(label)) hint.labels.push(label);
    byEnd.set(key, hint);
  }
  return [...byEnd.values()].map((h) => makeHint(analysis, h.position, `→ ${h.labels.join(' | ')}`, h.source));
}

function makeHint(analysis: DocumentAnalysis, position: vscode.Position, label: string, source: SourceRange): vscode.InlayHint {
  const hint = new vscode.InlayHint(position, label, vscode.InlayHintKind.Type);
  hint.paddingLeft = true;
  const explanation = explanationFor(analysis.result.hovers, source);
  if (explanation) hint.tooltip = hoverMarkdown(explanation, explanation.preview);
  return hint;
}

/** The hover that explains a statement: the one on its line carrying a derivation, layer facts first. */
function explanationFor(hovers: readonly HoverEntry[], source: SourceRange): HoverEntry | undefined {
  const onLine = hovers.filter((h) => h.derivation.length > 0 && h.range.line <= source.line && h.range.endLine >= source.line);
  return onLine.find((h) => h.layer) ?? onLine[0];
}
