// Webview harness: runs a webview bundle (dist/webview/*.js) in real headless Chromium, in a page
// that stands in for the VS Code webview around it, so tests can check what a person would see.
//
//   import { startHarness, pixelAt } from './harness.mjs';
//   const harness = await startHarness();            // one Chromium + one local static server
//   const view = await harness.open({
//     bundle: 'dist/webview/lab.js',                 // script to load, relative to the repo root
//     body: '<div id="app"></div>',                  // optional markup placed before the script
//     styles: ['media/lab.css'],                     // optional stylesheets, relative to the repo root
//     state: { zoom: 2 },                            // optional initial vscode.getState() value
//     theme: 'dark',                                 // 'dark' (default) or 'light': body class + colours
//     viewport: { width: 1000, height: 700 },
//   });
//   view.page                                        // the playwright-core Page, for clicks and locators
//   await view.send({ type: 'load', ... })           // a message from the extension (window 'message' event)
//   view.messages                                    // every vscode.postMessage(...) the webview sent, in order
//   await view.waitForMessage((m) => m.type === 'ready')  // resolves with the first matching message
//   await view.state()                               // what the webview last passed to vscode.setState
//   await view.reload()                              // reloads the page; setState's value survives, as in VS Code
//   const image = await view.readCanvas('canvas#out')    // { width, height, data: Uint8ClampedArray RGBA }
//   pixelAt(image, x, y)                             // [r, g, b, a] of one pixel
//   await view.screenshot('lab-edges')               // saves test/artifacts/lab-edges.png (whole page;
//   await view.screenshot('out', 'canvas#out')       //   or one element) and returns the path
//   view.errors                                      // page errors and console.error texts seen so far
//   await view.close(); await harness.close();
//
// Files under dist/, media/ and test/webview/ are served at the same paths (e.g. /media/samples/x.png).
// Reading a WebGL canvas needs `preserveDrawingBuffer: true` on its context (or a read in the same
// task as the draw): without it the browser may already have cleared the buffer.
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../scripts/chromium.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'test', 'artifacts');

const SERVED_DIRS = ['dist', 'media', 'test/webview'];
const CONTENT_TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

// A few of the colour variables VS Code defines in every webview, so themed CSS renders sensibly.
const THEMES = {
  dark: { class: 'vscode-dark', background: '#1f1f1f', foreground: '#cccccc', button: '#0078d4', buttonForeground: '#ffffff', border: '#3c3c3c' },
  light: { class: 'vscode-light', background: '#ffffff', foreground: '#3b3b3b', button: '#005fb8', buttonForeground: '#ffffff', border: '#e5e5e5' },
};

const STATE_KEY = 'convlens-harness-state';

/**
 * Runs in the page before any other script: the `acquireVsCodeApi` a VS Code webview gets. Its state
 * lives in sessionStorage so that, as in VS Code, it survives a reload of the webview.
 */
function installVsCodeApiStandIn({ initialState, stateKey }) {
  if (sessionStorage.getItem(stateKey) === null && initialState !== undefined) {
    sessionStorage.setItem(stateKey, JSON.stringify(initialState));
  }
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage(message) {
        window.__harnessPostMessage(JSON.parse(JSON.stringify(message)));
      },
      getState() {
        const saved = sessionStorage.getItem(stateKey);
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState(state) {
        sessionStorage.setItem(stateKey, JSON.stringify(state));
        return state;
      },
    });
  };
}

function escapeAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function pageHtml({ bundle, body = '', styles = [], theme = 'dark' }) {
  const colours = THEMES[theme];
  if (!colours) throw new Error(`unknown theme "${theme}" (dark or light)`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>webview harness</title>
<link rel="icon" href="data:,">
<style>
  :root {
    --vscode-editor-background: ${colours.background};
    --vscode-editor-foreground: ${colours.foreground};
    --vscode-foreground: ${colours.foreground};
    --vscode-button-background: ${colours.button};
    --vscode-button-foreground: ${colours.buttonForeground};
    --vscode-panel-border: ${colours.border};
    --vscode-font-family: system-ui, sans-serif;
    --vscode-font-size: 13px;
    --vscode-editor-font-family: monospace;
  }
  body { background: var(--vscode-editor-background); color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
</style>
${styles.map((href) => `<link rel="stylesheet" href="/${escapeAttribute(href)}">`).join('\n')}
</head>
<body class="${colours.class}">
${body}
<script src="/${escapeAttribute(bundle)}"></script>
</body>
</html>`;
}

/** Serves each open view's page at /?view=<id> and the files of SERVED_DIRS at their repo paths. */
function startStaticServer(pages) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    if (path === '/') {
      const html = pages.get(url.searchParams.get('view'));
      response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html ?? 'no such view');
      return;
    }
    const relative = normalize(path).replace(/^\/+/, '');
    const file = join(repoRoot, relative);
    const allowed = SERVED_DIRS.some((dir) => relative.startsWith(`${dir}/`));
    if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`not served: ${path}`);
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise) => server.listen(0, '127.0.0.1', () => resolvePromise(server)));
}

/** [r, g, b, a] of pixel (x, y) of an image returned by `readCanvas`. */
export function pixelAt(image, x, y) {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) {
    throw new RangeError(`pixel (${x}, ${y}) is outside the ${image.width}×${image.height} canvas`);
  }
  const offset = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(offset, offset + 4));
}

/** Runs in the page: the RGBA pixels of a canvas, base64-encoded (a 2D canvas exactly; others copied). */
function canvasPixels(selector) {
  const canvas = document.querySelector(selector);
  if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`no <canvas> matches ${selector}`);
  const { width, height } = canvas;
  let context = canvas.getContext('2d');
  if (!context) {
    // A WebGL or bitmap canvas: copy it onto a 2D one to read it.
    const copy = document.createElement('canvas');
    copy.width = width;
    copy.height = height;
    context = copy.getContext('2d');
    context.drawImage(canvas, 0, 0);
  }
  const bytes = context.getImageData(0, 0, width, height).data;
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return { width, height, base64: btoa(binary) };
}

async function openView(browser, server, pages, options) {
  const bundle = options.bundle ?? 'dist/webview/lab.js';
  if (!existsSync(join(repoRoot, bundle))) throw new Error(`${bundle} does not exist: run "npm run build" first`);
  const viewId = randomUUID();
  pages.set(viewId, pageHtml({ ...options, bundle }));
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1000, height: 700 } });
  const page = await context.newPage();
  const messages = [];
  const errors = [];
  const waiters = [];
  await page.exposeFunction('__harnessPostMessage', (message) => {
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  await page.addInitScript(installVsCodeApiStandIn, { initialState: options.state, stateKey: STATE_KEY });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const { port } = server.address();
  await page.goto(`http://127.0.0.1:${port}/?view=${viewId}`);

  return {
    page,
    messages,
    errors,
    send: (message) => page.evaluate((data) => window.postMessage(data, '*'), message),
    waitForMessage(predicate, timeoutMs = 5000) {
      const seen = messages.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveMessage, reject) => {
        const waiter = { predicate, resolve: resolveMessage };
        waiters.push(waiter);
        setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index < 0) return;
          waiters.splice(index, 1);
          reject(new Error(`no matching message from the webview within ${timeoutMs} ms; it sent: ${JSON.stringify(messages)}`));
        }, timeoutMs);
      });
    },
    state: () => page.evaluate((key) => {
      const saved = sessionStorage.getItem(key);
      return saved === null ? undefined : JSON.parse(saved);
    }, STATE_KEY),
    reload: () => page.reload(),
    async readCanvas(selector) {
      const { width, height, base64 } = await page.evaluate(canvasPixels, selector);
      return { width, height, data: new Uint8ClampedArray(Buffer.from(base64, 'base64')) };
    },
    async screenshot(name, selector) {
      mkdirSync(artifactsDir, { recursive: true });
      const path = join(artifactsDir, `${name}.png`);
      await (selector ? page.locator(selector).screenshot({ path }) : page.screenshot({ path }));
      return path;
    },
    async close() {
      await context.close();
      pages.delete(viewId);
    },
  };
}

/** Starts Chromium and the page server; `open(options)` loads a webview bundle in a fresh page. */
export async function startHarness() {
  const pages = new Map();
  const server = await startStaticServer(pages);
  let browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    browser,
    open: (options = {}) => openView(browser, server, pages, options),
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
