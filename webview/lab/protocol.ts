/**
 * Every message between the Kernel Lab webview and the extension host, with the schema each side
 * checks before acting on one. Messages that fail their schema are dropped and reported; neither
 * side trusts the other's shape.
 *
 * Host → webview
 * - `setPreview`: show a layer from the code (issue 6): the lab's state follows the LayerPreview.
 * - `imageChosen`: the user picked a file through the host; `webviewUri` is loadable from the
 *   webview, `uri` is the file's own URI, kept in state so a reload can ask for it again.
 * - `imageError`: the pick failed (the lab keeps its current image).
 *
 * Webview → host
 * - `ready`: the app is listening; carries the image the restored state shows, if it is the user's.
 * - `pickImage`: open the host's file picker.
 * - `copyText`: put text (the PyTorch code) on the clipboard.
 * - `applyToCode`: the layer's hyperparameters as the lab now has them, for "Apply to code".
 * - `rendered`: after each frame, what the lab shows (its state and each stage's shape or error),
 *   so the host can tell others what is on screen (Preview Layer's live sync, the integration tests).
 */
import type { LayerPreview } from '../../src/core/api';
import { array, bool, literal, nullable, num, object, oneOf, optional, SchemaError, str, tagged, type Schema } from './schema';
import { labStateSchema, type LabState } from './state';

export type HostMessage =
  | { type: 'setPreview'; preview: LayerPreview }
  | { type: 'imageChosen'; name: string; uri: string; webviewUri: string }
  | { type: 'imageError'; message: string };

export type WebviewMessage =
  | { type: 'ready'; userImageUri?: string }
  | { type: 'pickImage' }
  | { type: 'copyText'; text: string }
  | { type: 'applyToCode'; preview: LayerPreview }
  | { type: 'rendered'; frame: RenderedFrame };

/** One drawn frame as the host sees it. */
export interface RenderedFrame {
  state: LabState;
  backend: string;
  millis: number;
  input: number[];
  stages: { id: string; title: string; shape: number[] | null; error: string | null }[];
}

type ConfigValue = LayerPreview['config'][string];
const MAX_WEIGHTS = 1 << 20;

const configValue: Schema<ConfigValue> = oneOf<ConfigValue>(
  num(),
  str(64),
  bool(),
  (value, path) => nullable(num())(value, path) as null,
  array(num(), { max: 8 }),
);

const configSchema: Schema<LayerPreview['config']> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return object({})(value, path) as never;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > 32) throw new SchemaError(`${path}: more than 32 entries`);
  const config: LayerPreview['config'] = {};
  for (const [key, item] of entries) {
    if (!/^[a-z_][a-z0-9_]{0,31}$/.test(key)) throw new SchemaError(`${path}: unexpected key ${JSON.stringify(key.slice(0, 40))}`);
    config[key] = configValue(item, `${path}.${key}`);
  }
  return config;
};

/**
 * A shape on the wire: known dims as numbers, symbolic ones as their text (`H`, `B`), unknown ones
 * as null (`wirePreview` in the host converts the analysis' dims).
 */
export type WireDim = number | string | null;
const shapeSchema: Schema<LayerPreview['inputShape']> = optional(
  nullable(array(nullable(oneOf<WireDim>(num({ min: 0, int: true }), str(64))), { max: 8 })),
) as Schema<LayerPreview['inputShape']>;

export const layerPreviewSchema: Schema<LayerPreview> = object<LayerPreview>({
  op: str(64),
  config: configSchema,
  inputShape: shapeSchema,
  outputShape: shapeSchema,
  weight: optional(array(num(), { min: 1, max: MAX_WEIGHTS })),
  weightShape: optional(array(num({ min: 1, int: true }), { min: 1, max: 4 })),
});

export const hostMessageSchema: Schema<HostMessage> = tagged<HostMessage>({
  setPreview: object({ type: literal('setPreview'), preview: layerPreviewSchema }),
  imageChosen: object({ type: literal('imageChosen'), name: str(260), uri: str(4096), webviewUri: str(4096) }),
  imageError: object({ type: literal('imageError'), message: str(1000) }),
});

export const webviewMessageSchema: Schema<WebviewMessage> = tagged<WebviewMessage>({
  ready: object({ type: literal('ready'), userImageUri: optional(str(4096)) }),
  pickImage: object({ type: literal('pickImage') }),
  copyText: object({ type: literal('copyText'), text: str(200_000) }),
  applyToCode: object({ type: literal('applyToCode'), preview: layerPreviewSchema }),
  rendered: object({
    type: literal('rendered'),
    frame: object<RenderedFrame>({
      state: labStateSchema,
      backend: str(32),
      millis: num({ min: 0 }),
      input: array(num({ min: 0, int: true }), { max: 3 }),
      stages: array(
        object<RenderedFrame['stages'][number]>({ id: str(16), title: str(400), shape: nullable(array(num({ min: 0, int: true }), { max: 3 })), error: nullable(str(2000)) }),
        { max: 8 },
      ),
    }),
  }),
});
