/**
 * The lab's settings panels other than the kernel: image, channels, layer geometry, pipeline
 * stages, display and backend. Each panel is built once; `sync` writes the state back into the
 * controls after every change, so restored state, presets and previews all show up the same way.
 */
import type { BackendName, PaddingMode } from '../conv/types';
import { button, checkbox, el, intInput, labelled, select, syncValue } from './dom';
import { activationClass } from './pipeline';
import { ACTIVATION_KINDS, MAX_CHANNELS, SAMPLE_IMAGES, type LabState, type SampleId } from './state';

type Update = (change: (state: LabState) => LabState) => void;

export interface ControlPanel {
  root: HTMLElement;
  sync(state: LabState): void;
}

export interface ImageActions {
  pick(): void;
}

/** A pair of integer inputs for an (H, W) argument such as stride or dilation. */
function pairInputs(id: string, label: string, max: number, min: number, get: (s: LabState) => [number, number], set: (s: LabState, v: [number, number]) => LabState, update: Update) {
  const h = intInput(min, min, max, (v) => update((s) => set(s, [v, get(s)[1]])));
  const w = intInput(min, min, max, (v) => update((s) => set(s, [get(s)[0], v])));
  h.id = `${id}-h`;
  w.id = `${id}-w`;
  h.setAttribute('aria-label', `${label} (height)`);
  w.setAttribute('aria-label', `${label} (width)`);
  const root = el('div', { className: 'field pair' }, el('span', { className: 'field-label' }, label), h, el('span', { className: 'times' }, '×'), w);
  return {
    root,
    inputs: [h, w] as const,
    sync(state: LabState) {
      const [vh, vw] = get(state);
      syncValue(h, String(vh));
      syncValue(w, String(vw));
    },
  };
}

export function createImagePanel(update: Update, actions: ImageActions): ControlPanel & { showMessage(text: string, isError: boolean): void } {
  const options = (Object.keys(SAMPLE_IMAGES) as SampleId[]).map((id) => ({ value: id, label: SAMPLE_IMAGES[id].label }));
  const sample = select([...options, { value: 'user', label: 'Your image' }], 'digit', (value) => {
    if (value !== 'user') update((s) => ({ ...s, image: { kind: 'sample', id: value as SampleId }, inputSize: null }));
  });
  sample.id = 'sample-select';
  const userOption = sample.querySelector('option[value="user"]') as HTMLOptionElement;
  const open = button('Open image…', () => actions.pick(), 'Choose a PNG, JPEG, WebP, GIF or BMP file');
  open.id = 'open-image';
  const status = el('p', { className: 'hint', id: 'image-message', attrs: { role: 'status' } });
  const error = el('p', { className: 'error', id: 'image-error', attrs: { role: 'alert' } });
  const size = el('span', { className: 'hint', id: 'input-size-note' });
  const root = el(
    'fieldset',
    { className: 'panel', id: 'image-panel' },
    el('legend', {}, 'Image'),
    el('div', { className: 'row' }, labelled('Picture', sample), open),
    el('p', { className: 'hint' }, 'Or drop an image file anywhere on the lab (in VS Code, hold Shift while dropping).'),
    size,
    status,
    error,
  );
  return {
    root,
    sync(state) {
      userOption.hidden = state.image.kind !== 'user';
      userOption.textContent = state.image.kind === 'user' ? `Your image: ${state.image.name}` : 'Your image';
      syncValue(sample, state.image.kind === 'user' ? 'user' : state.image.id);
      size.textContent = state.inputSize ? `Resized to ${state.inputSize[0]}×${state.inputSize[1]} (the layer's input size).` : '';
    },
    showMessage(text, isError) {
      (isError ? error : status).textContent = text;
    },
  };
}

