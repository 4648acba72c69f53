// The Kernel Lab as a person uses it, in headless Chromium: presets, kernel cells, stride and
// padding change the size label and the pixels exactly as F.conv2d would; a corrupt image gives a
// message and leaves a working lab; state survives a reload; the host's messages drive it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pixelAt, startHarness } from './harness.mjs';

const LAB = { bundle: 'dist/webview/lab.js', styles: ['media/lab.css'], viewport: { width: 1280, height: 1600 } };
const OUTPUT = '[data-stage="conv"] canvas.map';

/** Waits until the lab has drawn a frame after `action` (the root counts frames in data-frames). */
async function redraw(view, action) {
  const before = Number((await view.page.getAttribute('#app', 'data-frames')) ?? 0);
  await action();
  await view.page.waitForFunction((n) => Number(document.getElementById('app')?.dataset.frames ?? 0) > n, before, { timeout: 15_000 });
}

async function openLab(harness, options = {}) {
  const view = await harness.open({ ...LAB, ...options });
  await view.waitForMessage((m) => m.type === 'ready');
  await view.page.waitForFunction(() => Number(document.getElementById('app')?.dataset.frames ?? 0) > 0, null, { timeout: 15_000 });
  return view;
}

/** The lab with the identity kernel and padding 1, shown clamped: its output is its input. */
async function openIdentityLab(harness) {
  const view = await openLab(harness);
  await redraw(view, () => view.page.selectOption('#display-mode', 'clamp'));
  await redraw(view, () => view.page.selectOption('#kernel-preset', 'identity'));
  await setPair(view, 'padding', 1, 1);
  return view;
}

const text = (view, selector) => view.page.textContent(selector);

/** Sets an (H, W) pair of inputs such as stride-h/stride-w. */
async function setPair(view, id, h, w) {
  await redraw(view, () => view.page.fill(`#${id}-h`, String(h)));
  await redraw(view, () => view.page.fill(`#${id}-w`, String(w)));
}

function greys(image) {
  const out = [];
  for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) out.push(pixelAt(image, x, y)[0]);
  return out;
}

