/**
 * "ConvLens: Export Architecture Diagram": draws the model under the cursor (or the one named)
 * from its layer graph, shows the SVG in a panel, and saves it as SVG or PNG. The PNG is drawn by
 * the webview itself (the SVG onto a canvas), so it looks exactly like the panel; the data it sends
 * back is checked before it is written.
 */
import * as vscode from 'vscode';
import type { LayerGraph, ModuleEntry } from '../core/api';
import { architectureSvg } from '../core/diagram';
import { isAnalysable, type AnalysisService } from './analysisService';
import { moduleAt } from './summaryPanel';
import { escapeHtml, onValidMessage, webviewHtml } from './webviewHost';

export const EXPORT_DIAGRAM_COMMAND = 'convlens.exportDiagram';

/** What a script or a test may pass instead of answering the save dialogs. */
interface ExportOptions extends ModelCommandOptions {
  /** Where to write the SVG / PNG without asking. */
  svg?: string;
  png?: string;
}

export interface ExportResult {
  model: string;
  svg?: string;
  png?: string;
}

/** A PNG the canvas can encode for the largest diagrams ConvLens draws (the graph is capped), with room. */
const MAX_PNG_BYTES = 64 * 1024 * 1024;
const PNG_PREFIX = 'data:image/png;base64,';

type PanelMessage = { type: 'exportSvg' } | { type: 'exportPng' } | { type: 'png'; id: number; data: string } | { type: 'pngFailed'; id: number; reason: string };

function parseMessage(raw: unknown): PanelMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  if (m.type === 'exportSvg' || m.type === 'exportPng') return { type: m.type };
  if (m.type === 'png' && typeof m.id === 'number' && typeof m.data === 'string' && m.data.startsWith(PNG_PREFIX) && m.data.length <= (MAX_PNG_BYTES * 4) / 3 + PNG_PREFIX.length + 4) {
    return { type: 'png', id: m.id, data: m.data };
  }
  if (m.type === 'pngFailed' && typeof m.id === 'number' && typeof m.reason === 'string') return { type: 'pngFailed', id: m.id, reason: m.reason.slice(0, 500) };
  return undefined;
}

function decodePng(data: string): Uint8Array | undefined {
  const base64 = data.slice(PNG_PREFIX.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // The PNG signature: anything else is not what the canvas makes.
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return signature.every((b, i) => bytes[i] === b) ? bytes : undefined;
}

function toUri(target: string, base: vscode.Uri): vscode.Uri {
  return /^[a-z][\w+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target) ? vscode.Uri.parse(target) : target.startsWith('/') ? vscode.Uri.file(target) : vscode.Uri.joinPath(base, '..', target);
}

class DiagramPanel {
  static current: DiagramPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private readonly pending = new Map<number, (png: Uint8Array | Error) => void>();
  private nextRequest = 1;
  model = '';
  svg = '';
  source: vscode.Uri | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.panel = vscode.window.createWebviewPanel('convlens.diagram', vscode.l10n.t('Architecture Diagram'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
    });
    onValidMessage(this.panel.webview, parseMessage, (message) => this.handle(message), log, 'diagram panel');
    this.panel.onDidDispose(() => {
      DiagramPanel.current = undefined;
      for (const resolve of this.pending.values()) resolve(new Error('the diagram panel was closed'));
    });
  }

  show(model: string, svg: string, source: vscode.Uri): void {
    this.model = model;
    this.svg = svg;
    this.source = source;
    this.panel.title = vscode.l10n.t('Diagram: {0}', model);
    this.panel.webview.html = diagramHtml(this.panel.webview, svg, {
      exportSvg: vscode.l10n.t('Export SVG…'),
      exportPng: vscode.l10n.t('Export PNG…'),
    });
    this.panel.reveal(undefined, true);
  }

  private async handle(message: PanelMessage): Promise<void> {
    if (message.type === 'exportSvg') {
      const target = await this.ask('svg');
      if (target) await this.writeSvg(target);
    } else if (message.type === 'exportPng') {
      const target = await this.ask('png');
      if (target) await this.writePng(target);
    } else {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'pngFailed') resolve?.(new Error(message.reason));
      else resolve?.(decodePng(message.data) ?? new Error('the panel sent something that is not a PNG'));
    }
  }

  private ask(kind: 'svg' | 'png'): Thenable<vscode.Uri | undefined> {
    return vscode.window.showSaveDialog({
      defaultUri: this.source ? vscode.Uri.joinPath(this.source, '..', `${this.model}.${kind}`) : undefined,
      filters: kind === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
    });
  }

  async writeSvg(target: vscode.Uri): Promise<void> {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(this.svg));
  }

  async writePng(target: vscode.Uri): Promise<void> {
    const id = this.nextRequest++;
    const png = await new Promise<Uint8Array | Error>((resolve) => {
      this.pending.set(id, resolve);
      void this.panel.webview.postMessage({ type: 'renderPng', id, scale: 2 });
    });
    if (png instanceof Error) throw png;
    await vscode.workspace.fs.writeFile(target, png);
  }
}

