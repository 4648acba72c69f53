/**
 * The Kernel Lab's host: a WebviewPanel running dist/webview/lab.js under a strict CSP (nonce'd
 * script and stylesheet, no inline code, resources only from media/, dist/webview and folders of
 * images the user picked), a serializer so the lab comes back after a window reload, the file
 * picker for the user's own image, and the clipboard. Every message from the webview is checked
 * against its schema (webview/lab/protocol.ts) before anything is done with it; the webview checks
 * the host's messages the same way.
 */
import * as vscode from 'vscode';
import type { LayerPreview } from '../core/api';
import { SymDim } from '../core/dims';
import { hostMessageSchema, webviewMessageSchema, type HostMessage, type RenderedFrame, type WireDim } from '../../webview/lab/protocol';
import { SchemaError } from '../../webview/lab/schema';
import { webviewHtml } from './webviewHost';

const VIEW_TYPE = 'convlens.kernelLab';
/**
 * Not in the palette: returns what the open lab shows (`KernelLabSnapshot`), as plain data, for
 * code outside this bundle that must check the lab (the integration tests, Preview Layer's tests).
 */
export const KERNEL_LAB_SNAPSHOT_COMMAND = 'convlens.kernelLab.snapshot';
/** Images the user picked (file URIs): only these may be reopened after a reload and added to the roots. */
const PICKED_IMAGES_KEY = 'convlens.kernelLab.pickedImages';
const MAX_REMEMBERED_IMAGES = 20;
/** Files larger than this are refused before the webview tries to decode them. */
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp'];

/** What `openKernelLab` returns: the open lab, for code that drives it (Preview Layer, live sync). */
export interface KernelLabHandle {
  readonly panel: vscode.WebviewPanel;
  /** Sets the lab to a layer of the code: its hyperparameters and an input of its inferred shape. */
  setPreview(preview: LayerPreview): void;
  /** Fires when the user presses "Apply to code", with the hyperparameters as the lab has them. */
  readonly onDidApplyToCode: vscode.Event<LayerPreview>;
  /** Fires after the webview drew a frame, with what it shows. */
  readonly onDidRender: vscode.Event<RenderedFrame>;
  /** The last frame the webview drew, once it has drawn one. */
  readonly lastFrame: RenderedFrame | undefined;
}

export interface KernelLabSnapshot {
  open: boolean;
  visible: boolean;
  lastFrame?: RenderedFrame;
}

let current: KernelLabController | undefined;

/**
 * Registers the serializer that brings the lab back after a window reload. The palette commands
 * ("Open Kernel Lab", "Preview Layer in Kernel Lab") live in commands.ts and call `openKernelLab`.
 */
export function registerKernelLab(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(KERNEL_LAB_SNAPSHOT_COMMAND, (): KernelLabSnapshot =>
      current ? { open: true, visible: current.panel.visible, lastFrame: current.lastFrame } : { open: false, visible: false },
    ),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        // The saved state is the webview's own; it validates and restores it itself. The host only
        // needs it for a picked image, which the webview asks for again in its `ready` message.
        current?.panel.dispose();
        current = new KernelLabController(context, panel);
      },
    }),
  );
}

/** Opens the lab (or reveals the open one), optionally set to a layer from the code. */
export function openKernelLab(context: vscode.ExtensionContext, preview?: LayerPreview): KernelLabHandle {
  if (!current) {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Kernel Lab'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: baseRoots(context),
    });
    current = new KernelLabController(context, panel);
  } else {
    current.panel.reveal(undefined, false);
  }
  if (preview) current.setPreview(preview);
  return current;
}

