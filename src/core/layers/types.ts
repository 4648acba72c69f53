/**
 * The contract between the evaluator and the layer families.
 *
 * The evaluator binds a call's Python arguments to the signature a definition declares (torch's own
 * parameter names, order and defaults) and hands over plain values; a definition answers with a
 * result or with the error torch would raise, worded as torch words it. One file per family of
 * layers holds the formulas, the validity rules and the error texts side by side.
 */
import type { Dim } from '../dims';
import type { LayerPreview } from '../api';

/** A tensor as the shape rules see it: its dims, or null when even its rank is unknown. */
export interface TensorArg {
  kind: 'tensor';
  shape: Dim[] | null;
  /** Element values when the code spells them out (`torch.tensor([[...]])`), for previews. */
  values?: number[];
  /** torch's dtype name (`float32`, `int64`, `bool`) when known; some error texts name it. */
  dtype?: string;
  /** Why the shape, or some of its dims, is unknown. */
  reason?: string;
  /**
   * True when autograd tracks it (it came out of a layer with parameters, or `requires_grad=True`).
   * A few kernels check differently then: max_pool1d takes its with-indices path.
   */
  requiresGrad?: boolean;
  /**
   * Element strides of a view that is not contiguous (after permute, transpose, expand, a stepped
   * slice), with the shape they belong to: `view` needs them to know whether it can avoid a copy.
   * Absent means contiguous; strides whose shape no longer matches are ignored.
   */
  layout?: { shape: Dim[]; strides: Dim[] };
}

/** A value the evaluator could not know, with the reason. */
export interface UnknownArg {
  kind: 'unknown';
  reason: string;
}

/** An `nn.*` layer handed to another's constructor (`TransformerEncoder(encoder_layer, ...)`). */
export interface ModuleArg {
  kind: 'module';
  /** torch.nn class name: `TransformerEncoderLayer`. */
  name: string;
  layer: LayerInstance;
}

/** A slice `start:stop:step` inside an index; omitted parts are `null`. */
export interface SliceArg {
  kind: 'slice';
  start: ArgValue;
  stop: ArgValue;
  step: ArgValue;
}

/** `...` inside an index. */
export interface EllipsisArg {
  kind: 'ellipsis';
}

/**
 * A bound argument: ints and symbolic dims as `Dim` (a `number` may also be a Python float; use
 * `isInt`), `bool`, `str`, `None` as `null`, tuples and lists as arrays, tensors, or unknown.
 */
export type ArgValue = Dim | boolean | string | ArgValue[] | TensorArg | UnknownArg | { kind: 'float'; value: number } | SliceArg | EllipsisArg | ModuleArg;

export interface ParamSpec {
  name: string;
  /** The default torch declares; a parameter without one is required. */
  default?: ArgValue;
  /** `*args` collects the remaining positionals into an array (e.g. `view(*shape)`). */
  varargs?: boolean;
  keywordOnly?: boolean;
}

export type BoundArgs = Record<string, ArgValue>;

export interface ShapeError {
  /** Stable diagnostic code, e.g. `conv-channels`. */
  code: string;
  /** torch's `str(exception)`, with torch's numbers. */
  message: string;
}

/** What a shape rule computes, beyond the shape: everything the hover shows. */
export interface OpFacts {
  /** One line per spatial dim: `H_out = ⌊(28 + 2·1 − 1·(3 − 1) − 1) / 2⌋ + 1 = 14`. */
  derivation: string[];
  macs?: Dim;
  /** Sliding-window geometry, per spatial dim, for receptive field and jump. */
  window?: { kernel: number[]; stride: number[]; dilation: number[]; padding: number[] };
  /** Scale of the output grid relative to the input (upsampling), per spatial dim. */
  scale?: number[];
  /**
   * How the Kernel Lab reproduces a functional call (`F.conv2d` with the weights written in the
   * code, `F.max_pool2d`, `F.interpolate`, `F.relu`); modules carry theirs on `LayerInstance`.
   */
  preview?: Omit<LayerPreview, 'inputShape' | 'outputShape'>;
}

export type OpResult =
  | { ok: true; value: ArgValue; facts?: OpFacts }
  | { ok: false; error: ShapeError };

export interface LayerInstance {
  /** torch's repr of the module. */
  repr: string;
  /** `sum(p.numel() for p in parameters())` of this layer alone. */
  params: Dim;
  /** Parameter and buffer shapes: `weight`, `bias`, `running_mean`… as attributes the code may read. */
  weights: { name: string; shape: Dim[] }[];
  /** The module's `forward` signature after `self` (`input`, or `input, output_size=None`). */
  forwardParams: ParamSpec[];
  forward(args: BoundArgs): OpResult;
  /** Plain attributes code may read back (`in_channels`, `kernel_size`, `out_features`). */
  attributes: Record<string, ArgValue>;
  /** How the Kernel Lab reproduces this layer; absent for layers it cannot draw. */
  preview?: Omit<LayerPreview, 'inputShape' | 'outputShape'>;
  /**
   * `module.training`: true as torch builds a module; the evaluator sets it false after `.eval()`.
   * Only layers whose checks depend on it (the norms) define it.
   */
  training?: boolean;
}

export type BuildResult = { ok: true; layer: LayerInstance } | { ok: false; error: ShapeError };

/** An `nn.*` module class. */
export interface LayerDef {
  /** Class name as exported by `torch.nn`: `Conv2d`. */
  name: string;
  /** The constructor's signature after `self`. */
  params: ParamSpec[];
  build(args: BoundArgs): BuildResult;
}

/** A function: `F.conv2d`, `torch.cat`, or a tensor method such as `view` (its receiver bound as `self`). */
export interface FunctionDef {
  /** Qualified name: `torch.nn.functional.conv2d`, `torch.cat`, `Tensor.view`. */
  name: string;
  params: ParamSpec[];
  call(args: BoundArgs): OpResult;
}
