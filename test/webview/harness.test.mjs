// Self-test of the webview harness against a probe page whose pixels, messages and state are known.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { pixelAt, startHarness } from './harness.mjs';

const PROBE = 'test/webview/fixtures/harness-probe.js';

describe('webview harness', () => {
  let harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness?.close());

  it('reads back the pixels a 2D canvas drew', async () => {
    const view = await harness.open({ bundle: PROBE });
    await view.waitForMessage((m) => m.type === 'ready');
    const image = await view.readCanvas('#flat');
    assert.equal(image.width, 4);
    assert.equal(image.height, 2);
    assert.deepEqual(pixelAt(image, 0, 0), [255, 0, 0, 255]);
    assert.deepEqual(pixelAt(image, 1, 1), [255, 0, 0, 255]);
    assert.deepEqual(pixelAt(image, 2, 0), [0, 128, 255, 255]);
    assert.deepEqual(pixelAt(image, 3, 1), [0, 128, 255, 255]);
    assert.throws(() => pixelAt(image, 4, 0), RangeError);
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('reads back a WebGL2 canvas', async () => {
    const view = await harness.open({ bundle: PROBE });
    const ready = await view.waitForMessage((m) => m.type === 'ready');
    assert.equal(ready.webgl2, true, 'headless Chromium offers WebGL2 (SwiftShader)');
    const image = await view.readCanvas('#gl');
    assert.deepEqual(pixelAt(image, 1, 1), [0, 255, 0, 255]);
    await view.close();
  });

  it('carries messages both ways and keeps setState across a reload', async () => {
    const view = await harness.open({ bundle: PROBE, state: { loads: 10 } });
    assert.equal((await view.waitForMessage((m) => m.type === 'ready')).loads, 11);
    await view.send({ type: 'ping', value: 42 });
    assert.deepEqual(await view.waitForMessage((m) => m.type === 'pong'), { type: 'pong', echo: 42 });
    await view.reload();
    await view.waitForMessage((m) => m.type === 'ready' && m.loads === 12);
    assert.deepEqual(await view.state(), { loads: 12 });
    await view.close();
  });

  it('saves screenshots into test/artifacts', async () => {
    const view = await harness.open({ bundle: PROBE, theme: 'light' });
    await view.waitForMessage((m) => m.type === 'ready');
    const path = await view.screenshot('webview-harness-probe', '#flat');
    assert.ok(existsSync(path));
    rmSync(path);
    await view.close();
  });
});
