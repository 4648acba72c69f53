// The convolution backends in real headless Chromium (WebGL2 on SwiftShader): every backend
// against the torch 1.13 fixtures, the automatic backend choice, and chained WebGL2 ops.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { repoRoot, startHarness } from './harness.mjs';

const PAGE = 'dist/test/conv-page.js';
const suites = ['conv2d', 'pool2d', 'interpolate', 'activation', 'errors'];
const load = (suite) => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'conv', `${suite}.json`), 'utf8')).cases;

describe('convolution backends in Chromium', () => {
  let harness;
  let view;
  before(async () => {
    await esbuild.build({
      entryPoints: [join(repoRoot, 'test/webview/fixtures/conv-page.ts')],
      outfile: join(repoRoot, PAGE),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      loader: { '.wasm': 'binary' },
      logLevel: 'warning',
    });
    harness = await startHarness();
    view = await harness.open({ bundle: PAGE });
    await view.page.waitForFunction(() => window.convTest !== undefined);
  });
  after(async () => {
    await view?.close();
    await harness?.close();
  });

  for (const backend of ['typescript', 'wasm-simd', 'webgl2']) {
    for (const suite of suites) {
      it(`${backend}: ${suite} matches torch`, async () => {
        const cases = load(suite);
        const problems = await view.page.evaluate(([name, list]) => window.convTest.run(name, list), [backend, cases]);
        const failures = cases.map((c, i) => problems[i] && `${c.name}: ${problems[i]}`).filter(Boolean);
        assert.deepEqual(failures, []);
      });
    }
  }

  for (const backend of ['typescript', 'wasm-simd', 'webgl2']) {
    it(`${backend}: infinities and NaN come out as torch gives them`, async () => {
      const problems = await view.page.evaluate((name) => window.convTest.nonFinite(name), backend);
      assert.deepEqual(problems.filter(Boolean), []);
    });
  }

  it('chooses WASM SIMD over software WebGL2 and says why', async () => {
    const choice = await view.page.evaluate(() => window.convTest.select('auto'));
    assert.equal(choice.software, true, `headless Chromium renders WebGL2 with SwiftShader, got ${choice.renderer}`);
    assert.equal(choice.name, 'wasm-simd');
    assert.match(choice.reason, /WebGL2 renders in software .*SwiftShader/i);
  });

  it('honours a forced backend', async () => {
    for (const name of ['webgl2', 'typescript', 'wasm-simd']) {
      const choice = await view.page.evaluate((n) => window.convTest.select(n), name);
      assert.equal(choice.name, name);
      assert.equal(choice.reason, 'chosen by you');
    }
  });

  it('falls back to TypeScript, saying why, where the page may not compile WebAssembly', async () => {
    // A Content-Security-Policy without 'wasm-unsafe-eval', as a webview host might forget it.
    const strict = await harness.open({ bundle: PAGE });
    await strict.page.route(/\?view=/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "script-src 'self' 'unsafe-inline'" } });
    });
    await strict.reload();
    await strict.page.waitForFunction(() => window.convTest !== undefined);
    const choice = await strict.page.evaluate(() => window.convTest.select('wasm-simd'));
    assert.equal(choice.name, 'typescript');
    assert.match(choice.reason, /WebAssembly could not start/);
    await strict.close();
  });

  it('WebGL2 gives the same numbers when outputs stay resident between ops', async () => {
    assert.equal(await view.page.evaluate(() => window.convTest.chained()), null);
    assert.deepEqual(view.errors, []);
  });
});