export function createChannelPanel(update: Update): ControlPanel {
  const mode = select(
    [
      { value: 'gray', label: 'Grayscale (1 channel)' },
      { value: 'rgb', label: 'Per-channel RGB (same kernel on R, G, B)' },
      { value: 'full', label: 'Full Conv2d (C_in → C_out)' },
    ],
    'gray',
    (value) => update((s) => ({ ...s, channelMode: value })),
  );
  mode.id = 'channel-mode';
  const setFull = (change: Partial<LabState['full']>) => update((s) => ({ ...s, full: { ...s.full, ...change } }));
  const inCh = intInput(1, 1, MAX_CHANNELS, (v) => setFull({ inChannels: v, given: null }));
  inCh.id = 'in-channels';
  const outCh = intInput(7, 1, MAX_CHANNELS, (v) => setFull({ outChannels: v, given: null }));
  outCh.id = 'out-channels';
  const groups = intInput(1, 1, MAX_CHANNELS, (v) => setFull({ groups: v, given: null }));
  groups.id = 'groups';
  const bias = checkbox(true, (v) => setFull({ bias: v }));
  const reroll = button('Re-roll weights', () => update((s) => ({ ...s, full: { ...s.full, seed: (s.full.seed + 1) >>> 0, given: null } })), 'Draw new weights the way nn.Conv2d initialises them');
  reroll.id = 'reroll';
  const givenNote = el('p', { className: 'hint', id: 'given-weights' });
  const fullFields = el(
    'div',
    { className: 'row' },
    labelled('in_channels', inCh),
    labelled('out_channels', outCh),
    labelled('groups', groups),
    labelled('bias', bias),
    reroll,
  );
  const root = el('fieldset', { className: 'panel' }, el('legend', {}, 'Channels'), labelled('Mode', mode), fullFields, givenNote);
  return {
    root,
    sync(state) {
      syncValue(mode, state.channelMode);
      fullFields.hidden = state.channelMode !== 'full';
      givenNote.hidden = state.channelMode !== 'full';
      syncValue(inCh, String(state.full.inChannels));
      syncValue(outCh, String(state.full.given ? state.full.given.shape[0] : state.full.outChannels));
      syncValue(groups, String(state.full.groups));
      bias.checked = state.full.bias;
      givenNote.textContent = state.full.given
        ? `Weights from the code: [${state.full.given.shape.join(', ')}]. Re-roll to use random ones.`
        : `Weights drawn as nn.Conv2d draws them (kaiming-uniform, a=√5; bias U(±1/√fan_in)), seed ${state.full.seed}.`;
    },
  };
}

export function createLayerPanel(update: Update): ControlPanel & { formula: HTMLElement } {
  const setConv = (change: Partial<LabState['conv']>) => update((s) => ({ ...s, conv: { ...s.conv, ...change } }));
  const stride = pairInputs('stride', 'stride', 16, 1, (s) => s.conv.stride, (s, v) => ({ ...s, conv: { ...s.conv, stride: v } }), update);
  const dilation = pairInputs('dilation', 'dilation', 8, 1, (s) => s.conv.dilation, (s, v) => ({ ...s, conv: { ...s.conv, dilation: v } }), update);
  const numericPadding = (s: LabState): [number, number] => (Array.isArray(s.conv.padding) ? s.conv.padding : [0, 0]);
  const padding = pairInputs('padding', 'padding', 64, 0, numericPadding, (s, v) => ({ ...s, conv: { ...s.conv, padding: v } }), update);
  const kind = select(
    [
      { value: 'number', label: 'number' },
      { value: 'same', label: "'same'" },
      { value: 'valid', label: "'valid'" },
    ],
    'number',
    (value) => setConv({ padding: value === 'number' ? [0, 0] : value }),
  );
  kind.id = 'padding-kind';
  const mode = select(
    (['zeros', 'reflect', 'replicate', 'circular'] as PaddingMode[]).map((m) => ({ value: m, label: `'${m}'` })),
    'zeros',
    (value) => setConv({ paddingMode: value }),
  );
  mode.id = 'padding-mode';
  const formula = el('div', { className: 'formula', id: 'conv-formula', attrs: { 'aria-live': 'polite' } });
  const root = el(
    'fieldset',
    { className: 'panel', id: 'layer-panel' },
    el('legend', {}, 'Layer'),
    el('div', { className: 'row' }, stride.root, dilation.root),
    el('div', { className: 'row' }, labelled('padding', kind), padding.root, labelled('padding_mode', mode)),
    el('p', { className: 'hint' }, 'Output size:'),
    formula,
  );
  return {
    root,
    formula,
    sync(state) {
      stride.sync(state);
      dilation.sync(state);
      padding.sync(state);
      const p = state.conv.padding;
      syncValue(kind, Array.isArray(p) ? 'number' : p);
      for (const input of padding.inputs) input.disabled = !Array.isArray(p);
      syncValue(mode, state.conv.paddingMode);
    },
  };
}

