// The model walk as a person sees it, in headless Chromium: the walk bundle gets the layer graph the
// engine builds for LeNet-5 and a ResNet BasicBlock with a downsample shortcut, draws a row per op
// with torch's shape, maps for every spatial op (at most the cap until "show all"), shape-only rows
// for what the lab does not compute, and reports each op's value range, which equals torch's.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { repoRoot, startHarness } from './harness.mjs';

/** The engine, bundled for Node: the test sends the graph the host would send. */
async function loadEngine() {
  const dir = mkdtempSync(join(tmpdir(), 'convlens-walk-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `export { analyze } from ${JSON.stringify(join(repoRoot, 'src/core/analyze'))};\nexport { dimToJson, formatShapeList } from ${JSON.stringify(join(repoRoot, 'src/core/dims'))};\n`);
  const outfile = join(dir, 'engine.mjs');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

/** The ops and torch's shapes the walk must list (test/fixtures/walk, from Debian's torch); 4-D ones are drawn. */
function torchRows(name) {
  const fixture = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'walk', `${name}.json`), 'utf8'));
  return fixture.walk.map(([op, shape]) => [op, shape, shape.length === 4 ? 'computed' : 'shape-only']);
}

const LABELS = { reroll: 'Re-roll weights', showAll: 'Show all {0} maps', showFewer: 'Show fewer', shapeOnly: 'Shape only', computing: 'Computing…', done: 'Done', openHint: 'Click a map.' };

describe('Model walk webview', () => {
  let harness;
  let engine;
  before(async () => {
    harness = await startHarness();
    engine = await loadEngine();
  });
  after(() => harness?.close());

  function graphOf(file, model) {
    const result = engine.analyze(readFileSync(join(repoRoot, file), 'utf8'), { file });
    const graph = result.modules.find((m) => m.name === model)?.graph;
    assert.ok(graph, `a layer graph for ${model}`);
    return graph.nodes.map((n) => ({ ...n, shape: n.shape && n.shape.map(engine.dimToJson) }));
  }

  async function walk(file, model, sample) {
    const nodes = graphOf(file, model);
    const view = await harness.open({ bundle: 'dist/webview/walk.js', body: '<main id="app"></main>', viewport: { width: 1100, height: 1400 } });
    await view.waitForMessage((m) => m.type === 'ready');
    await view.send({ type: 'walk', model, nodes, seed: 42, sample, channelCap: 8, labels: LABELS });
    const rendered = await view.waitForMessage((m) => m.type === 'rendered');
    assert.deepEqual(view.errors, []);
    return { view, nodes, rendered };
  }

  it('walks LeNet-5: every layer in order with torch shapes, maps for conv/relu/pool, shape-only Linear layers', async () => {
    const { view, nodes, rendered } = await walk('examples/lenet.py', 'LeNet5', '/media/samples/digit-28.png');
    const rows = await view.page.$$eval('li.step', (lis) => lis.map((li) => [li.querySelector('.op').textContent, li.querySelector('.shape').textContent, li.dataset.status, li.querySelectorAll('canvas.map').length]));
    assert.deepEqual(rows, [
      ['input', '[1, 1, 32, 32]', 'computed', 1],
      ['conv1 · Conv2d 5×5', '[1, 6, 28, 28]', 'computed', 6],
      ['relu', '[1, 6, 28, 28]', 'computed', 6],
      ['pool · MaxPool2d 2×2 /2×2', '[1, 6, 14, 14]', 'computed', 6],
      ['conv2 · Conv2d 5×5', '[1, 16, 10, 10]', 'computed', 8],
      ['relu', '[1, 16, 10, 10]', 'computed', 8],
      ['pool · MaxPool2d 2×2 /2×2', '[1, 16, 5, 5]', 'computed', 8],
      ['flatten', '[1, 400]', 'shape-only', 0],
      ['fc1 · Linear', '[1, 120]', 'shape-only', 0],
      ['relu', '[1, 120]', 'shape-only', 0],
      ['fc2 · Linear', '[1, 84]', 'shape-only', 0],
      ['relu', '[1, 84]', 'shape-only', 0],
      ['fc3 · Linear', '[1, 10]', 'shape-only', 0],
    ]);
    assert.equal(rows.length, nodes.length);
    assert.deepEqual(rendered.steps.map((s) => [s.op, s.shape, s.status]), torchRows('lenet'));
    // ReLU leaves nothing negative; the conv before it had negative responses.
    assert.ok(rendered.steps[1].min < 0 && rendered.steps[2].min === 0);
    await view.screenshot('walk-lenet');
    // "Show all" draws the other 8 of conv2's 16 maps, and back.
    const conv2 = view.page.locator('li.step[data-id="4"]');
    await conv2.locator('button.show-all').click();
    assert.equal(await conv2.locator('canvas.map').count(), 16);
    await conv2.locator('button.show-all').click();
    assert.equal(await conv2.locator('canvas.map').count(), 8);
    // A click on a map asks the host to open that layer in the Kernel Lab.
    await view.page.locator('li.step[data-id="1"] canvas.map').nth(2).click();
    assert.deepEqual(await view.waitForMessage((m) => m.type === 'openLayer'), { type: 'openLayer', id: 1, channel: 2 });
    // Re-roll asks the host for a new seed; the host's next walk message redraws with other weights.
    await view.page.click('header button');
    await view.waitForMessage((m) => m.type === 'reroll');
    const count = view.messages.filter((m) => m.type === 'rendered').length;
    await view.send({ type: 'walk', model: 'LeNet5', nodes, seed: 7, sample: '/media/samples/digit-28.png', channelCap: 8, labels: LABELS });
    await view.page.waitForFunction(() => document.querySelector('.status')?.textContent === 'Done' && document.querySelector('.meta')?.textContent?.endsWith('seed 7'));
    const again = view.messages.filter((m) => m.type === 'rendered')[count];
    assert.equal(again.seed, 7);
    assert.notEqual(again.steps[1].max, rendered.steps[1].max);
    await view.close();
  });

  it('walks a ResNet BasicBlock with a downsample shortcut: both branches and the add computed, as torch shapes them', async () => {
    const { view, rendered } = await walk('test/corpus/valid/resnet_basicblock.py', 'BasicBlock', '/media/samples/test-card.png');
    assert.deepEqual(
      rendered.steps.map((s) => [s.op, s.shape, s.status]),
      torchRows('basicblock'),
    );
    assert.equal(await view.page.locator('li.step[data-id="8"] canvas.map').count(), 8);
    assert.equal(await view.page.textContent('li.step[data-id="8"] button.show-all'), 'Show all 128 maps');
    await view.screenshot('walk-resnet-block');
    await view.close();
  });
});
