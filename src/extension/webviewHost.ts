/**
 * What every ConvLens webview host shares: the HTML shell under a strict Content-Security-Policy,
 * and the receipt of the webview's messages (validated before anything acts on them). The policy
 * allows only what a page says it needs: `default-src 'none'`, scripts by a fresh nonce (never
 * inline handlers, never eval; 'wasm-unsafe-eval' only for a page that compiles WebAssembly),
 * styles from the webview's resource roots when the page links style sheets and by nonce when it
 * carries its own <style>, images and fetches from the sources it names.
 */
import * as vscode from 'vscode';

/** A source a page may load images from: its own resource roots (localResourceRoots), blobs, data: URLs. */
export type ImageSource = 'resources' | 'blob:' | 'data:';

export interface WebviewPage {
  /** The document's title (what assistive technology announces); escaped here. */
  title: string;
  /** The app: a script file inside the resource roots, or inline code the host itself wrote. */
  script: { file: vscode.Uri } | { inline: string };
  /** Style sheets inside the resource roots. */
  styleSheets?: readonly vscode.Uri[];
  /** CSS the host itself wrote, carried in a nonce'd <style>. */
  inlineStyle?: string;
  /** The markup the script starts from (the host escapes anything taken from the user). */
  body: string;
  imageSources?: readonly ImageSource[];
  /** Whether the page fetches files from its resource roots (samples, the user's picked image). */
  fetchesResources?: boolean;
  /** Whether the page compiles WebAssembly at run time (the conv core's SIMD backend). */
  compilesWasm?: boolean;
}

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh nonce for a page's Content-Security-Policy: 128 random bits, hex. */
function freshNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The page's policy: one directive a kind of resource it uses, nothing for the rest. */
function contentSecurityPolicy(webview: vscode.Webview, page: WebviewPage, nonce: string): string {
  const images = (page.imageSources ?? []).map((s) => (s === 'resources' ? webview.cspSource : s));
  const styles = [...(page.styleSheets?.length ? [webview.cspSource] : []), ...(page.inlineStyle !== undefined ? [`'nonce-${nonce}'`] : [])];
  const scripts = [`'nonce-${nonce}'`, ...(page.compilesWasm ? ["'wasm-unsafe-eval'"] : [])];
  const directives = ["default-src 'none'"];
  if (images.length > 0) directives.push(`img-src ${images.join(' ')}`);
  if (styles.length > 0) directives.push(`style-src ${styles.join(' ')}`);
  directives.push(`script-src ${scripts.join(' ')}`);
  if (page.fetchesResources) directives.push(`connect-src ${webview.cspSource}`);
  return directives.join('; ');
}

/** The page as HTML for `webview.html`, in VS Code's display language, with a nonce of its own. */
export function webviewHtml(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = freshNonce();
  const links = (page.styleSheets ?? []).map((sheet) => `<link rel="stylesheet" href="${webview.asWebviewUri(sheet)}">\n`).join('');
  const style = page.inlineStyle !== undefined ? `<style nonce="${nonce}">\n${page.inlineStyle}\n</style>\n` : '';
  const script = 'file' in page.script ? `<script nonce="${nonce}" src="${webview.asWebviewUri(page.script.file)}"></script>` : `<script nonce="${nonce}">\n${page.script.inline}\n</script>`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview, page, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
${links}${style}</head>
<body>
${page.body}
${script}
</body>
</html>`;
}

/** Where a host reports the messages it ignored and the actions that failed. */
export interface HostLog {
  warn(message: string): void;
  error(message: string, error: Error | string): void;
}

/**
 * Acts on the webview's messages that `parse` accepts (it returns undefined for anything else);
 * the rest are logged and dropped, and an action that fails is logged rather than left unhandled.
 */
export function onValidMessage<M extends { type: string }>(webview: vscode.Webview, parse: (raw: unknown) => M | undefined, act: (message: M) => Promise<void>, log: HostLog, panelName: string): vscode.Disposable {
  return webview.onDidReceiveMessage((raw: unknown) => {
    const message = parse(raw);
    if (message === undefined) {
      log.warn(`Ignored an unexpected message from the ${panelName}`);
      return;
    }
    act(message).catch((error: unknown) => log.error(`The ${panelName} failed to act on a “${message.type}” message`, error instanceof Error ? error : String(error)));
  });
}

