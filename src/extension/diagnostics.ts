/**
 * Live diagnostics: the core's shape errors, worded as torch words them, published after typing
 * pauses, with a code linking to its docs page, related locations (the layer's definition, the call
 * site), a severity the user may override per code, and cleared when the file or notebook closes.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/api';
import type { AnalysisService, DocumentAnalysis } from './analysisService';
import type { Program } from './notebooks';

type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

const SEVERITIES: Record<Exclude<SeveritySetting, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'ConvLens';

export function registerDiagnostics(context: vscode.ExtensionContext, service: AnalysisService): void {
  const collection = vscode.languages.createDiagnosticCollection('convlens');
  const docsFolder = vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics');

  const publish = async (program: Program) => {
    const settings = vscode.workspace.getConfiguration('convlens.diagnostics');
    if (!settings.get<boolean>('enabled', true)) {
      for (const part of program.parts) collection.delete(part.document.uri);
      return;
    }
    const overrides = settings.get<Record<string, SeveritySetting>>('severity', {});
    for (const analysis of await service.analysesOf(program)) {
      if (analysis.document.isClosed) continue;
      const diagnostics = analysis.result.diagnostics.flatMap((d) => {
        const severity = overrides[d.code] ?? d.severity;
        if (severity === 'off' || !(severity in SEVERITIES)) return [];
        const range = analysis.rangeIn(d.range);
        return range ? [toVscodeDiagnostic(d, range, SEVERITIES[severity], analysis, docsFolder)] : [];
      });
      collection.set(analysis.document.uri, diagnostics);
    }
  };
  const publishSafely = (program: Program) =>
    publish(program).catch((error) => service.log.error('Publishing diagnostics failed', error instanceof Error ? error : String(error)));

  context.subscriptions.push(
    collection,
    service.onDidAnalyse(publishSafely),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.workspace.onDidCloseNotebookDocument((nb) => nb.getCells().forEach((cell) => collection.delete(cell.document.uri))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('convlens.diagnostics')) service.openPrograms().forEach(publishSafely);
    }),
  );
}

function toVscodeDiagnostic(
  d: Diagnostic,
  range: vscode.Range,
  severity: vscode.DiagnosticSeverity,
  analysis: DocumentAnalysis,
  docsFolder: vscode.Uri,
): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: d.code, target: vscode.Uri.joinPath(docsFolder, `${d.code}.md`) };
  diagnostic.relatedInformation = d.related.flatMap((r) => {
    const location = analysis.location(r.location.file, r.location.range);
    return location ? [new vscode.DiagnosticRelatedInformation(location, r.message)] : [];
  });
  return diagnostic;
}
