/**
 * The Kernel Lab's whole state: one plain, serialisable object. The UI renders it, every control
 * edits it, `vscode.setState` and the host's panel serializer persist it, and a `LayerPreview` from
 * the editor (issue 6) is translated into it by `stateFromPreview`. Restored state is validated
 * with `labStateSchema`, so a damaged or older state falls back to defaults instead of breaking.
 */
import type { ActivationKind, BackendName, PaddingMode } from '../conv/types';
import { array, bool, literal, nullable, num, object, oneOf, pair, SchemaError, str, type Schema } from './schema';

export const SAMPLE_IMAGES = {
  digit: { file: 'digit-28.png', label: 'Handwritten 2 (28×28)' },
  'test-card': { file: 'test-card.png', label: 'Test card (256×256)' },
  camera: { file: 'camera.jpg', label: 'Camera (grey photo)' },
  astronaut: { file: 'astronaut.jpg', label: 'Astronaut (RGB photo)' },
  coffee: { file: 'coffee.jpg', label: 'Coffee (RGB photo)' },
  chelsea: { file: 'chelsea.jpg', label: 'Chelsea the cat (RGB photo)' },
} as const;
export type SampleId = keyof typeof SAMPLE_IMAGES;
const sampleIds = Object.keys(SAMPLE_IMAGES) as SampleId[];

/** A sample shipped in media/samples, or the user's own file (by the URI the host gave it). */
export type ImageChoice = { kind: 'sample'; id: SampleId } | { kind: 'user'; name: string; uri: string };

/** How the image enters the convolution. */
export type ChannelMode = 'gray' | 'rgb' | 'full';
export type DisplayMode = 'abs' | 'clamp' | 'normalise' | 'diverging';
export type Padding = [number, number] | 'same' | 'valid';

export const MAX_KERNEL = 15;
/** Channels a full Conv2d may have in the lab (the grid draws the first few dozen until asked for all). */
export const MAX_CHANNELS = 512;

export interface KernelState {
  height: number;
  width: number;
  /** Row-major, `height · width` values. */
  values: number[];
  /** The preset it came from, until the user edits a cell. */
  preset: string | null;
}

/** A full `nn.Conv2d`: C_in → C_out with weights as torch initialises them, or as the code gives them. */
export interface FullConvState {
  inChannels: number;
  outChannels: number;
  groups: number;
  bias: boolean;
  /** Seed of the kaiming-uniform initialisation ("re-roll" picks another). */
  seed: number;
  /** Weights written in the code (`[C_out, C_in/groups, kH, kW]`), used instead of random ones. */
  given: { values: number[]; shape: [number, number, number, number] } | null;
}

export interface LabState {
  version: 1;
  image: ImageChoice;
  /** Resize the input to this H×W first (a layer preview's inferred input size); null keeps the image's own. */
  inputSize: [number, number] | null;
  channelMode: ChannelMode;
  kernel: KernelState;
  full: FullConvState;
  conv: { enabled: boolean; stride: [number, number]; padding: Padding; paddingMode: PaddingMode; dilation: [number, number] };
  /** `alpha`: LeakyReLU's negative_slope or ELU's alpha; null for torch's default. */
  activation: { enabled: boolean; kind: ActivationKind; alpha: number | null };
  pool: { enabled: boolean; kind: 'max' | 'avg'; kernel: [number, number]; stride: [number, number]; padding: [number, number]; ceilMode: boolean; countIncludePad: boolean };
  upsample: { enabled: boolean; mode: 'nearest' | 'bilinear'; scale: number };
  display: DisplayMode;
  backend: 'auto' | BackendName;
  explainer: { stage: 'conv' | 'pool' | 'upsample'; multiChannel: boolean; step: number };
  /** The op of the code's layer the lab was opened on (issue 6's "Preview Layer"); enables "Apply to code". */
  linkedOp: string | null;
}

export function defaultState(): LabState {
  return {
    version: 1,
    image: { kind: 'sample', id: 'digit' },
    inputSize: null,
    channelMode: 'gray',
    kernel: { height: 3, width: 3, values: [0, -1, 0, -1, 5, -1, 0, -1, 0], preset: 'sharpen' },
    full: { inChannels: 1, outChannels: 7, groups: 1, bias: true, seed: 1, given: null },
    conv: { enabled: true, stride: [1, 1], padding: [0, 0], paddingMode: 'zeros', dilation: [1, 1] },
    activation: { enabled: false, kind: 'relu', alpha: null },
    pool: { enabled: false, kind: 'max', kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: false, countIncludePad: true },
    upsample: { enabled: false, mode: 'nearest', scale: 2 },
    display: 'normalise',
    backend: 'auto',
    explainer: { stage: 'conv', multiChannel: false, step: 0 },
    linkedOp: null,
  };
}

