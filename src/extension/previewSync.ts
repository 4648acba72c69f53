/**
 * Keeps a Kernel Lab opened by "Preview Layer" tied to the layer's call in the code. Edits of the
 * call's arguments reach the open lab (after the analysis, debounced); the lab's "Apply to code"
 * writes its hyperparameters back into exactly those arguments of that call, as a WorkspaceEdit
 * VS Code previews before it is applied. One layer is synced at a time: previewing another one, or
 * closing the lab or the document, ends the sync.
 */
import * as vscode from 'vscode';
import type { LayerPreview, LayerSite } from '../core/api';
import { callArgumentEdits } from '../core/callEdit';
import type { AnalysisService } from './analysisService';
import type { KernelLabHandle } from './kernelLab';

/** Not in the palette: what the sync follows now, for tests and scripts. */
export const PREVIEW_SYNC_STATE_COMMAND = 'convlens.previewSync.state';
export const PREVIEW_SYNC_APPLY_COMMAND = 'convlens.previewSync.applyToCode';

const DEBOUNCE_MS = 150;

let active: PreviewSync | undefined;

class PreviewSync implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Where the call starts, as an offset that follows the edits made above it. */
  private offset: number;
  private sent: string;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly service: AnalysisService,
    readonly document: vscode.TextDocument,
    private site: LayerSite,
    start: vscode.Position,
    private readonly lab: KernelLabHandle,
  ) {
    this.offset = document.offsetAt(start);
    this.sent = JSON.stringify(site.preview);
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.document) return;
        for (const change of e.contentChanges) {
          if (change.rangeOffset + change.rangeLength <= this.offset) this.offset += change.text.length - change.rangeLength;
        }
      }),
      service.onDidAnalyse((program) => {
        if (!program.parts.some((p) => p.document === this.document)) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh().catch((e) => service.log.error('Preview sync failed', e instanceof Error ? e : String(e))), DEBOUNCE_MS);
      }),
      lab.onDidApplyToCode((preview) => void this.applyToCode(preview).catch((e) => service.log.error('Apply to code failed', e instanceof Error ? e : String(e)))),
      lab.panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.dispose();
      }),
    );
  }

  get state(): { uri: string; line: number; preview: LayerPreview } {
    return { uri: this.document.uri.toString(), line: this.document.positionAt(this.offset).line, preview: this.site.preview };
  }

  /** The layer site that starts where the synced call starts now. */
  private async currentSite(): Promise<LayerSite | undefined> {
    const analysis = await this.service.analysisFor(this.document);
    if (!analysis) return undefined;
    const start = this.document.positionAt(this.offset);
    return analysis.result.layerSites.find((s) => analysis.rangeIn(s.range)?.start.isEqual(start));
  }

  private async refresh(): Promise<void> {
    const site = await this.currentSite();
    if (!site || active !== this) return;
    this.site = site;
    const text = JSON.stringify(site.preview);
    if (text === this.sent) return;
    this.sent = text;
    this.lab.setPreview(site.preview);
  }

  async applyToCode(preview: LayerPreview): Promise<boolean> {
    const site = (await this.currentSite()) ?? this.site;
    const edits = callArgumentEdits(this.document.uri.toString(), this.document.getText(), site.range, site.preview.op, site.preview.config, preview.config);
    if (edits.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The code already has the lab’s hyperparameters.'));
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    const label = vscode.l10n.t('Apply Kernel Lab hyperparameters to {0}', site.preview.op);
    for (const e of edits) {
      const range = new vscode.Range(e.range.line - 1, e.range.column - 1, e.range.endLine - 1, e.range.endColumn - 1);
      edit.replace(this.document.uri, range, e.newText, { label, needsConfirmation: true });
    }
    return vscode.workspace.applyEdit(edit, { isRefactoring: true });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
    if (active === this) active = undefined;
  }
}

/**
 * Ties the open lab to the layer site it was opened on, until another layer is previewed or either
 * side closes. `site` must be a site of `document`'s current analysis.
 */
export function syncPreview(service: AnalysisService, document: vscode.TextDocument, site: LayerSite, start: vscode.Position, lab: KernelLabHandle): void {
  active?.dispose();
  active = new PreviewSync(service, document, site, start, lab);
}

/** What the lab's "Apply to code" sends, checked again here: the command is callable by any extension. */
function isPreview(v: unknown): v is LayerPreview {
  const p = v as LayerPreview | undefined;
  return typeof p === 'object' && p !== null && typeof p.op === 'string' && typeof p.config === 'object' && p.config !== null;
}

export function registerPreviewSync(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_SYNC_STATE_COMMAND, () => active?.state),
    // The lab's "Apply to code" as a command, for scripts and tests that cannot press the webview's button.
    vscode.commands.registerCommand(PREVIEW_SYNC_APPLY_COMMAND, (preview: unknown) => (active && isPreview(preview) ? active.applyToCode(preview) : false)),
    { dispose: () => active?.dispose() },
  );
}