function baseRoots(context: vscode.ExtensionContext): vscode.Uri[] {
  return [vscode.Uri.joinPath(context.extensionUri, 'media'), vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')];
}

/** The analysis' dims as the wire carries them: symbolic dims as their text. */
function wireDim(d: unknown): WireDim {
  if (typeof d === 'number') return d;
  if (d instanceof SymDim) return d.toString();
  return null;
}

function wirePreview(preview: LayerPreview): LayerPreview {
  const shape = (s: LayerPreview['inputShape']) => (s ? (s.map(wireDim) as unknown as LayerPreview['inputShape']) : s);
  return { ...preview, inputShape: shape(preview.inputShape), outputShape: shape(preview.outputShape) };
}

class KernelLabController implements KernelLabHandle {
  private readonly applyEmitter = new vscode.EventEmitter<LayerPreview>();
  readonly onDidApplyToCode = this.applyEmitter.event;
  private readonly renderEmitter = new vscode.EventEmitter<RenderedFrame>();
  readonly onDidRender = this.renderEmitter.event;
  lastFrame: RenderedFrame | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** Messages for the webview, held until its app says it is listening. */
  private pending: HostMessage[] = [];
  private extraRoots: vscode.Uri[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: baseRoots(context) };
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      panel.onDidDispose(() => this.dispose()),
      // Hidden, the webview is torn down (no retainContextWhenHidden); shown again, it reloads from
      // its saved state and says `ready` again. Hold messages in between rather than lose them.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      this.applyEmitter,
      this.renderEmitter,
    );
  }

  setPreview(preview: LayerPreview): void {
    this.send({ type: 'setPreview', preview: wirePreview(preview) });
  }

  private send(message: HostMessage): void {
    // Checked here too, so a host bug shows up at its source rather than as a dropped message.
    hostMessageSchema(message, 'message');
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.pending.push(message);
  }

  private html(): string {
    const extension = this.context.extensionUri;
    return webviewHtml(this.panel.webview, {
      title: vscode.l10n.t('Kernel Lab'),
      script: { file: vscode.Uri.joinPath(extension, 'dist', 'webview', 'lab.js') },
      styleSheets: [vscode.Uri.joinPath(extension, 'media', 'lab.css')],
      body: '<div id="app"></div>',
      imageSources: ['resources', 'blob:', 'data:'],
      // Sample images and picked images are fetched from the allowed roots.
      fetchesResources: true,
      // The WASM SIMD backend compiles its module at run time.
      compilesWasm: true,
    });
  }

  private async receive(data: unknown): Promise<void> {
    let message;
    try {
      message = webviewMessageSchema(data, 'message');
    } catch (err) {
      if (err instanceof SchemaError) {
        console.warn(`ConvLens: ignored a Kernel Lab message: ${err.message}`);
        return;
      }
      throw err;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const queued of this.pending.splice(0)) void this.panel.webview.postMessage(queued);
        if (message.userImageUri) await this.reopenImage(message.userImageUri);
        return;
      case 'pickImage':
        await this.pickImage();
        return;
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the PyTorch code'), 3000);
        return;
      case 'applyToCode':
        this.applyEmitter.fire(message.preview);
        return;
      case 'rendered':
        this.lastFrame = message.frame;
        this.renderEmitter.fire(message.frame);
        return;
    }
  }

  private async pickImage(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Open in Kernel Lab'),
      filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
    });
    if (!picked?.[0]) return;
    const uri = picked[0];
    await this.remember(uri);
    await this.offerImage(uri);
  }

  /** After a reload: reopen the user's image, but only one this host itself let them pick. */
  private async reopenImage(uriText: string): Promise<void> {
    const remembered = this.context.globalState.get<string[]>(PICKED_IMAGES_KEY, []);
    if (!remembered.includes(uriText)) {
      this.send({ type: 'imageError', message: vscode.l10n.t('The lab only reopens images picked with “Open image…”.') });
      return;
    }
    await this.offerImage(vscode.Uri.parse(uriText));
  }

  private async offerImage(uri: vscode.Uri): Promise<void> {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      this.send({ type: 'imageError', message: vscode.l10n.t('“{0}” can no longer be read.', name) });
      return;
    }
    if (size > MAX_IMAGE_BYTES) {
      this.send({ type: 'imageError', message: vscode.l10n.t('“{0}” is {1} MB; the lab opens images up to {2} MB.', name, Math.round(size / 1048576), MAX_IMAGE_BYTES / 1048576) });
      return;
    }
    const folder = vscode.Uri.joinPath(uri, '..');
    if (!this.extraRoots.some((root) => root.toString() === folder.toString())) {
      this.extraRoots.push(folder);
      this.panel.webview.options = { enableScripts: true, localResourceRoots: [...baseRoots(this.context), ...this.extraRoots] };
    }
    this.send({ type: 'imageChosen', name, uri: uri.toString(), webviewUri: this.panel.webview.asWebviewUri(uri).toString() });
  }

  private async remember(uri: vscode.Uri): Promise<void> {
    const list = this.context.globalState.get<string[]>(PICKED_IMAGES_KEY, []).filter((u) => u !== uri.toString());
    list.unshift(uri.toString());
    await this.context.globalState.update(PICKED_IMAGES_KEY, list.slice(0, MAX_REMEMBERED_IMAGES));
  }

  private dispose(): void {
    if (current === this) current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