const count = (max: number): Schema<number> => num({ min: 1, max, int: true });
const size2 = (max: number) => pair(count(max));

const imageChoiceSchema: Schema<ImageChoice> = oneOf<ImageChoice>(
  object<{ kind: 'sample'; id: SampleId }>({ kind: literal('sample'), id: literal(...sampleIds) }),
  object<{ kind: 'user'; name: string; uri: string }>({ kind: literal('user'), name: str(260), uri: str(4096) }),
);

const kernelSchema: Schema<KernelState> = (value, path) => {
  const kernel = object<KernelState>({
    height: count(MAX_KERNEL),
    width: count(MAX_KERNEL),
    values: array(num(), { min: 1, max: MAX_KERNEL * MAX_KERNEL }),
    preset: nullable(str(64)),
  })(value, path);
  if (kernel.values.length !== kernel.height * kernel.width) throw new SchemaError(`${path}: ${kernel.values.length} values for a ${kernel.height}×${kernel.width} kernel`);
  return kernel;
};

const activationKinds: ActivationKind[] = ['relu', 'relu6', 'leaky_relu', 'elu', 'gelu', 'silu', 'mish', 'sigmoid', 'tanh', 'hardswish'];
export const ACTIVATION_KINDS: readonly ActivationKind[] = activationKinds;

const paddingSchema: Schema<Padding> = oneOf<Padding>(literal('same', 'valid'), pair(num({ min: 0, max: 64, int: true })));

export const labStateSchema: Schema<LabState> = object<LabState>({
  version: (value, path) => {
    if (value !== 1) throw new SchemaError(`${path}.version: expected 1`);
    return 1;
  },
  image: imageChoiceSchema,
  inputSize: nullable(size2(1024)),
  channelMode: literal('gray', 'rgb', 'full'),
  kernel: kernelSchema,
  full: object<FullConvState>({
    inChannels: count(MAX_CHANNELS),
    outChannels: count(MAX_CHANNELS),
    groups: count(MAX_CHANNELS),
    bias: bool(),
    seed: num({ min: 0, max: 2 ** 32 - 1, int: true }),
    given: nullable(
      object<{ values: number[]; shape: [number, number, number, number] }>({
        values: array(num(), { min: 1, max: MAX_CHANNELS * MAX_CHANNELS * MAX_KERNEL * MAX_KERNEL }),
        shape: array(count(MAX_CHANNELS * MAX_KERNEL), { min: 4, max: 4 }) as unknown as Schema<[number, number, number, number]>,
      }),
    ),
  }),
  conv: object<LabState['conv']>({
    enabled: bool(),
    stride: size2(16),
    padding: paddingSchema,
    paddingMode: literal('zeros', 'reflect', 'replicate', 'circular'),
    dilation: size2(8),
  }),
  activation: object<LabState['activation']>({ enabled: bool(), kind: literal(...activationKinds), alpha: nullable(num({ min: -1e6, max: 1e6 })) }),
  pool: object<LabState['pool']>({
    enabled: bool(),
    kind: literal('max', 'avg'),
    kernel: size2(8),
    stride: size2(8),
    padding: pair(num({ min: 0, max: 4, int: true })),
    ceilMode: bool(),
    countIncludePad: bool(),
  }),
  upsample: object<LabState['upsample']>({ enabled: bool(), mode: literal('nearest', 'bilinear'), scale: count(8) }),
  display: literal('abs', 'clamp', 'normalise', 'diverging'),
  backend: literal('auto', 'webgl2', 'wasm-simd', 'typescript'),
  explainer: object<LabState['explainer']>({
    stage: literal('conv', 'pool', 'upsample'),
    multiChannel: bool(),
    step: num({ min: 0, max: 1_000_000, int: true }),
  }),
  linkedOp: nullable(str(64)),
});

/** A restored state, or the defaults when it is missing or does not match the schema. */
export function restoreState(saved: unknown): LabState {
  if (saved === undefined || saved === null) return defaultState();
  try {
    return labStateSchema(saved, 'state');
  } catch {
    return defaultState();
  }
}

