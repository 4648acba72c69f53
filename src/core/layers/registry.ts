/**
 * Every nn layer family, by the names Python code reaches them under: `layerDefs` by torch.nn class
 * name (`Conv2d`), `layerFunctionDefs` by qualified name (`torch.nn.functional.conv2d`,
 * `torch.relu`, and tensor methods such as `Tensor.relu` whose receiver binds to `input`).
 */
import { activationFunctions, activationLayers } from './activation';
import { convFunctions, convLayers } from './conv';
import { linearFunctions, linearLayers } from './linear';
import { padFunctions, paddingLayers } from './padding';
import { poolFunctions, poolLayers } from './pool';
import type { FunctionDef, LayerDef } from './types';

const layers: LayerDef[] = [...convLayers, ...poolLayers, ...activationLayers, ...linearLayers, ...paddingLayers];

const functions: FunctionDef[] = [...convFunctions, ...poolFunctions, ...activationFunctions, ...linearFunctions, ...padFunctions];

export const layerDefs: ReadonlyMap<string, LayerDef> = new Map(layers.map((d) => [d.name, d]));

export const layerFunctionDefs: ReadonlyMap<string, FunctionDef> = new Map(functions.map((f) => [f.name, f]));
