/**
 * What the analysis core gives its hosts (the editor, the CLI, a browser). Hosts only render these
 * results; they never analyse. Positions are 1-based lines and 1-based columns counted in UTF-16
 * code units, the same as the CLI's JSON contract, so VS Code positions are `line - 1, column - 1`.
 */
import type { Dim } from './dims';

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface SourceLocation {
  /** Path as the host named the file (workspace-relative for the CLI, a URI string in the editor). */
  file: string;
  range: SourceRange;
}

/** A tensor's shape: `null` when even its rank is unknown. */
export type Shape = Dim[] | null;

export type Severity = 'error' | 'warning' | 'information';

export interface TextEdit {
  file: string;
  range: SourceRange;
  newText: string;
}

export interface Fix {
  /** What the quick fix does, e.g. "Set in_channels to 3". */
  title: string;
  edits: TextEdit[];
  /** True for the fix a user most likely wants (VS Code's preferred quick fix). */
  preferred?: boolean;
}

export interface Diagnostic {
  range: SourceRange;
  severity: Severity;
  /** Stable code, e.g. `conv-channels`, `linear-in-features`, `shape-comment`, `unknown-input`. */
  code: string;
  /** PyTorch's own message with torch's numbers wherever torch raises. */
  message: string;
  related: { location: SourceLocation; message: string }[];
  fixes: Fix[];
}

/** One shape entry per tensor-valued assignment target, as the CLI's JSON lists them. */
export interface ShapeEntry {
  line: number;
  /** `out`, `x`, `self.conv1`. */
  name: string;
  /** Python's qualified name of the enclosing function: `<module>`, `LeNet.forward`. */
  scope: string;
  /** The target's range in the source (the name itself). */
  range: SourceRange;
  /** Last value when the statement ran more than once. */
  shape: Shape;
  /** Each value in order when the statement ran more than once; absent when it ran once. */
  history?: Shape[];
  /** Why the shape is unknown, and where tracking stopped. */
  unknownReason?: string;
}

/** A hyperparameter as previews and the layer graph carry it. */
export type PreviewValue = number | number[] | string | boolean | null;

/** The hyperparameters a Kernel Lab preview needs to reproduce a layer. */
export interface LayerPreview {
  /** torch's class name or functional name: `Conv2d`, `MaxPool2d`, `F.interpolate`, `ReLU`. */
  op: string;
  /** Constructor arguments as torch normalises them (kernel_size as a tuple, and so on). */
  config: Record<string, number | number[] | string | boolean | null>;
  /** Input shape the layer receives at this site, when known. */
  inputShape?: Shape;
  outputShape?: Shape;
  /** Weight values written in the code itself (`torch.tensor([[...]])`), when it gives them. */
  weight?: number[];
  weightShape?: number[];
}

/** Facts of one layer as torch builds it. */
export interface LayerFacts {
  /** torch's repr: `Conv2d(1, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))`. */
  repr: string;
  type: string;
  params: Dim;
  weights: { name: string; shape: Dim[] }[];
  macs?: Dim;
  /** Receptive field and jump (effective stride) of the output at this point, per spatial dim. */
  receptiveField?: number[];
  jump?: number[];
  /** float32 bytes of the output activation. */
  activationBytes?: Dim;
}

/** Everything a hover over a range can show. */
export interface HoverEntry {
  range: SourceRange;
  /** The value's shape, when the thing hovered is a tensor (or a layer's output at this call). */
  shape?: Shape;
  unknownReason?: string;
  /** The derivation with the user's numbers, one line per spatial dimension. */
  derivation: string[];
  layer?: LayerFacts;
  /** Where the input shape came from: "call site line 40: torch.randn(1, 1, 32, 32)". */
  origin?: string;
  preview?: LayerPreview;
}

/** One row of a torchinfo-style summary. */
export interface SummaryRow {
  /** Dotted path from the model: `features.0`, `layer1.0.conv1`. */
  path: string;
  depth: number;
  type: string;
  kernel?: number[];
  stride?: number[];
  padding?: (number | string)[];
  dilation?: number[];
  outputShape: Shape;
  params: Dim;
  macs: Dim;
  receptiveField?: number[];
  activationBytes: Dim;
  range?: SourceRange;
}

export interface ModuleEntry {
  /** Class name, or the variable name for a module-level `nn.Sequential`. */
  name: string;
  line: number;
  range: SourceRange;
  /** `sum(p.numel() for p in m.parameters())`. */
  params: Dim;
  macs?: Dim;
  inputShape?: Shape;
  outputShape?: Shape;
  summary: SummaryRow[];
  /** True for a module-level `nn.Sequential` rather than a class. */
  sequential?: boolean;
  /** The dataflow of its first known call: which layer outputs feed which inputs, adds and cats. */
  graph?: LayerGraph;
}

/** One op of a model's forward and the tensor it produced. */
export interface LayerGraphNode {
  /** Index in `LayerGraph.nodes`, which lists producers before consumers. */
  id: number;
  /** A layer's class (`Conv2d`), a function or method (`relu`, `cat`, `flatten`), an operator (`+`), `input`, or `unknown`. */
  op: string;
  kind: 'input' | 'layer' | 'function' | 'unknown';
  /** A layer's path in the model: `features.0`, `layer1.0.conv1`. */
  path?: string;
  /** Ids of the nodes whose outputs it reads, in argument order. */
  inputs: number[];
  shape: Shape;
  /** Hyperparameters as torch normalises them (a layer's attributes, a function's bound arguments). */
  config?: Record<string, PreviewValue>;
  unknownReason?: string;
}

export interface LayerGraph {
  nodes: LayerGraphNode[];
  /** Ids of the nodes forward returns. */
  outputs: number[];
  /** True when the model was larger than the graph keeps. */
  truncated?: boolean;
}

/** A layer constructor, functional call or module call the Kernel Lab can preview. */
export interface LayerSite {
  range: SourceRange;
  preview: LayerPreview;
}

/**
 * What an analysis found. `shapes`, `diagnostics` and each module's name, line and parameter count
 * are computed by the analysis; what hosts show on request (`hovers`, `layerSites`, a module's
 * `summary`, `macs` and `graph`) is built on first read and kept. All are plain enumerable fields to
 * readers, JSON and structured cloning; reading one never throws.
 */
export interface AnalysisResult {
  file: string;
  shapes: ShapeEntry[];
  diagnostics: Diagnostic[];
  modules: ModuleEntry[];
  hovers: HoverEntry[];
  layerSites: LayerSite[];
  /** Wall time of the analysis in milliseconds, and whether a budget cut it short. */
  stats: { millis: number; truncated: boolean };
}

/** Reads workspace files for imports; returns undefined when the file does not exist. */
export type FileReader = (path: string) => string | undefined;

export interface AnalyzeOptions {
  /** The path of the file analysed, used to resolve relative imports. */
  file: string;
  readFile?: FileReader;
  /** Input shape assumed for a model's forward when nothing declares one (`[1, 3, 224, 224]`, `['B', 3, 'H', 'W']`). */
  defaultInputShape?: (number | string)[];
  /**
   * Input shapes by model class or function name, used like a `# convlens: input` declaration when
   * no code calls it with a known input (the CLI's `--input NAME=SHAPE`).
   */
  inputShapes?: Record<string, (number | string)[]>;
  /** Per-analysis budget; the analysis stops cleanly and reports `truncated` beyond it. */
  timeBudgetMs?: number;
}