export function registerDiagram(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(registerModelCommand(service, EXPORT_DIAGRAM_COMMAND, (options) => exportDiagram(service, options)));
}

/** What the diagram and the walk commands accept: the file and the model, else the editor's. */
export interface ModelCommandOptions {
  uri?: string;
  model?: string;
}

/** A command on one model: options checked, failures logged and shown, never thrown to VS Code. */
export function registerModelCommand<O extends ModelCommandOptions, R>(service: AnalysisService, id: string, run: (options: O) => Promise<R | undefined>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (options?: O) => {
    try {
      return await run(typeof options === 'object' && options !== null ? options : ({} as O));
    } catch (error) {
      service.log.error(`Command ${id} failed`, error instanceof Error ? error : String(error));
      void vscode.window.showErrorMessage(vscode.l10n.t('ConvLens: {0}', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  });
}

/**
 * The model a command means (named, else around the cursor, else the file's last) with its layer
 * graph; undefined, after telling the user why, when there is none to draw.
 */
export async function modelWithGraph(service: AnalysisService, options: ModelCommandOptions): Promise<{ document: vscode.TextDocument; module: ModuleEntry & { graph: LayerGraph } } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = typeof options.uri === 'string' ? await vscode.workspace.openTextDocument(vscode.Uri.parse(options.uri)) : editor?.document;
  if (!document || !isAnalysable(document)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python file with a model first.'));
    return undefined;
  }
  const analysis = await service.analysisFor(document);
  const position = editor?.document === document ? editor.selection.active : undefined;
  const module = analysis && moduleAt(analysis, typeof options.model === 'string' ? options.model : undefined, position);
  if (!module?.graph || module.graph.nodes.length < 2) {
    void vscode.window.showInformationMessage(
      module
        ? vscode.l10n.t('ConvLens cannot follow {0}: no call of it with a known input shape. Add `# convlens: input (...)` to its class line.', module.name)
        : vscode.l10n.t('ConvLens found no nn.Module or nn.Sequential in this file.'),
    );
    return undefined;
  }
  return { document, module: module as ModuleEntry & { graph: LayerGraph } };
}

async function exportDiagram(service: AnalysisService, options: ExportOptions): Promise<ExportResult | undefined> {
  const found = await modelWithGraph(service, options);
  if (!found) return undefined;
  const { document, module } = found;
  const svg = architectureSvg(module.name, module.graph);
  DiagramPanel.current ??= new DiagramPanel(service.log);
  const panel = DiagramPanel.current;
  panel.show(module.name, svg, document.uri);
  const result: ExportResult = { model: module.name };
  if (typeof options.svg === 'string') {
    const target = toUri(options.svg, document.uri);
    await panel.writeSvg(target);
    result.svg = target.toString();
  }
  if (typeof options.png === 'string') {
    const target = toUri(options.png, document.uri);
    await panel.writePng(target);
    result.png = target.toString();
  }
  return result;
}

/** The panel's own code: export buttons, and the SVG drawn on a canvas when the host asks for a PNG. */
const DIAGRAM_SCRIPT = `
(() => {
  const vscode = acquireVsCodeApi();
  document.getElementById('export-svg').addEventListener('click', () => vscode.postMessage({ type: 'exportSvg' }));
  document.getElementById('export-png').addEventListener('click', () => vscode.postMessage({ type: 'exportPng' }));
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || m.type !== 'renderPng' || typeof m.id !== 'number') return;
    const svg = document.querySelector('#diagram svg');
    const scale = typeof m.scale === 'number' && m.scale > 0 && m.scale <= 4 ? m.scale : 2;
    const width = Number(svg.getAttribute('width')), height = Number(svg.getAttribute('height'));
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const context = canvas.getContext('2d');
      context.scale(scale, scale);
      context.drawImage(image, 0, 0, width, height);
      vscode.postMessage({ type: 'png', id: m.id, data: canvas.toDataURL('image/png') });
    };
    image.onerror = () => vscode.postMessage({ type: 'pngFailed', id: m.id, reason: 'the diagram could not be drawn as an image' });
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  });
})();`;

const DIAGRAM_CSS = `
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 0 1em 1em; }
  .toolbar { display: flex; gap: 0.5em; margin: 0.8em 0; position: sticky; top: 0; }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 0.35em 0.9em; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  #diagram { overflow: auto; }
  #diagram svg { display: block; border: 1px solid var(--vscode-panel-border); }`;

function diagramHtml(webview: vscode.Webview, svg: string, labels: { exportSvg: string; exportPng: string }): string {
  // The SVG is inline markup the core wrote (every name from the code escaped); it carries no script,
  // and the policy would refuse one. PNG: the same SVG drawn on a canvas from a data: image.
  return webviewHtml(webview, {
    title: vscode.l10n.t('Architecture Diagram'),
    script: { inline: DIAGRAM_SCRIPT },
    inlineStyle: DIAGRAM_CSS,
    body: `<div class="toolbar" role="toolbar"><button id="export-svg">${escapeHtml(labels.exportSvg)}</button><button id="export-png">${escapeHtml(labels.exportPng)}</button></div>
<div id="diagram">${svg}</div>`,
    imageSources: ['data:'],
  });
}
