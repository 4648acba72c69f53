/**
 * The built `convlens` command line on real files: exit codes, the JSON contract and the text
 * format, directories and notebooks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

function convlens(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/convlens.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BUGGY_LENET = `import torch
import torch.nn as nn


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(256, 120)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc1(x)


net = LeNet()
out = net(torch.randn(1, 1, 32, 32))
`;

let dir: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  dir = mkdtempSync(join(tmpdir(), 'convlens-cli-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'models', 'lenet_bad.py'), BUGGY_LENET);
  writeFileSync(
    join(dir, 'models', 'blocks.py'),
    'import torch.nn as nn\n\ndef conv3x3(cin, cout):\n    return nn.Conv2d(cin, cout, 3, padding=1)\n',
  );
  writeFileSync(
    join(dir, 'uses_blocks.py'),
    'import torch\nfrom models.blocks import conv3x3\n\nlayer = conv3x3(3, 8)\ny = layer(torch.randn(2, 3, 16, 16))\n',
  );
  const cells = [
    { cell_type: 'markdown', source: ['# A notebook\n'] },
    { cell_type: 'code', source: ['%matplotlib inline\n', 'import torch\n', 'x = torch.randn(1, 3, 8, 8)\n'] },
    { cell_type: 'code', source: ['import torch.nn as nn\n', 'y = nn.Conv2d(3, 4, 3)(x)\n', 'z = nn.Conv2d(5, 4, 3)(y)\n'] },
  ];
  writeFileSync(join(dir, 'nb.ipynb'), JSON.stringify({ cells, nbformat: 4, nbformat_minor: 5 }));
}, 120_000);

describe('convlens check', () => {
  it('exits 0 on a correct model', () => {
    const r = convlens(['check', 'examples/lenet.py']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 file checked: 0 error(s)');
  });

  it('reports torch’s message for a Linear that does not match the flatten, with exit status 1', () => {
    const r = convlens(['check', 'models/lenet_bad.py'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^models\/lenet_bad\.py:17:\d+: error [\w-]+: mat1 and mat2 shapes cannot be multiplied \(1x400 and 256x120\)$/m);
  });

  it('writes the JSON contract: version, files, 1-based lines, dims, modules with parameter counts', () => {
    const r = convlens(['check', '--format', 'json', 'examples/lenet.py']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    expect(json.files).toHaveLength(1);
    const file = json.files[0];
    expect(file.path).toBe('examples/lenet.py');
    expect(file.shapes).toContainEqual({ line: 28, name: 'logits', scope: '<module>', shape: [1, 10] });
    expect(file.shapes).toContainEqual({ line: 20, name: 'x', scope: 'LeNet5.forward', shape: [1, 400] });
    expect(file.modules).toEqual([{ name: 'LeNet5', line: 7, params: 61706 }]);
    expect(file.diagnostics).toEqual([]);
  });

  it('walks directories, resolves workspace imports, and maps notebook lines back to cells', () => {
    const r = convlens(['check', '.', '--format=json'], dir);
    expect(r.code).toBe(1);
    const files = JSON.parse(r.stdout).files as { path: string; shapes: { line: number; name: string; shape: unknown; cell?: number }[]; diagnostics: { line: number; cell?: number; code: string }[] }[];
    expect(files.map((f) => f.path)).toEqual(['models/blocks.py', 'models/lenet_bad.py', 'nb.ipynb', 'uses_blocks.py']);
    expect(files[3].shapes).toContainEqual({ line: 5, name: 'y', scope: '<module>', shape: [2, 8, 16, 16] });
    const nb = files[2];
    expect(nb.shapes).toContainEqual({ line: 3, name: 'x', scope: '<module>', shape: [1, 3, 8, 8], cell: 1 });
    expect(nb.shapes).toContainEqual({ line: 2, name: 'y', scope: '<module>', shape: [1, 4, 6, 6], cell: 2 });
    expect(nb.diagnostics).toEqual([expect.objectContaining({ line: 3, cell: 2, code: 'conv-channels', severity: 'error' })]);
  });

  it('applies --input to a model no code calls', () => {
    const src = 'import torch.nn as nn\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.Conv2d(3, 8, 3)\n\n    def forward(self, x):\n        y = self.c(x)\n        return y\n\nnet = Net()\n';
    writeFileSync(join(dir, 'uncalled.py'), src);
    const without = JSON.parse(convlens(['check', 'uncalled.py', '--format', 'json'], dir).stdout).files[0];
    expect(without.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-input', severity: 'information', line: 3 })]);
    const withInput = JSON.parse(convlens(['check', 'uncalled.py', '--format', 'json', '--input', 'Net=B,3,32,32'], dir).stdout).files[0];
    expect(withInput.shapes).toContainEqual({ line: 9, name: 'y', scope: 'Net.forward', shape: ['B', 8, 30, 30] });
    expect(withInput.diagnostics).toEqual([]);
  });

  it('prints a shape table with --shapes', () => {
    const r = convlens(['check', 'examples/lenet.py', '--shapes']);
    expect(r.stdout).toContain('examples/lenet.py:28:1  <module>  logits = [1, 10]');
  });

  it('exits 2 on bad usage', () => {
    expect(convlens([]).code).toBe(2);
    expect(convlens(['check']).code).toBe(2);
    expect(convlens(['check', '--format', 'xml', 'examples']).code).toBe(2);
    expect(convlens(['check', 'no/such/file.py']).code).toBe(2);
    expect(convlens(['frobnicate']).stderr).toContain('usage:');
  });
});

describe('convlens summary', () => {
  it('prints a torchinfo-style markdown table with totals', () => {
    const r = convlens(['summary', 'examples/lenet.py']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## LeNet5');
    expect(r.stdout).toContain('61,706 params · 0.42 M MACs · [1, 1, 32, 32] → [1, 10]');
    expect(r.stdout).toMatch(/\| conv1 \| Conv2d \| \[1, 6, 28, 28\] \| 156 \| 117,600 \| 5×5 \| 1×1 \| 0×0 \| 1×1 \| 5×5 \| 18\.38 KB \|/);
    expect(r.stdout).toMatch(/\| \*\*Total\*\* .*\*\*61,706\*\*/);
  });

  it('prints JSON rows with paths, shapes and parameter counts', () => {
    const json = JSON.parse(convlens(['summary', 'examples/lenet.py', '--format', 'json']).stdout);
    const lenet = json.modules[0];
    expect(lenet).toMatchObject({ name: 'LeNet5', params: 61706, inputShape: [1, 1, 32, 32], outputShape: [1, 10] });
    expect(lenet.rows.map((r: { path: string }) => r.path)).toEqual(['conv1', 'pool', 'conv2', 'fc1', 'fc2', 'fc3']);
    expect(lenet.rows[3]).toMatchObject({ type: 'Linear', params: 48120, outputShape: [1, 120] });
  });
});
