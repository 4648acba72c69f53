/**
 * Latency of the editor features through the real providers, for `npm run bench` (bench/editor.bench.mjs
 * runs only this file, with CONVLENS_EDITOR_BENCH=1; the regular suite skips it). Prints one line
 * `CONVLENS_BENCH {json}` per figure; no assertion on time: figures are read, not tested.
 */
import * as vscode from 'vscode';
import { eventually, hoverText } from './support/workbench';
import { convlensDiagnostics, openNewFile } from './editorSupport';

const HEADER = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n';
const BLOCK_LINES = 20;

/** A small CNN, its use and a shape comment: 20 lines, like the files people write. */
function block(i: number): string {
  return `class Block${i}(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=3, padding=1)
        self.fc = nn.Linear(32 * 8 * 8, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc(x)


model${i} = Block${i}()
images${i} = torch.randn(4, 3, 32, 32)
logits${i} = model${i}(images${i})
print(logits${i}.shape)
# torch.Size([4, 10])
`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(name: string, lines: number, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const figure = { name, lines, samples: sorted.length, p50: +percentile(sorted, 50).toFixed(1), p95: +percentile(sorted, 95).toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) };
  console.log(`CONVLENS_BENCH ${JSON.stringify(figure)}`);
}

/** Resolves when ConvLens's diagnostics for `uri` satisfy `ready` (checked on every change). */
function diagnosticsSettle(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ready(convlensDiagnostics(uri))) return resolve();
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('diagnostics did not settle within 10 s'));
    }, 10_000);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ready(convlensDiagnostics(uri))) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

describe('editor bench', function () {
  before(function () {
    if (process.env.CONVLENS_EDITOR_BENCH !== '1') this.skip();
  });
  this.timeout(300_000);

  for (const lines of [200, 2000]) {
    it(`hover and diagnostics latency on a ${lines}-line file`, async () => {
      const blocks = Math.round((lines - 4) / BLOCK_LINES);
      const editor = await openNewFile(`bench_${lines}.py`, HEADER + Array.from({ length: blocks }, (_, i) => block(i)).join(''));
      const document = editor.document;
      const logitsAt = (i: number) => new vscode.Position(4 + i * BLOCK_LINES + 17, 2);
      const hover = async (i: number) => hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, logitsAt(i))) ?? []);
      await eventually(async () => ((await hover(blocks - 1)).includes('torch.Size([4, 10])') ? true : undefined), 'the first analysis', 60_000);

      const cached: number[] = [];
      for (let n = 0; n < 60; n++) {
        const started = performance.now();
        await hover((n * 7) % blocks);
        cached.push(performance.now() - started);
      }
      report('hover, file unchanged', document.lineCount, cached);

      // One keystroke changes conv2's in_channels in a block: 16 → 15 (an error) and back.
      const conv2Line = (i: number) => 4 + i * BLOCK_LINES + 5;
      const digit = (i: number) => new vscode.Range(conv2Line(i), '        self.conv2 = nn.Conv2d(1'.length, conv2Line(i), '        self.conv2 = nn.Conv2d(16'.length);
      const afterEdit: number[] = [];
      const hoverAfterEdit: number[] = [];
      for (let n = 0; n < 15; n++) {
        const i = (n * 13) % blocks;
        for (const [text, hasError] of [['5', true], ['6', false]] as const) {
          const edit = new vscode.WorkspaceEdit();
          edit.replace(document.uri, digit(i), text);
          const started = performance.now();
          await vscode.workspace.applyEdit(edit);
          if (hasError) {
            const hovered = performance.now();
            await hover(i);
            hoverAfterEdit.push(performance.now() - hovered);
          }
          await diagnosticsSettle(document.uri, (d) => (d.length > 0) === hasError);
          afterEdit.push(performance.now() - started);
        }
      }
      report('diagnostics after an edit (incl. debounce)', document.lineCount, afterEdit);
      report('hover right after an edit', document.lineCount, hoverAfterEdit);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }
});