describe('Kernel Lab webview', () => {
  let harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness?.close());

  it('opens on the 28×28 digit with sharpen and shows [1, 26, 26] with its formula', async () => {
    const view = await openLab(harness);
    assert.equal(await text(view, '[data-stage="input"] .shape'), '[1, 28, 28]');
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 26, 26]');
    const formula = await text(view, '#conv-formula');
    assert.match(formula, /H_out = ⌊\(28 \+ 2·0 − 1·\(3 − 1\) − 1\) \/ 1⌋ \+ 1 = 26/);
    const output = await view.readCanvas(OUTPUT);
    assert.deepEqual([output.width, output.height], [26, 26]);
    assert.match(await text(view, '#backend-status'), /^Backend: (webgl2|wasm-simd|typescript) · last frame \d+\.\d ms/);
    await view.screenshot('lab-default');
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('identity preset with padding 1 reproduces the input pixels; stride 2 keeps every other one', async () => {
    const view = await openIdentityLab(harness);
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 28, 28]');
    const input = await view.readCanvas('#input-canvas');
    const same = await view.readCanvas(OUTPUT);
    assert.deepEqual([same.width, same.height], [28, 28]);
    assert.deepEqual(greys(same), greys(input), 'identity kernel: output pixels equal input pixels');

    await setPair(view, 'stride', 2, 2);
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 14, 14]');
    assert.match(await text(view, '#conv-formula'), /H_out = ⌊\(28 \+ 2·1 − 1·\(3 − 1\) − 1\) \/ 2⌋ \+ 1 = 14/);
    const strided = await view.readCanvas(OUTPUT);
    assert.deepEqual([strided.width, strided.height], [14, 14]);
    for (let y = 0; y < 14; y++) {
      for (let x = 0; x < 14; x++) assert.equal(pixelAt(strided, x, y)[0], pixelAt(input, 2 * x, 2 * y)[0], `output (${y}, ${x}) is input (${2 * y}, ${2 * x})`);
    }
    await view.close();
  });

  it('a forced backend is used and shown, and every backend draws the same pixels', async () => {
    const view = await openLab(harness);
    await redraw(view, () => view.page.selectOption('#display-mode', 'diverging'));
    const drawn = {};
    for (const backend of ['typescript', 'wasm-simd', 'webgl2']) {
      await redraw(view, () => view.page.selectOption('#backend-select', backend));
      assert.equal(await view.page.getAttribute('#backend-status', 'data-backend'), backend);
      drawn[backend] = await view.readCanvas(OUTPUT);
    }
    for (const backend of ['wasm-simd', 'webgl2']) {
      const worst = drawn[backend].data.reduce((m, v, i) => Math.max(m, Math.abs(v - drawn.typescript.data[i])), 0);
      assert.ok(worst <= 1, `${backend} differs from typescript by ${worst} levels`);
    }
    await view.close();
  });

  it('editing a kernel cell changes the output as the new weight says', async () => {
    const view = await openIdentityLab(harness);
    const input = await view.readCanvas('#input-canvas');
    const centre = view.page.locator('.kernel-cell[data-row="1"][data-col="1"]');
    assert.equal(await centre.getAttribute('aria-label'), 'Kernel row 2, column 2');
    await centre.fill('0.5');
    await redraw(view, () => centre.press('Enter'));
    assert.equal(await view.page.inputValue('#kernel-preset'), '', 'an edited preset becomes a custom kernel');
    const halved = await view.readCanvas(OUTPUT);
    let compared = 0;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const expected = pixelAt(input, x, y)[0] / 2;
        assert.ok(Math.abs(pixelAt(halved, x, y)[0] - expected) <= 1, `pixel (${y}, ${x}): ${pixelAt(halved, x, y)[0]} vs ${expected}`);
        compared++;
      }
    }
    assert.equal(compared, 784);
    // Arrow keys move between cells.
    await centre.focus();
    await view.page.keyboard.press('ArrowRight');
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Kernel row 2, column 3');
    await view.close();
  });

  it("padding='same' keeps the size and 'same' with stride 2 shows torch's error", async () => {
    const view = await openLab(harness);
    await redraw(view, () => view.page.selectOption('#kernel-height', '4'));
    await redraw(view, () => view.page.selectOption('#padding-kind', 'same'));
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 28, 28]');
    // The editor's hover words it the same way (the lab asks the shape engine's Conv2d).
    assert.match(await text(view, '#conv-formula'), /H_out = 28 \(padding='same': 1 before, 2 after, stride 1\)/);
    await redraw(view, () => view.page.fill('#stride-h', '2'));
    assert.match(await text(view, '[data-stage="conv"] .stage-error'), /padding='same' is not supported for strided convolutions/);
    await view.close();
  });

  it('a corrupt image gives a clear message and the lab keeps working', async () => {
    const view = await openLab(harness);
    await redraw(view, () =>
      view.page.evaluate(() => {
        const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'broken.png', { type: 'image/png' }));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }),
    );
    assert.match(await text(view, '#image-error'), /“broken\.png” looks like a PNG image but could not be decoded/);
    assert.equal(await text(view, '[data-stage="input"] .shape'), '[1, 28, 28]', 'the previous image stays');
    await redraw(view, () => view.page.fill('#stride-h', '2'));
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 13, 26]');
    await view.screenshot('lab-corrupt-image');
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('a dropped image is used, large ones are downscaled with a note, unsupported formats are named', async () => {
    const view = await openLab(harness);
    const drop = (width, height, name) =>
      redraw(view, () =>
        view.page.evaluate(
          async ({ width, height, name }) => {
            const canvas = new OffscreenCanvas(width, height);
            const context = canvas.getContext('2d');
            context.fillStyle = '#3080c0';
            context.fillRect(0, 0, width, height);
            const transfer = new DataTransfer();
            transfer.items.add(new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' }));
            document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
          },
          { width, height, name },
        ),
      );
    await drop(40, 30, 'small.png');
    assert.equal(await text(view, '[data-stage="input"] .shape'), '[1, 30, 40]');
    assert.equal(await view.page.inputValue('#sample-select'), 'user');
    await drop(2000, 1500, 'large.png');
    assert.equal(await text(view, '[data-stage="input"] .shape'), '[1, 768, 1024]');
    assert.match(await text(view, '#image-message'), /Downscaled from 2000×1500 to 1024×768/);
    await redraw(view, () =>
      view.page.evaluate(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])], 'scan.tif'));
        document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }),
    );
    assert.match(await text(view, '#image-error'), /“scan\.tif” is a TIFF file; the lab reads PNG, JPEG, WebP, GIF and BMP images\./);
    assert.equal(await text(view, '[data-stage="input"] .shape'), '[1, 768, 1024]', 'the last good image stays');
    await view.close();
  });

  it('an image picked through the host loads, and after a reload the lab asks the host for it again', async () => {
    const view = await openLab(harness);
    await view.page.click('#open-image');
    await view.waitForMessage((m) => m.type === 'pickImage');
    await redraw(view, () => view.send({ type: 'imageChosen', name: 'test-card.png', uri: 'file:///photos/test-card.png', webviewUri: '/media/samples/test-card.png' }));
    assert.equal(await text(view, '[data-stage="input"] .shape'), '[1, 256, 256]');
    assert.match(await view.page.textContent('#sample-select option[value="user"]'), /Your image: test-card\.png/);
    view.messages.length = 0;
    await view.reload();
    const ready = await view.waitForMessage((m) => m.type === 'ready');
    assert.equal(ready.userImageUri, 'file:///photos/test-card.png');
    await view.send({ type: 'imageChosen', name: 'test-card.png', uri: 'file:///photos/test-card.png', webviewUri: '/media/samples/test-card.png' });
    await view.page.waitForFunction(() => document.querySelector('[data-stage="input"] .shape')?.textContent === '[1, 256, 256]');
    await view.send({ type: 'imageError', message: 'The lab only reopens images picked with “Open image…”.' });
    assert.match(await text(view, '#image-error'), /only reopens images picked/);
    await view.close();
  });

  it('every control has a label a screen reader reads, and the light theme renders', async () => {
    const view = await openLab(harness, { theme: 'light' });
    await redraw(view, () => view.page.selectOption('#channel-mode', 'full'));
    const unlabelled = await view.page.evaluate(() =>
      [...document.querySelectorAll('input, select, button')]
        .filter((c) => !c.closest('[hidden]'))
        .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || c.textContent?.trim()))
        .map((c) => c.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
    await view.screenshot('lab-light-theme');
    await view.close();
  });

  it('state survives a reload', async () => {
    const view = await openLab(harness);
    await redraw(view, () => view.page.selectOption('#kernel-preset', 'gaussian5'));
    await setPair(view, 'stride', 2, 2);
    await redraw(view, () => view.page.selectOption('#display-mode', 'diverging'));
    const before = await view.state();
    assert.equal(before.kernel.preset, 'gaussian5');
    await view.reload();
    await view.page.waitForFunction(() => Number(document.getElementById('app')?.dataset.frames ?? 0) > 0);
    assert.equal(await view.page.inputValue('#kernel-preset'), 'gaussian5');
    assert.equal(await view.page.inputValue('#stride-h'), '2');
    assert.equal(await view.page.inputValue('#display-mode'), 'diverging');
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 12, 12]');
    assert.deepEqual(await view.state(), before);
    await view.close();
  });

  it('a damaged saved state falls back to the defaults instead of breaking', async () => {
    const view = await openLab(harness, { state: { version: 1, kernel: { height: 3, width: 3, values: [1] } } });
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[1, 26, 26]');
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it("full Conv2d shows the tutorial's 1×28×28 digit through 7 kernels as [7, 26, 26]", async () => {
    const view = await openLab(harness);
    await redraw(view, () => view.page.selectOption('#channel-mode', 'full'));
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[7, 26, 26]');
    assert.equal(await view.page.locator(OUTPUT).count(), 7);
    const first = await view.readCanvas(`${OUTPUT}[data-channel="0"]`);
    assert.deepEqual([first.width, first.height], [26, 26]);
    await view.screenshot('lab-full-conv2d');
    await view.close();
  });

  it('chains conv → ReLU → max pool → upsample with the shape after each stage', async () => {
    const view = await openLab(harness);
    await redraw(view, () => view.page.check('#stage-activation'));
    await redraw(view, () => view.page.check('#stage-pool'));
    await redraw(view, () => view.page.check('#stage-upsample'));
    const shapes = await view.page.locator('.stage .shape').allTextContents();
    assert.deepEqual(shapes, ['[1, 28, 28]', '[1, 26, 26]', '[1, 26, 26]', '[1, 13, 13]', '[1, 26, 26]']);
    const relu = await view.page.locator('[data-stage="activation"] .colour-bar .range').textContent();
    assert.match(relu, /^values 0 … /, 'ReLU leaves no negative value');
    await redraw(view, () => view.page.uncheck('#stage-conv'));
    assert.deepEqual(await view.page.locator('.stage .shape').allTextContents(), ['[1, 28, 28]', '[1, 28, 28]', '[1, 14, 14]', '[1, 28, 28]']);
    await view.close();
  });

  it('the host sets the lab to a layer of the code and invalid messages are ignored', async () => {
    const view = await openLab(harness);
    await view.send({ type: 'setPreview', preview: { op: 'Conv2d', config: { in_channels: 1, out_channels: 3, kernel_size: [3, 3], stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, bias: true, padding_mode: 'zeros' }, inputShape: [1, 1, 28, 28] } });
    await view.page.waitForFunction(() => document.querySelector('[data-stage="conv"] .shape')?.textContent === '[3, 26, 26]');
    assert.equal(await view.page.locator(OUTPUT).count(), 3);
    const rendered = await view.waitForMessage((m) => m.type === 'rendered' && m.frame.stages[0]?.shape?.[0] === 3);
    assert.deepEqual(rendered.frame.stages[0].shape, [3, 26, 26], 'the host learns what the lab shows');
    assert.equal(await view.page.isVisible('#apply-to-code'), true);
    await view.page.click('#apply-to-code');
    const apply = await view.waitForMessage((m) => m.type === 'applyToCode');
    assert.deepEqual(apply.preview.config.kernel_size, [3, 3]);
    await view.send({ type: 'setPreview', preview: { op: 42 } });
    await view.send({ type: 'nonsense' });
    assert.equal(await text(view, '[data-stage="conv"] .shape'), '[3, 26, 26]');
    assert.deepEqual(view.errors, []);
    await view.close();
  });

  it('the explainer steps the window and writes out the products and their sum', async () => {
    const view = await openLab(harness);
    const first = await text(view, '#explainer-total');
    assert.match(await text(view, '#explainer-position'), /^Output cell \(0, 0\) of 5×5/);
    await view.page.click('#explainer-next');
    assert.match(await text(view, '#explainer-position'), /^Output cell \(0, 1\) of 5×5/);
    assert.notEqual(await text(view, '#explainer-total'), first);
    const products = await text(view, '.products');
    const number = (text) => Number(text.replace(/[()]/g, '').replace('−', '-'));
    const terms = products.split('=')[0].split(' + ').map((t) => t.split('×').map(number));
    assert.ok(terms.length === 9 && terms.every((pair) => pair.length === 2 && pair.every(Number.isFinite)), products);
    const sum = terms.reduce((acc, [v, w]) => acc + v * w, 0);
    assert.equal(Number(products.split('=')[1]), sum);
    assert.equal(await view.page.locator('.grid-table td.window').count(), 9);
    await view.page.check('#explainer-multi');
    assert.match(await text(view, '#explainer-total'), / \+ bias 1 = /);
    await view.page.selectOption('#explainer-stage', 'pool');
    assert.match(await text(view, '#explainer-total'), /^max\(/);
    await view.page.selectOption('#explainer-stage', 'upsample');
    assert.match(await text(view, '#explainer-total'), /^output\[0, 0\] = input\[0, 0\]/);
    await view.screenshot('lab-explainer', '#explainer');
    await view.close();
  });

  it('hovering an output pixel shows its receptive window and dot product', async () => {
    const view = await openLab(harness);
    const canvas = view.page.locator(OUTPUT);
    const box = await canvas.boundingBox();
    await canvas.hover({ position: { x: box.width / 2, y: box.height / 2 } });
    const explanation = await text(view, '#hover-explain');
    assert.match(explanation, /^out\[0, 13, 13\] = /);
    assert.match(explanation, /channel 0: .*·.* = /);
    assert.equal(await view.page.locator('.window-box').count(), 1);
    await canvas.focus();
    await view.page.keyboard.press('ArrowDown');
    await view.page.keyboard.press('ArrowRight');
    assert.match(await text(view, '#hover-explain'), /^out\[0, 0, 1\] = /, 'arrow keys walk the output pixels');
    await view.close();
  });

  it('Copy as PyTorch writes the kernel as a torch.tensor literal and sends it to the host', async () => {
    const view = await openLab(harness);
    const code = await text(view, '#pytorch-code');
    assert.match(code, /conv = nn\.Conv2d\(1, 1, kernel_size=\(3, 3\), stride=\(1, 1\), padding=\(0, 0\), dilation=\(1, 1\), bias=False\)/);
    assert.match(code, /weight = torch\.tensor\(\[\[\[\[0\., -1\., 0\.\],/);
    await view.page.click('#copy-code');
    const copied = await view.waitForMessage((m) => m.type === 'copyText');
    assert.equal(copied.text, code);
    await view.page.click('#open-image');
    await view.waitForMessage((m) => m.type === 'pickImage');
    await view.close();
  });
});
