/**
 * Entry point of the integration suite, loaded by VS Code's extension host (the
 * `@vscode/test-electron` contract: the host calls `run()` and treats a rejection as failure).
 * It runs every compiled `*.test.js` next to it with mocha's BDD interface (`describe`/`it`), prints
 * mocha's spec report to the host's console (which the runner forwards) and, for the runner's
 * summary, one line `CONVLENS_RESULTS {"passed":N,"failed":N}`.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RESULTS_MARKER, SUITE_START_MARKER } from './support/protocol';

export async function run(): Promise<void> {
  // The chat view opens in the secondary side bar by default; closed, screenshots show the editor.
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.CONVLENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  console.log(SUITE_START_MARKER);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const passed = runner.stats?.passes ?? 0;
        console.log(`${RESULTS_MARKER} ${JSON.stringify({ passed, failed: failures })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      console.log(`${RESULTS_MARKER} ${JSON.stringify({ passed: 0, failed: 1 })}`);
      reject(error);
    }
  });
}
