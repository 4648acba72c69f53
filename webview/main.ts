/**
 * Entry of the Kernel Lab webview (dist/webview/lab.js). The sample images live in media/, two
 * folders above this bundle both in the extension and on the test page, so their base is derived
 * from the script's own URL (inside VS Code that is a webview resource URI the CSP allows).
 */
import { KernelLab, type VsCodeApi } from './lab/app';

declare function acquireVsCodeApi(): VsCodeApi;

const script = document.currentScript as HTMLScriptElement | null;
const mediaBase = new URL('../../media/', script?.src ?? document.baseURI);
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
root.id = 'app';
new KernelLab(root, acquireVsCodeApi(), mediaBase).start();