export function createPipelinePanel(update: Update): ControlPanel {
  const stage = <K extends 'conv' | 'activation' | 'pool' | 'upsample'>(key: K) =>
    checkbox(true, (enabled) => update((s) => ({ ...s, [key]: { ...s[key], enabled } })));
  const conv = stage('conv');
  conv.id = 'stage-conv';
  const act = stage('activation');
  act.id = 'stage-activation';
  const pool = stage('pool');
  pool.id = 'stage-pool';
  const up = stage('upsample');
  up.id = 'stage-upsample';
  const actKind = select(ACTIVATION_KINDS.map((k) => ({ value: k, label: activationClass(k) })), 'relu', (kind) => update((s) => ({ ...s, activation: { ...s.activation, kind, alpha: null } })));
  actKind.id = 'activation-kind';
  const setPool = (change: Partial<LabState['pool']>) => update((s) => ({ ...s, pool: { ...s.pool, ...change } }));
  const poolKind = select([{ value: 'max', label: 'MaxPool2d' }, { value: 'avg', label: 'AvgPool2d' }], 'max', (kind) => setPool({ kind }));
  poolKind.id = 'pool-kind';
  const poolKernel = pairInputs('pool-kernel', 'kernel_size', 8, 1, (s) => s.pool.kernel, (s, v) => ({ ...s, pool: { ...s.pool, kernel: v } }), update);
  const poolStride = pairInputs('pool-stride', 'stride', 8, 1, (s) => s.pool.stride, (s, v) => ({ ...s, pool: { ...s.pool, stride: v } }), update);
  const poolPadding = pairInputs('pool-padding', 'padding', 4, 0, (s) => s.pool.padding, (s, v) => ({ ...s, pool: { ...s.pool, padding: v } }), update);
  const ceil = checkbox(false, (ceilMode) => setPool({ ceilMode }));
  ceil.id = 'pool-ceil';
  const includePad = checkbox(true, (countIncludePad) => setPool({ countIncludePad }));
  const upMode = select([{ value: 'nearest', label: "'nearest'" }, { value: 'bilinear', label: "'bilinear'" }], 'nearest', (mode) => update((s) => ({ ...s, upsample: { ...s.upsample, mode } })));
  upMode.id = 'upsample-mode';
  const upScale = intInput(2, 1, 8, (scale) => update((s) => ({ ...s, upsample: { ...s.upsample, scale } })));
  upScale.id = 'upsample-scale';
  const includePadField = labelled('count_include_pad', includePad);
  const root = el(
    'fieldset',
    { className: 'panel', id: 'pipeline-panel' },
    el('legend', {}, 'Pipeline'),
    el('div', { className: 'row' }, labelled('1. Conv2d', conv)),
    el('div', { className: 'row' }, labelled('2. Activation', act), labelled('function', actKind)),
    el('div', { className: 'row' }, labelled('3. Pooling', pool), labelled('type', poolKind), poolKernel.root, poolStride.root, poolPadding.root, labelled('ceil_mode', ceil), includePadField),
    el('div', { className: 'row' }, labelled('4. Upsample', up), labelled('mode', upMode), labelled('scale_factor', upScale)),
  );
  return {
    root,
    sync(state) {
      conv.checked = state.conv.enabled;
      act.checked = state.activation.enabled;
      pool.checked = state.pool.enabled;
      up.checked = state.upsample.enabled;
      syncValue(actKind, state.activation.kind);
      syncValue(poolKind, state.pool.kind);
      poolKernel.sync(state);
      poolStride.sync(state);
      poolPadding.sync(state);
      ceil.checked = state.pool.ceilMode;
      includePad.checked = state.pool.countIncludePad;
      includePadField.hidden = state.pool.kind !== 'avg';
      syncValue(upMode, state.upsample.mode);
      syncValue(upScale, String(state.upsample.scale));
    },
  };
}

export function createDisplayPanel(update: Update): ControlPanel {
  const mode = select(
    [
      { value: 'normalise', label: 'normalise (min → black, max → white)' },
      { value: 'abs', label: 'abs (|v|, clipped to 1)' },
      { value: 'clamp', label: 'clamp (below 0 black, above 1 white)' },
      { value: 'diverging', label: 'diverging (blue −, white 0, red +)' },
    ],
    'normalise',
    (display) => update((s) => ({ ...s, display })),
  );
  mode.id = 'display-mode';
  const backends: { value: 'auto' | BackendName; label: string }[] = [
    { value: 'auto', label: 'automatic' },
    { value: 'webgl2', label: 'WebGL2' },
    { value: 'wasm-simd', label: 'WASM SIMD' },
    { value: 'typescript', label: 'TypeScript' },
  ];
  const backend = select(backends, 'auto', (value) => update((s) => ({ ...s, backend: value })));
  backend.id = 'backend-select';
  const root = el('fieldset', { className: 'panel' }, el('legend', {}, 'Display'), el('div', { className: 'row' }, labelled('Signed values', mode), labelled('Backend', backend)));
  return {
    root,
    sync(state) {
      syncValue(mode, state.display);
      syncValue(backend, state.backend);
    },
  };
}
