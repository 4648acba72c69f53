/**
 * The Kernel Lab app: owns the state, persists it with `setState`, talks to the extension host
 * through validated messages, loads images, runs the pipeline on the selected backend and hands
 * the results to the views. Nothing here throws out to the page: a bad image, a message that fails
 * its schema or settings torch rejects all end as a message in the lab, which keeps working.
 */
import { FrameTimer, selectBackend, type BackendChoice } from '../conv/select';
import type { FeatureMap } from '../conv/types';
import { button, el } from './dom';
import { createChannelPanel, createDisplayPanel, createImagePanel, createLayerPanel, createPipelinePanel } from './controls';
import { createExplainerView } from './explainerView';
import { decodeImage, ImageLoadError, pixelsToTensor, resizePixels, type LoadedImage } from './images';
import { createKernelEditor } from './kernelEditor';
import { createOutputView } from './outputs';
import { inputChannels, runPipeline } from './pipeline';
import { previewFromState, stateFromPreview } from './preview';
import { hostMessageSchema, type HostMessage, type WebviewMessage } from './protocol';
import { pytorchCode } from './pytorchCode';
import { SchemaError } from './schema';
import { restoreState, SAMPLE_IMAGES, type ImageChoice, type LabState } from './state';

/** What `acquireVsCodeApi()` returns, as far as the lab uses it. */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type Change = (state: LabState) => LabState;

function imageKey(choice: ImageChoice): string {
  return choice.kind === 'sample' ? `sample:${choice.id}` : `user:${choice.uri}:${choice.name}`;
}

export class KernelLab {
  private state: LabState;
  private readonly timer = new FrameTimer();
  private backend: { preference: LabState['backend']; choice: Promise<BackendChoice> } | null = null;
  /** The decoded picture for the current image choice; user images arrive by message or drop. */
  private image: { key: string; choice: ImageChoice; loaded: LoadedImage } | null = null;
  private tensor: { key: string; map: FeatureMap } | null = null;
  /** The last frame's conv output, reused for the next frame's (a slider drag allocates nothing). */
  private convBuffer: Float32Array | undefined;
  /** Bytes of a user image handed over by the host or dropped, keyed like `image`. */
  private readonly userSources = new Map<string, () => Promise<ArrayBuffer>>();
  private renderQueued = false;
  private rendering: Promise<void> | null = null;

