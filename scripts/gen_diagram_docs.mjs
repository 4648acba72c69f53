// Renders the architecture diagrams shown in the README (docs/images/diagram-*.svg and .png) from
// example models, with the same core the "Export Architecture Diagram" command uses; the PNGs are
// drawn from the SVGs by headless Chromium, as the export panel draws them.
//   node scripts/gen_diagram_docs.mjs
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './chromium.mjs';

export const DIAGRAM_EXAMPLES = [
  { name: 'lenet', file: 'examples/lenet.py', model: 'LeNet5' },
  { name: 'vgg', file: 'test/corpus/valid/vgg_config.py', model: 'VGG' },
  { name: 'resnet', file: 'test/corpus/valid/resnet_small.py', model: 'ResNet' },
  { name: 'unet', file: 'test/corpus/valid/unet.py', model: 'UNet' },
  { name: 'inception', file: 'test/corpus/valid/inception_branches.py', model: 'InceptionA' },
];

const dir = mkdtempSync(join(tmpdir(), 'convlens-diagram-'));
const entry = join(dir, 'entry.ts');
writeFileSync(entry, `export { analyze } from ${JSON.stringify(join(process.cwd(), 'src/core/analyze'))};\nexport { architectureSvg } from ${JSON.stringify(join(process.cwd(), 'src/core/diagram'))};\n`);
const outfile = join(dir, 'core.mjs');
await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
const { analyze, architectureSvg } = await import(pathToFileURL(outfile).href);

const browser = await launchChromium();
const page = await browser.newPage();
for (const ex of DIAGRAM_EXAMPLES) {
  const result = analyze(readFileSync(ex.file, 'utf8'), { file: ex.file });
  const graph = result.modules.find((m) => m.name === ex.model)?.graph;
  if (!graph) throw new Error(`${ex.file}: no layer graph for ${ex.model}`);
  const svg = architectureSvg(ex.model, graph);
  writeFileSync(`docs/images/diagram-${ex.name}.svg`, svg + '\n');
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  await page.setViewportSize({ width: Number(size[1]), height: Number(size[2]) });
  await page.setContent(`<body style="margin:0">${svg}</body>`);
  await page.locator('svg').screenshot({ path: `docs/images/diagram-${ex.name}.png` });
  console.log(`docs/images/diagram-${ex.name}.svg  ${graph.nodes.length} ops  ${size[1]}×${size[2]}`);
}
await browser.close();
