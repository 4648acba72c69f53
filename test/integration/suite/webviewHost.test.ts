import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { webviewHtml, type WebviewPage } from '../../../src/extension/webviewHost';
import { eventually } from './support/workbench';

/** What the probe page's own (nonce'd) script finds out about what the policy let through. */
interface Probe {
  title: string;
  lang: string;
  injectedScriptRan: boolean;
  inlineHandlerRan: boolean;
  styleAttributeApplied: boolean;
  nonceStyleApplied: boolean;
  wasmCompiled: boolean;
}

// Runs last in the page; reports after a pause so that a blocked-or-not error handler has had its turn.
const PROBE_SCRIPT = `
const api = acquireVsCodeApi();
const color = (id) => getComputedStyle(document.getElementById(id)).color;
const wasm = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
setTimeout(async () => {
  const wasmCompiled = await WebAssembly.compile(wasm).then(() => true, () => false);
  api.postMessage({
    title: document.title,
    lang: document.documentElement.lang,
    injectedScriptRan: window.injectedScriptRan === true,
    inlineHandlerRan: window.inlineHandlerRan === true,
    styleAttributeApplied: color('by-attribute') === 'rgb(255, 0, 0)',
    nonceStyleApplied: color('by-nonce') === 'rgb(0, 128, 0)',
    wasmCompiled,
  });
}, 300);`;

// What an injection into the markup would try: a script without the nonce, an inline handler, a style attribute.
const HOSTILE_BODY = `<script>window.injectedScriptRan = true;</script>
<img src="not-there.png" onerror="window.inlineHandlerRan = true">
<p id="by-attribute" style="color: rgb(255, 0, 0)">attribute</p>
<p id="by-nonce">nonce</p>`;

async function probe(page: Partial<WebviewPage>): Promise<Probe> {
  const panel = vscode.window.createWebviewPanel('convlens.test.webviewHost', 'Webview host probe', vscode.ViewColumn.One, { enableScripts: true, localResourceRoots: [] });
  try {
    let report: Probe | undefined;
    panel.webview.onDidReceiveMessage((message: Probe) => (report = message));
    panel.webview.html = webviewHtml(panel.webview, {
      title: 'Probe <b> & "quoted"',
      script: { inline: PROBE_SCRIPT },
      inlineStyle: '#by-nonce { color: rgb(0, 128, 0); }',
      body: HOSTILE_BODY,
      ...page,
    });
    return await eventually(() => report, 'the probe page to report', 20_000);
  } finally {
    panel.dispose();
  }
}

describe('Webview host: the HTML shell and its Content-Security-Policy', () => {
  it('runs only the nonce’d script and style; injected scripts, handlers, style attributes and WebAssembly are refused', async () => {
    const report = await probe({});
    assert.deepEqual(report, {
      title: 'Probe <b> & "quoted"',
      lang: vscode.env.language,
      injectedScriptRan: false,
      inlineHandlerRan: false,
      styleAttributeApplied: false,
      nonceStyleApplied: true,
      wasmCompiled: false,
    });
  });

  it('lets a page that says it compiles WebAssembly do so, and nothing more', async () => {
    const report = await probe({ compilesWasm: true });
    assert.equal(report.wasmCompiled, true);
    assert.equal(report.injectedScriptRan, false);
    assert.equal(report.inlineHandlerRan, false);
  });
});