  private readonly imagePanel;
  private readonly channelPanel;
  private readonly kernelEditor;
  private readonly layerPanel;
  private readonly pipelinePanel;
  private readonly displayPanel;
  private readonly outputs = createOutputView();
  private readonly explainer;
  private readonly status = el('p', { className: 'backend-status', id: 'backend-status', attrs: { 'aria-live': 'polite' } });
  private readonly notes = el('p', { className: 'hint', id: 'preview-notes', attrs: { role: 'status' } });
  private readonly code = el('pre', { className: 'code', id: 'pytorch-code', tabIndex: 0 });
  private readonly applyButton: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly vscode: VsCodeApi,
    private readonly mediaBase: URL,
  ) {
    this.state = restoreState(vscode.getState());
    const update = (change: Change, options?: { recompute: boolean }) => this.update(change, options?.recompute ?? true);
    this.imagePanel = createImagePanel(update, { pick: () => this.post({ type: 'pickImage' }) });
    this.channelPanel = createChannelPanel(update);
    this.kernelEditor = createKernelEditor(update);
    this.layerPanel = createLayerPanel(update);
    this.pipelinePanel = createPipelinePanel(update);
    this.displayPanel = createDisplayPanel(update);
    this.explainer = createExplainerView(update);
    const copy = button('Copy', () => this.post({ type: 'copyText', text: this.code.textContent ?? '' }), 'Copy the PyTorch code to the clipboard');
    copy.id = 'copy-code';
    this.applyButton = button('Apply to code', () => this.post({ type: 'applyToCode', preview: previewFromState(this.state) }), "Write the lab's hyperparameters into the layer's call");
    this.applyButton.id = 'apply-to-code';
    root.replaceChildren(
      el('header', { className: 'lab-header' }, el('h1', {}, 'Kernel Lab'), this.status),
      this.notes,
      el(
        'div',
        { className: 'lab-layout' },
        el('div', { className: 'controls' }, this.imagePanel.root, this.channelPanel.root, this.kernelEditor.root, this.layerPanel.root, this.pipelinePanel.root, this.displayPanel.root),
        el('div', { className: 'results' }, this.outputs.root),
      ),
      this.explainer.root,
      el('section', { className: 'panel', id: 'code-panel' }, el('h2', {}, 'Copy as PyTorch'), el('div', { className: 'row' }, copy, this.applyButton), this.code),
    );
  }

  start(): void {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    this.installDrop();
    if (this.state.image.kind === 'user' && !this.state.image.uri) {
      // A dropped file has no path the host could reopen; fall back rather than wait forever.
      this.imagePanel.showMessage(`“${this.state.image.name}” was dropped in, so it could not be kept across the reload. Open it with “Open image…” to keep it.`, true);
      this.state = { ...this.state, image: { kind: 'sample', id: 'digit' } };
    }
    this.syncControls();
    this.persist();
    this.post({ type: 'ready', ...(this.state.image.kind === 'user' ? { userImageUri: this.state.image.uri } : {}) });
    this.scheduleRender();
  }

  private post(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private persist(): void {
    this.vscode.setState(this.state);
  }

  private update(change: Change, recompute: boolean): void {
    this.state = change(this.state);
    this.persist();
    this.syncControls();
    if (recompute) this.scheduleRender();
  }

  private syncControls(): void {
    const s = this.state;
    this.imagePanel.sync(s);
    this.channelPanel.sync(s);
    this.kernelEditor.sync(s);
    this.layerPanel.sync(s);
    this.pipelinePanel.sync(s);
    this.displayPanel.sync(s);
    this.explainer.sync(s);
    this.applyButton.hidden = s.linkedOp === null;
  }

  private receive(data: unknown): void {
    let message: HostMessage;
    try {
      message = hostMessageSchema(data, 'message');
    } catch (err) {
      if (err instanceof SchemaError) {
        console.warn(`Kernel Lab ignored a message: ${err.message}`);
        return;
      }
      throw err;
    }
    switch (message.type) {
      case 'setPreview': {
        const outcome = stateFromPreview(this.state, message.preview);
        this.notes.textContent = outcome.notes.join(' ');
        this.update(() => outcome.state, true);
        return;
      }
      case 'imageChosen': {
        const choice: ImageChoice = { kind: 'user', name: message.name, uri: message.uri };
        this.userSources.set(imageKey(choice), async () => {
          const response = await fetch(message.webviewUri);
          if (!response.ok) throw new ImageLoadError(`Could not read “${message.name}” (${response.status}).`);
          return response.arrayBuffer();
        });
        this.chooseImage(choice);
        return;
      }
      case 'imageError':
        this.imagePanel.showMessage(message.message, true);
        if (this.state.image.kind === 'user' && !this.userSources.has(imageKey(this.state.image))) {
          this.update((s) => ({ ...s, image: { kind: 'sample', id: 'digit' } }), true);
        }
        return;
    }
  }

  private chooseImage(choice: ImageChoice): void {
    this.update((s) => ({ ...s, image: choice, inputSize: null }), true);
  }

  private installDrop(): void {
    const target = document.body;
    target.addEventListener('dragover', (event) => {
      event.preventDefault();
      target.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => target.classList.remove('dragging'));
    target.addEventListener('drop', (event) => {
      event.preventDefault();
      target.classList.remove('dragging');
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      const choice: ImageChoice = { kind: 'user', name: file.name, uri: '' };
      this.userSources.set(imageKey(choice), () => file.arrayBuffer());
      this.chooseImage(choice);
    });
  }

  private async loadImage(choice: ImageChoice): Promise<LoadedImage | null> {
    const key = imageKey(choice);
    if (this.image?.key === key) return this.image.loaded;
    let read: (() => Promise<ArrayBuffer>) | undefined;
    let name: string;
    if (choice.kind === 'sample') {
      const file = SAMPLE_IMAGES[choice.id].file;
      name = file;
      read = async () => {
        const response = await fetch(new URL(`samples/${file}`, this.mediaBase));
        if (!response.ok) throw new ImageLoadError(`The sample “${file}” is missing (${response.status}).`);
        return response.arrayBuffer();
      };
    } else {
      name = choice.name;
      read = this.userSources.get(key);
      if (!read) return null; // the host has not handed it over yet
    }
    const loaded = await decodeImage(name, await read());
    this.image = { key, choice, loaded };
    this.tensor = null;
    this.imagePanel.showMessage('', true);
    return loaded;
  }

  private backendChoice(): Promise<BackendChoice> {
    const preference = this.state.backend;
    if (this.backend?.preference !== preference) {
      void this.backend?.choice.then((c) => c.backend.dispose?.());
      // A backend that fails to start (a lost GPU context, a wasm compile error) must not stop the lab.
      const choice = selectBackend(preference).catch(async (err: unknown) => {
        const fallback = await selectBackend('typescript');
        return { ...fallback, reason: `${preference} failed to start (${err instanceof Error ? err.message : String(err)})` };
      });
      this.backend = { preference, choice };
    }
    return this.backend.choice;
  }

  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      // One render at a time; a change during one queues exactly one more.
      const previous = this.rendering ?? Promise.resolve();
      const next = previous
        .then(() => this.render())
        .catch((err: unknown) => {
          // Never let one failed frame stop the next: say what happened and keep the lab usable.
          this.status.textContent = `The lab could not draw this frame: ${err instanceof Error ? err.message : String(err)}`;
        })
        .finally(() => {
          if (this.rendering === next) this.rendering = null;
        });
      this.rendering = next;
    });
  }

  private async render(): Promise<void> {
    const state = this.state;
    let loaded: LoadedImage | null;
    try {
      loaded = await this.loadImage(state.image);
    } catch (err) {
      const text = err instanceof ImageLoadError ? err.message : `Could not load the image: ${String(err)}`;
      this.imagePanel.showMessage(text, true);
      // Keep showing the picture that worked before; the digit when there was none.
      const fallback: ImageChoice = this.image && this.image.key !== imageKey(state.image) ? this.image.choice : { kind: 'sample', id: 'digit' };
      if (imageKey(fallback) !== imageKey(state.image)) this.update((s) => ({ ...s, image: fallback }), true);
      return;
    }
    if (!loaded) {
      this.status.textContent = 'Waiting for your image from VS Code…';
      return;
    }
    this.imagePanel.showMessage(loaded.note ?? `${loaded.name}: ${loaded.pixels.width}×${loaded.pixels.height}`, false);
    const channels = inputChannels(state);
    const tensorKey = `${this.image!.key}|${state.inputSize?.join('x') ?? ''}|${channels}`;
    if (this.tensor?.key !== tensorKey) {
      const pixels = state.inputSize ? resizePixels(loaded.pixels, state.inputSize[0], state.inputSize[1]) : loaded.pixels;
      this.tensor = { key: tensorKey, map: pixelsToTensor(pixels, channels) };
    }
    const input = this.tensor.map;
    const choice = await this.backendChoice();
    const result = this.timer.measure(() => {
      const r = runPipeline(choice.backend, input, state, this.convBuffer);
      this.convBuffer = r.stages.find((s) => s.id === 'conv')?.output?.data;
      this.outputs.render(r, { display: state.display, colourStages: state.channelMode === 'rgb', showWeights: state.channelMode === 'full' });
      return r;
    });
    const conv = result.stages.find((s) => s.id === 'conv');
    this.layerPanel.formula.replaceChildren(
      ...(conv ? conv.derivation.map((line) => el('div', {}, line)) : [el('div', {}, 'Conv2d is switched off in the pipeline.')]),
      ...(conv?.error ? [el('div', { className: 'error' }, conv.error)] : []),
    );
    this.code.textContent = pytorchCode(state, result.conv);
    this.status.textContent = `Backend: ${choice.backend.name} · last frame ${this.timer.last.toFixed(1)} ms (compute ${result.millis.toFixed(1)} ms)`;
    this.status.title = `Why ${choice.backend.name}: ${choice.reason}`;
    this.status.dataset.backend = choice.backend.name;
    const dims = (m: FeatureMap) => [m.channels, m.height, m.width];
    this.post({
      type: 'rendered',
      frame: {
        state,
        backend: choice.backend.name,
        millis: this.timer.last,
        input: dims(input),
        stages: result.stages.map((s) => ({ id: s.id, title: s.title, shape: s.output ? dims(s.output) : null, error: s.error ?? null })),
      },
    });
    // A frame counter on the root: lets tests (and anyone scripting the lab) wait for a redraw.
    this.root.dataset.frames = String(Number(this.root.dataset.frames ?? 0) + 1);
  }
}
