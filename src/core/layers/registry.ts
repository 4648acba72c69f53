/**
 * Every nn layer family, by the names Python code reaches them under: `layerDefs` by torch.nn class
 * name (`Conv2d`), `layerFunctionDefs` by qualified name (`torch.nn.functional.conv2d`,
 * `torch.relu`, and tensor methods such as `Tensor.relu` whose receiver binds to `input`).
 */
import { activationFunctions, activationLayers } from './activation';
import { adaptiveFunctions, adaptiveLayers } from './adaptive';
import { convFunctions, convLayers } from './conv';
import { dropoutFunctions, dropoutLayers } from './dropout';
import { embeddingFunctions, embeddingLayers } from './embedding';
import { linearFunctions, linearLayers } from './linear';
import { normFunctions, normLayers } from './norm';
import { padFunctions, paddingLayers } from './padding';
import { poolFunctions, poolLayers } from './pool';
import { reshapeLayers } from './reshape-layers';
import { upsampleFunctions, upsampleLayers } from './upsample';
import type { FunctionDef, LayerDef } from './types';

const layers: LayerDef[] = [
  ...convLayers,
  ...poolLayers,
  ...adaptiveLayers,
  ...upsampleLayers,
  ...normLayers,
  ...activationLayers,
  ...linearLayers,
  ...embeddingLayers,
  ...paddingLayers,
  ...dropoutLayers,
  ...reshapeLayers,
];

const functions: FunctionDef[] = [
  ...convFunctions,
  ...poolFunctions,
  ...adaptiveFunctions,
  ...upsampleFunctions,
  ...normFunctions,
  ...activationFunctions,
  ...linearFunctions,
  ...embeddingFunctions,
  ...padFunctions,
  ...dropoutFunctions,
];

export const layerDefs: ReadonlyMap<string, LayerDef> = new Map(layers.map((d) => [d.name, d]));

export const layerFunctionDefs: ReadonlyMap<string, FunctionDef> = new Map(functions.map((f) => [f.name, f]));
