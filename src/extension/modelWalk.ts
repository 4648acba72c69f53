/**
 * "ConvLens: Walk Model Feature Maps": sends the layer graph of the model under the cursor (or the
 * one named) to webview/walk, which runs a sample image through it with the Kernel Lab's core. The
 * host picks the sample (a digit for one channel, a photo for three, the test card otherwise),
 * re-rolls the weights' seed on request, opens a clicked layer in the Kernel Lab, and keeps what the
 * webview last reported for `convlens.walk.snapshot` (tests, scripts).
 */
import * as vscode from 'vscode';
import type { LayerGraphNode, LayerPreview } from '../core/api';
import { dimToJson } from '../core/dims';
import type { WalkNode } from '../../webview/walk/compute';
import { parseWalkMessage, type StartWalk, type StepReport, type WalkMessage } from '../../webview/walk/protocol';
import type { AnalysisService } from './analysisService';
import { PREVIEW_LAYER_COMMAND } from './commandIds';
import { modelWithGraph, registerModelCommand, type ModelCommandOptions } from './diagram';
import { onValidMessage, webviewHtml } from './webviewHost';

export const WALK_MODEL_COMMAND = 'convlens.walkModel';
export const WALK_SNAPSHOT_COMMAND = 'convlens.walk.snapshot';

const DEFAULT_SEED = 42;
const CHANNEL_CAP = 8;
/** Ops the Kernel Lab can preview (what a LayerPreview may name). */
const PREVIEWABLE = /^(Conv2d|ConvTranspose2d|MaxPool2d|AvgPool2d|Upsample|UpsamplingNearest2d|UpsamplingBilinear2d|PixelShuffle|PixelUnshuffle|ReLU|ReLU6|LeakyReLU|ELU|GELU|SiLU|Mish|Sigmoid|Tanh|Hardswish)$/;

export interface WalkSnapshot {
  open: boolean;
  model?: string;
  progress?: { done: number; total: number; backend: string };
  rendered?: { seed: number; backend: string; steps: StepReport[] };
}

function wireNode(n: LayerGraphNode): WalkNode {
  return { ...n, shape: n.shape && n.shape.map(dimToJson) };
}

/** The sample a model's input calls for: channels and size follow its first node's shape. */
function sampleName(nodes: readonly WalkNode[]): string {
  const channels = nodes[0]?.shape?.[nodes[0].shape.length - 3];
  return channels === 1 ? 'digit-28.png' : channels === 3 ? 'chelsea.jpg' : 'test-card.png';
}

const WALK_CSS = `
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 0 1em 1em; }
  header { display: flex; align-items: center; gap: 0.8em; flex-wrap: wrap; position: sticky; top: 0; background: var(--vscode-editor-background); padding: 0.5em 0; z-index: 1; }
  h1 { font-size: 1.3em; margin: 0; }
  .meta, .hint, .status, .shape-only { color: var(--vscode-descriptionForeground); }
  .hint { margin: 0.2em 0 0.8em; }
  button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 0.3em 0.8em; cursor: pointer; }
  button:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button:focus-visible, canvas:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  ol.steps { list-style: none; padding: 0; margin: 0; }
  li.step { border-top: 1px solid var(--vscode-panel-border); padding: 0.5em 0; }
  .heading { display: flex; gap: 1em; align-items: baseline; margin-bottom: 0.3em; }
  .op { font-weight: 600; }
  code.shape { font-family: var(--vscode-editor-font-family); }
  .maps { display: flex; flex-wrap: wrap; gap: 4px; }
  canvas.map { image-rendering: pixelated; border: 1px solid var(--vscode-panel-border); cursor: pointer; }
  .show-all { margin-top: 0.3em; }`;

class WalkPanel {
  static current: WalkPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private walk: StartWalk | undefined;
  snapshot: WalkSnapshot = { open: true };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const roots = [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media', 'samples')];
    this.panel = vscode.window.createWebviewPanel('convlens.walk', vscode.l10n.t('Model Walk'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: roots,
    });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    this.panel.webview.html = this.html();
    onValidMessage(this.panel.webview, parseWalkMessage, (message) => this.receive(message), log, 'model walk');
    this.panel.onDidDispose(() => {
      WalkPanel.current = undefined;
      this.snapshot = { open: false };
    });
  }

  show(model: string, nodes: WalkNode[]): void {
    this.panel.title = vscode.l10n.t('Walk: {0}', model);
    this.walk = {
      type: 'walk',
      model,
      nodes,
      seed: DEFAULT_SEED,
      sample: this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'samples', sampleName(nodes))).toString(),
      channelCap: CHANNEL_CAP,
      labels: {
        reroll: vscode.l10n.t('Re-roll weights'),
        showAll: vscode.l10n.t('Show all {0} maps'),
        showFewer: vscode.l10n.t('Show fewer'),
        shapeOnly: vscode.l10n.t('Shape only'),
        computing: vscode.l10n.t('Computing…'),
        done: vscode.l10n.t('Done'),
        openHint: vscode.l10n.t('Weights as nn.Conv2d initialises them (seeded), batch norm with fresh running statistics. Click a map to open its layer in the Kernel Lab.'),
      },
    };
    this.snapshot = { open: true, model };
    this.send();
    this.panel.reveal(undefined, true);
  }

  private send(): void {
    if (this.ready && this.walk) void this.panel.webview.postMessage(this.walk);
  }

  private async receive(message: WalkMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.send();
        return;
      case 'progress':
        this.snapshot.progress = { done: message.done, total: message.total, backend: message.backend };
        return;
      case 'rendered':
        if (message.model === this.walk?.model && message.seed === this.walk.seed) this.snapshot.rendered = { seed: message.seed, backend: message.backend, steps: message.steps };
        return;
      case 'reroll':
        if (!this.walk) return;
        this.walk = { ...this.walk, seed: (this.walk.seed * 1103515245 + 12345) % 2147483648 };
        this.snapshot = { open: true, model: this.walk.model };
        this.send();
        return;
      case 'openLayer': {
        const node = this.walk?.nodes[message.id];
        if (!node || !PREVIEWABLE.test(node.op)) return;
        const input = node.inputs.length > 0 ? this.walk?.nodes[node.inputs[0]]?.shape : undefined;
        const preview = { op: node.op, config: node.config ?? {}, inputShape: input, outputShape: node.shape } as unknown as LayerPreview;
        await vscode.commands.executeCommand(PREVIEW_LAYER_COMMAND, preview);
        return;
      }
    }
  }

  private html(): string {
    return webviewHtml(this.panel.webview, {
      title: vscode.l10n.t('Model Walk'),
      script: { file: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', 'walk.js') },
      inlineStyle: WALK_CSS,
      body: '<main id="app"></main>',
      imageSources: ['resources', 'blob:', 'data:'],
      // The sample is fetched from media/samples; the conv core compiles its SIMD module at run time.
      fetchesResources: true,
      compilesWasm: true,
    });
  }
}

export function registerModelWalk(context: vscode.ExtensionContext, service: AnalysisService): void {
  context.subscriptions.push(
    registerModelCommand(service, WALK_MODEL_COMMAND, async (options: ModelCommandOptions) => {
      const found = await modelWithGraph(service, options);
      if (!found) return undefined;
      WalkPanel.current ??= new WalkPanel(context, service.log);
      WalkPanel.current.show(found.module.name, found.module.graph.nodes.map(wireNode));
      return found.module.name;
    }),
    vscode.commands.registerCommand(WALK_SNAPSHOT_COMMAND, (): WalkSnapshot => WalkPanel.current?.snapshot ?? { open: false }),
  );
}
