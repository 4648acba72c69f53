/** A fresh nonce for a webview's Content-Security-Policy: 128 random bits, hex. */
export function webviewNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
