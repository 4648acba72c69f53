// Headless Chromium for the harnesses: Debian's browser driven by playwright-core (Playwright's own
// browser download cannot reach its server here). `--disable-gpu` still leaves WebGL2 working, on
// ANGLE over SwiftShader, so canvas and WebGL read-backs are real but run on the CPU.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CONVLENS_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with a throw-away profile; close it with `browser.close()`. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install chromium" or set CONVLENS_CHROMIUM.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
