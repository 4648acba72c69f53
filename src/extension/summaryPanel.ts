/**
 * The model summary panel: hosts webview/summary (a torchinfo-style table) for one model of one
 * document, refreshes it when the document is analysed again, and does what the webview asks for
 * (copy as Markdown, export CSV, reveal a layer) after validating the message.
 */
import * as vscode from 'vscode';
import type { ModuleEntry } from '../core/api';
import { parseSummaryMessage, type ShowSummary, type SummaryMessage } from '../../webview/summary/protocol';
import type { AnalysisService, DocumentAnalysis } from './analysisService';
import { moduleHeadline } from './codeLens';
import { summaryTable, tableToCsv, tableToMarkdown, type SummaryHeaders, type TextTable } from '../present/summaryTable';
import { onValidMessage, webviewHtml } from './webviewHost';

export function summaryHeaders(): SummaryHeaders {
  return {
    layer: vscode.l10n.t('Layer'),
    type: vscode.l10n.t('Type'),
    kernel: vscode.l10n.t('Kernel'),
    stride: vscode.l10n.t('Stride'),
    padding: vscode.l10n.t('Padding'),
    dilation: vscode.l10n.t('Dilation'),
    output: vscode.l10n.t('Output shape'),
    params: vscode.l10n.t('Params'),
    macs: vscode.l10n.t('MACs'),
    receptiveField: vscode.l10n.t('Receptive field'),
    memory: vscode.l10n.t('Memory'),
    total: vscode.l10n.t('Total'),
  };
}

/** The model a command means: the one named, else the one around the cursor, else the file's last. */
export function moduleAt(analysis: DocumentAnalysis, name: string | undefined, position: vscode.Position | undefined): ModuleEntry | undefined {
  const modules = analysis.result.modules;
  if (name !== undefined) return modules.find((m) => m.name === name);
  if (position) {
    const around = analysis.innermostAt(modules, position);
    if (around) return around;
    const above = modules.filter((m) => (analysis.rangeIn(m.range)?.start.line ?? Infinity) <= position.line);
    if (above.length > 0) return above[above.length - 1];
  }
  return modules[modules.length - 1];
}

export class SummaryPanel {
  private static current: SummaryPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  /** The model shown: its document and name, so that a new analysis refreshes the same model. */
  private target: { uri: string; name: string } | undefined;
  private analysis: DocumentAnalysis | undefined;
  private rows: ModuleEntry['summary'] = [];
  private table: TextTable | undefined;
  /** The last table sent, sent again when a recreated webview says it is ready. */
  private message: ShowSummary | undefined;

  /** Shows the model in the panel, creating the panel the first time. */
  static async show(context: vscode.ExtensionContext, service: AnalysisService, document: vscode.TextDocument, moduleName: string | undefined, position?: vscode.Position): Promise<boolean> {
    const analysis = await service.analysisFor(document);
    const module = analysis && moduleAt(analysis, moduleName, position);
    if (!analysis || !module) {
      void vscode.window.showInformationMessage(vscode.l10n.t('ConvLens found no nn.Module or nn.Sequential in this file.'));
      return false;
    }
    if (!SummaryPanel.current) SummaryPanel.current = new SummaryPanel(context, service);
    SummaryPanel.current.target = { uri: document.uri.toString(), name: module.name };
    SummaryPanel.current.update(analysis, module);
    SummaryPanel.current.panel.reveal(undefined, true);
    return true;
  }

  private constructor(context: vscode.ExtensionContext, service: AnalysisService) {
    const scripts = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel('convlens.summary', vscode.l10n.t('Model Summary'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [scripts, media],
      retainContextWhenHidden: false,
    });
    this.panel.webview.html = webviewHtml(this.panel.webview, {
      title: vscode.l10n.t('Model Summary'),
      script: { file: vscode.Uri.joinPath(scripts, 'summary.js') },
      styleSheets: [vscode.Uri.joinPath(media, 'summary.css')],
      body: '<main id="root"></main>',
    });
    const subscriptions = [
      onValidMessage(this.panel.webview, parseSummaryMessage, (message) => this.handle(message), service.log, 'summary panel'),
      service.onDidAnalyse(async (program) => {
        if (!this.target || !program.parts.some((p) => p.document.uri.toString() === this.target!.uri)) return;
        const document = program.parts.find((p) => p.document.uri.toString() === this.target!.uri)!.document;
        const analysis = await service.analysisFor(document);
        const module = analysis && moduleAt(analysis, this.target.name, undefined);
        if (analysis && module) this.update(analysis, module);
      }),
    ];
    this.panel.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      SummaryPanel.current = undefined;
    });
  }

  private update(analysis: DocumentAnalysis, module: ModuleEntry): void {
    this.analysis = analysis;
    this.rows = module.summary;
    this.table = summaryTable(module, summaryHeaders());
    this.panel.title = vscode.l10n.t('Summary: {0}', module.name);
    this.message = {
      type: 'show',
      title: module.name,
      headline: moduleHeadline(module),
      table: this.table,
      labels: {
        copyMarkdown: vscode.l10n.t('Copy as Markdown'),
        exportCsv: vscode.l10n.t('Export CSV'),
        expandAll: vscode.l10n.t('Expand all'),
        collapseAll: vscode.l10n.t('Collapse all'),
        noLayers: vscode.l10n.t('This model has no layers ConvLens can follow.'),
        reveal: vscode.l10n.t('Go to the layer in the source'),
      },
    };
    void this.panel.webview.postMessage(this.message);
  }

  private async handle(message: SummaryMessage): Promise<void> {
    if (message.type === 'ready') {
      if (this.message) await this.panel.webview.postMessage(this.message);
    } else if (message.type === 'copyMarkdown' && this.table) {
      await vscode.env.clipboard.writeText(tableToMarkdown(this.table));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Model summary copied as Markdown'), 3000);
    } else if (message.type === 'exportCsv' && this.table && this.analysis) {
      const base = this.analysis.document.uri;
      const destination = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(base, '..', `${this.target?.name ?? 'model'}-summary.csv`),
        filters: { CSV: ['csv'] },
      });
      if (destination) await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(tableToCsv(this.table)));
    } else if (message.type === 'reveal' && this.analysis) {
      const range = this.rows[message.row]?.range;
      const location = range && this.analysis.location(this.analysis.program.file, range);
      if (location) await vscode.window.showTextDocument(location.uri, { selection: location.range, viewColumn: vscode.ViewColumn.One });
    }
  }
}
