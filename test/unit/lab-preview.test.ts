// The Kernel Lab's side of issue 6 and of its message boundary: a LayerPreview from the code sets
// the lab to that layer (or says why it cannot), "Apply to code" gives the same hyperparameters
// back, and damaged messages or saved state are rejected rather than acted on.
import { describe, expect, it } from 'vitest';
import type { LayerPreview } from '../../src/core/api';
import { previewFromState, stateFromPreview } from '../../webview/lab/preview';
import { hostMessageSchema, webviewMessageSchema } from '../../webview/lab/protocol';
import { SchemaError } from '../../webview/lab/schema';
import { defaultState, labStateSchema, restoreState } from '../../webview/lab/state';

const conv = (config: LayerPreview['config'], inputShape?: LayerPreview['inputShape']): LayerPreview => ({ op: 'Conv2d', config, inputShape });
const tutorialConv = { in_channels: 1, out_channels: 3, kernel_size: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, bias: true, padding_mode: 'zeros' };

describe('stateFromPreview', () => {
  it("sets a full Conv2d on the digit for the tutorial's Conv2d(1, 3, 3) on 1×28×28", () => {
    const { state, notes } = stateFromPreview(defaultState(), conv(tutorialConv, [1, 1, 28, 28]));
    expect(notes).toEqual([]);
    expect(state.channelMode).toBe('full');
    expect(state.image).toEqual({ kind: 'sample', id: 'digit' });
    expect(state.inputSize).toEqual([28, 28]);
    expect(state.full).toMatchObject({ inChannels: 1, outChannels: 3, groups: 1, bias: true, given: null });
    expect(state.conv).toEqual({ enabled: true, stride: [1, 1], padding: [0, 0], paddingMode: 'zeros', dilation: [1, 1] });
    expect([state.kernel.height, state.kernel.width]).toEqual([3, 3]);
    expect(state.linkedOp).toBe('Conv2d');
  });

  it('uses a photo resized to H×W for 3 channels and keeps the size unknown when it is symbolic', () => {
    const rgb = stateFromPreview(defaultState(), conv({ ...tutorialConv, in_channels: 3, out_channels: 16, kernel_size: [5, 5], stride: [2, 2], padding: 'same' }, [1, 3, 64, 48])).state;
    expect(rgb.image).toEqual({ kind: 'sample', id: 'astronaut' });
    expect(rgb.inputSize).toEqual([64, 48]);
    expect(rgb.conv.padding).toBe('same');
    const symbolic = stateFromPreview(defaultState(), conv(tutorialConv, ['B', 1, 'H', 'W'] as unknown as LayerPreview['inputShape'])).state;
    expect(symbolic.inputSize).toBeNull();
  });

  it('takes the weights the code gives', () => {
    const weight = [0, -1, 0, -1, 5, -1, 0, -1, 0];
    const { state } = stateFromPreview(defaultState(), { op: 'F.conv2d', config: { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }, weight, weightShape: [1, 1, 3, 3], inputShape: [1, 1, 28, 28] });
    expect(state.full.given).toEqual({ values: weight, shape: [1, 1, 3, 3] });
    expect(state.full.outChannels).toBe(1);
  });

  it('sets pooling with stride defaulting to the kernel, and upsampling', () => {
    const pool = stateFromPreview(defaultState(), { op: 'MaxPool2d', config: { kernel_size: [2, 2], stride: null, padding: [0, 0], ceil_mode: true }, inputShape: [1, 3, 14, 14] }).state;
    expect(pool.conv.enabled).toBe(false);
    expect(pool.channelMode).toBe('rgb');
    expect(pool.pool).toMatchObject({ enabled: true, kind: 'max', kernel: [2, 2], stride: [2, 2], ceilMode: true });
    const up = stateFromPreview(defaultState(), { op: 'F.interpolate', config: { scale_factor: 3, mode: 'nearest' }, inputShape: [1, 1, 7, 7] }).state;
    expect(up.upsample).toEqual({ enabled: true, mode: 'nearest', scale: 3 });
    expect(up.channelMode).toBe('gray');
  });

  it('sets an activation from the kind the engine reports, with its slope', () => {
    const { state } = stateFromPreview(defaultState(), { op: 'F.leaky_relu', config: { kind: 'leaky_relu', alpha: 0.2 }, inputShape: [1, 1, 28, 28] });
    expect(state.activation).toEqual({ enabled: true, kind: 'leaky_relu', alpha: 0.2 });
    expect(state.conv.enabled).toBe(false);
    expect(previewFromState(state)).toEqual({ op: 'F.leaky_relu', config: { kind: 'leaky_relu', alpha: 0.2 } });
  });

  it('says what it cannot show and leaves the lab as it was', () => {
    const before = defaultState();
    for (const preview of [
      { op: 'PixelShuffle', config: { upscale_factor: 2 } },
      conv({ ...tutorialConv, kernel_size: [31, 31] }),
      { op: 'F.interpolate', config: { scale_factor: 1.5, mode: 'nearest' } },
      { op: 'Upsample', config: { scale_factor: 2, mode: 'bilinear', align_corners: true } },
      conv({ ...tutorialConv, stride: null }),
    ] as LayerPreview[]) {
      const { state, notes } = stateFromPreview(before, preview);
      expect(state).toBe(before);
      expect(notes.length).toBe(1);
    }
  });

  it('"Apply to code" gives back the hyperparameters it was set to', () => {
    const config = { ...tutorialConv, stride: [2, 1], padding: [1, 2], dilation: [1, 2], padding_mode: 'reflect' };
    const { state } = stateFromPreview(defaultState(), conv(config, [1, 1, 28, 28]));
    expect(previewFromState(state)).toEqual({ op: 'Conv2d', config });
  });
});

describe('message and state schemas', () => {
  it('accept what the other side sends and reject anything else', () => {
    expect(hostMessageSchema({ type: 'setPreview', preview: conv(tutorialConv, [1, 1, 28, 28]) }, 'm')).toMatchObject({ type: 'setPreview' });
    expect(webviewMessageSchema({ type: 'pickImage', extra: 'dropped' }, 'm')).toEqual({ type: 'pickImage' });
    for (const bad of [null, 'ready', { type: 'runShell' }, { type: 'copyText', text: 5 }, { type: 'setPreview', preview: { op: 'Conv2d', config: { 'bad key': 1 } } }]) {
      expect(() => (bad && typeof bad === 'object' && 'preview' in bad ? hostMessageSchema(bad, 'm') : webviewMessageSchema(bad, 'm'))).toThrow(SchemaError);
    }
    expect(() => hostMessageSchema({ type: 'imageChosen', name: 'a.png', uri: 'file:///a.png' }, 'm')).toThrow(/webviewUri/);
  });

  it('restores valid saved state and falls back to defaults for damaged state', () => {
    const saved = { ...defaultState(), display: 'diverging' };
    expect(labStateSchema(JSON.parse(JSON.stringify(saved)), 'state')).toEqual(saved);
    expect(restoreState({ ...saved, kernel: { height: 3, width: 3, values: [1, 2], preset: null } })).toEqual(defaultState());
    expect(restoreState({ ...saved, conv: { ...saved.conv, stride: [0, 1] } })).toEqual(defaultState());
    expect(restoreState('garbage')).toEqual(defaultState());
  });
});
