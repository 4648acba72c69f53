/**
 * Status bar: the output shape of the model around the cursor (`LeNet5 → [1, 10]`), or what the
 * analysis is doing; a click opens the model summary.
 */
import * as vscode from 'vscode';
import { isAnalysable, type AnalysisService } from './analysisService';
import { SHOW_MODEL_SUMMARY_COMMAND } from './commandIds';
import { moduleHeadline } from './codeLens';
import { moduleAt } from './summaryPanel';
import { formatShape } from '../present/shapeText';

const SPINNER_DELAY_MS = 300;

export function registerStatusBar(context: vscode.ExtensionContext, service: AnalysisService): void {
  const item = vscode.window.createStatusBarItem('convlens.model', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('ConvLens model shape');
  /** True while an analysis has been running for longer than SPINNER_DELAY_MS. */
  let spinning = false;
  let spinnerDelay: ReturnType<typeof setTimeout> | undefined;
  /** Only the latest refresh may write the item; an older one may finish later. */
  let refreshes = 0;

  const refresh = async () => {
    const ticket = ++refreshes;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isAnalysable(editor.document) || !vscode.workspace.getConfiguration('convlens.statusBar').get<boolean>('enabled', true)) {
      item.hide();
      return;
    }
    if (spinning) {
      item.text = `$(sync~spin) ${vscode.l10n.t('ConvLens: analysing…')}`;
      item.tooltip = undefined;
      item.command = undefined;
      item.show();
      return;
    }
    const analysis = await service.analysisFor(editor.document);
    if (ticket !== refreshes || !analysis) return;
    const module = moduleAt(analysis, undefined, editor.selection.active);
    const { result } = analysis;
    const problems = result.diagnostics.length;
    if (module) {
      item.text = `$(symbol-class) ${module.name} → ${formatShape(module.outputShape)}`;
      item.tooltip = `${moduleHeadline(module)}\n${vscode.l10n.t('Click to show the model summary')}`;
      item.command = { title: vscode.l10n.t('Show Model Summary'), command: SHOW_MODEL_SUMMARY_COMMAND, arguments: [editor.document.uri, module.name] };
    } else {
      item.text = `$(symbol-array) ${vscode.l10n.t('ConvLens: {0} shapes', result.shapes.length)}`;
      item.tooltip = undefined;
      item.command = undefined;
    }
    if (result.stats.truncated) item.tooltip = `${item.tooltip ?? ''}\n${vscode.l10n.t('The analysis hit its time budget; later shapes are unknown.')}`.trim();
    if (problems > 0) item.text += `  $(warning) ${problems}`;
    item.show();
  };
  const refreshSafely = () => void refresh().catch((error) => service.log.error('Status bar update failed', error instanceof Error ? error : String(error)));

  context.subscriptions.push(
    item,
    { dispose: () => clearTimeout(spinnerDelay) },
    service.onDidChangeBusy((running) => {
      clearTimeout(spinnerDelay);
      // Most analyses take milliseconds: only one still running after a moment shows the spinner,
      // so the item does not flicker while typing.
      if (running) {
        spinnerDelay = setTimeout(() => {
          spinning = true;
          refreshSafely();
        }, SPINNER_DELAY_MS);
      } else if (spinning) {
        spinning = false;
        refreshSafely();
      }
    }),
    service.onDidAnalyse(refreshSafely),
    vscode.window.onDidChangeActiveTextEditor(refreshSafely),
    vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === vscode.window.activeTextEditor && refreshSafely()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('convlens.statusBar') && refreshSafely()),
  );
  refreshSafely();
}
