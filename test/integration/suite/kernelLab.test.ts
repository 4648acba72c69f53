import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, extension, openExample, screenshot } from './support/workbench';

/** What `convlens.kernelLab.snapshot` returns (src/extension/kernelLab.ts, KernelLabSnapshot). */
interface Snapshot {
  open: boolean;
  visible: boolean;
  lastFrame?: { backend: string; input: number[]; stages: { id: string; shape: number[] | null; error: string | null }[] };
}

const snapshot = () => vscode.commands.executeCommand<Snapshot>('convlens.kernelLab.snapshot');

/** The lab's last frame, once it draws one that `shows` accepts. */
const frameWhere = (shows: (frame: NonNullable<Snapshot['lastFrame']>) => boolean, what: string) =>
  eventually(async () => {
    const last = (await snapshot()).lastFrame;
    return last && shows(last) ? last : undefined;
  }, what, 20_000);

describe('Kernel Lab', () => {
  it('"ConvLens: Open Kernel Lab" opens the panel and it renders', async () => {
    await openExample('tutorial.py');
    await eventually(() => (extension().isActive ? true : undefined), 'ConvLens to activate');
    assert.equal(await vscode.commands.executeCommand('convlens.openKernelLab'), true);
    const tab = await eventually(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Kernel Lab'),
      'the Kernel Lab tab',
    );
    assert.ok(tab.isActive, 'the lab is the active tab of its group');
    // A frame arrives only if the script ran under the CSP, fetched the sample image from media/ and drew it.
    const frame = await frameWhere(() => true, 'the lab to draw its first frame');
    assert.deepEqual(frame.input, [1, 28, 28]);
    assert.deepEqual(frame.stages.map((s) => [s.id, s.shape, s.error]), [['conv', [1, 26, 26], null]]);
    assert.match(frame.backend, /^(webgl2|wasm-simd|typescript)$/);
    await screenshot('kernel-lab-vscode');
  });

  it('Preview Layer sets the lab to the layer: Conv2d(1, 3, 3, stride=2, padding=1) on 1×28×28 shows 3 maps of 14×14, and again after being hidden', async () => {
    const preview = {
      op: 'Conv2d',
      config: { in_channels: 1, out_channels: 3, kernel_size: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1, bias: true, padding_mode: 'zeros' },
      inputShape: [1, 1, 28, 28],
    };
    assert.equal(await vscode.commands.executeCommand('convlens.previewLayer', preview), true);
    const frame = await frameWhere((last) => last.stages[0]?.shape?.[0] === 3, 'the lab to show the previewed layer');
    assert.deepEqual(frame.stages[0].shape, [3, 14, 14]);

    // Hidden behind an editor, the webview is torn down; previewing again brings it back with the new layer.
    const labTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Kernel Lab');
    assert.ok(labTab);
    const lenet = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'lenet.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(lenet), { viewColumn: labTab.group.viewColumn });
    await eventually(async () => ((await snapshot()).visible ? undefined : true), 'the lab to be hidden');
    const unpadded = { ...preview, config: { ...preview.config, stride: [1, 1], padding: [0, 0] } };
    assert.equal(await vscode.commands.executeCommand('convlens.previewLayer', unpadded), true);
    const shown = await frameWhere((last) => last.stages[0]?.shape?.[1] === 26, 'the lab to come back with the new layer');
    assert.deepEqual(shown.stages[0].shape, [3, 26, 26]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await eventually(async () => ((await snapshot()).open ? undefined : true), 'the lab to close');
  });
});
