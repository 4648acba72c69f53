/**
 * No false alarms on real model code: torchvision's models and ops and torch's own `nn` modules
 * (Debian's python3-torchvision and python3-torch, read where they are installed, never copied
 * here) are correct code, so every error or warning the engine reports on them is a false alarm.
 * Each file is analysed as the editor would, with a default input shape for models nothing calls,
 * and the model files once more with calls of their builder functions added after them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisSession } from '../../src/core/analyze';
import type { AnalysisResult } from '../../src/core/api';

const DIST = '/usr/lib/python3/dist-packages';
const TORCHVISION = join(DIST, 'torchvision');
const TORCH_NN = join(DIST, 'torch/nn');
const installed = existsSync(join(TORCHVISION, 'models')) && existsSync(TORCH_NN);
if (!installed) console.warn(`real-world.test.ts: SKIPPED, ${TORCHVISION} or ${TORCH_NN} is missing (apt-get install python3-torchvision)`);

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__pycache__' ? [] : pythonFiles(path);
    return name.endsWith('.py') ? [path] : [];
  });
}

const readFile = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

interface Checked {
  alarms: string[];
  knownShapes: number;
}

function check(files: string[], defaultInputShape: (number | string)[], appended: (file: string) => string = () => ''): Checked {
  const session = new AnalysisSession();
  const out: Checked = { alarms: [], knownShapes: 0 };
  for (const file of files) {
    const source = (readFile(file) ?? '') + appended(file);
    const result: AnalysisResult = session.analyze(source, { file, readFile, defaultInputShape, timeBudgetMs: 2000 });
    for (const d of result.diagnostics) {
      if (d.severity === 'error' || d.severity === 'warning') out.alarms.push(`${file}:${d.range.line}: ${d.severity} ${d.code}: ${d.message}`);
    }
    out.knownShapes += result.shapes.filter((s) => s.shape !== null && s.shape.some((d) => d !== null)).length;
  }
  return out;
}

/**
 * Builders to call after each model file (our own driver lines), with the input each expects:
 * video models take clips, Inception 299×299 images.
 */
const BUILDERS: Record<string, { calls: string[]; input: string }> = {
  'models/alexnet.py': { calls: ['alexnet'], input: '2, 3, 224, 224' },
  'models/convnext.py': { calls: ['convnext_tiny'], input: '2, 3, 224, 224' },
  'models/densenet.py': { calls: ['densenet121'], input: '2, 3, 224, 224' },
  'models/efficientnet.py': { calls: ['efficientnet_b0', 'efficientnet_v2_s'], input: '2, 3, 224, 224' },
  'models/googlenet.py': { calls: ['googlenet'], input: '2, 3, 224, 224' },
  'models/inception.py': { calls: ['inception_v3'], input: '2, 3, 299, 299' },
  'models/mnasnet.py': { calls: ['mnasnet1_0'], input: '2, 3, 224, 224' },
  'models/mobilenetv2.py': { calls: ['mobilenet_v2'], input: '2, 3, 224, 224' },
  'models/mobilenetv3.py': { calls: ['mobilenet_v3_large', 'mobilenet_v3_small'], input: '2, 3, 224, 224' },
  'models/regnet.py': { calls: ['regnet_y_400mf'], input: '2, 3, 224, 224' },
  'models/resnet.py': { calls: ['resnet18', 'resnet50', 'resnext50_32x4d', 'wide_resnet50_2'], input: '2, 3, 224, 224' },
  'models/shufflenetv2.py': { calls: ['shufflenet_v2_x1_0'], input: '2, 3, 224, 224' },
  'models/squeezenet.py': { calls: ['squeezenet1_0', 'squeezenet1_1'], input: '2, 3, 224, 224' },
  'models/swin_transformer.py': { calls: ['swin_t'], input: '2, 3, 224, 224' },
  'models/vgg.py': { calls: ['vgg11', 'vgg16_bn'], input: '2, 3, 224, 224' },
  'models/vision_transformer.py': { calls: ['vit_b_16'], input: '2, 3, 224, 224' },
  'models/segmentation/deeplabv3.py': { calls: ['deeplabv3_resnet50'], input: '2, 3, 224, 224' },
  'models/segmentation/fcn.py': { calls: ['fcn_resnet50'], input: '2, 3, 224, 224' },
  'models/segmentation/lraspp.py': { calls: ['lraspp_mobilenet_v3_large'], input: '2, 3, 224, 224' },
  'models/video/resnet.py': { calls: ['r3d_18', 'mc3_18', 'r2plus1d_18'], input: '2, 3, 8, 112, 112' },
};

function builderCalls(file: string): string {
  const entry = Object.entries(BUILDERS).find(([rel]) => file === join(TORCHVISION, rel));
  if (!entry) return '';
  const { calls, input } = entry[1];
  return ['', 'import torch as _convlens_torch', ...calls.map((b) => `_out_${b} = ${b}()(_convlens_torch.randn(${input}))`), ''].join('\n');
}

describe('real-world model code: no false alarms', () => {
  const INPUTS: (number | string)[][] = [
    ['B', 3, 224, 224],
    [3, 32, 32],
  ];
  for (const input of INPUTS) {
    it.skipIf(!installed)(`torchvision models and ops, torch.nn, input ${JSON.stringify(input)}`, { timeout: 300_000 }, () => {
      const files = [...pythonFiles(join(TORCHVISION, 'models')), ...pythonFiles(join(TORCHVISION, 'ops')), ...pythonFiles(TORCH_NN)];
      const { alarms } = check(files, input);
      expect(alarms).toEqual([]);
    });
  }

  it.skipIf(!installed)('torchvision model builders called on images and clips', { timeout: 300_000 }, () => {
    const files = Object.keys(BUILDERS).map((rel) => join(TORCHVISION, rel)).filter(existsSync);
    const { alarms, knownShapes } = check(files, [2, 3, 224, 224], builderCalls);
    expect(alarms).toEqual([]);
    // The calls reach into the models: a run that inferred nothing would prove nothing.
    expect(knownShapes).toBeGreaterThan(200);
  });
});
