import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, extension, openExample } from './support/workbench';

interface ContributedCommand {
  command: string;
  category?: string;
}

describe('commands', () => {
  it('registers every command the manifest contributes, under the ConvLens category', async () => {
    await openExample('tutorial.py');
    await eventually(() => (extension().isActive ? true : undefined), 'ConvLens to activate');
    const contributed: ContributedCommand[] = extension().packageJSON.contributes.commands;
    assert.ok(contributed.length > 0, 'the manifest contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter(({ command }) => !registered.has(command)).map(({ command }) => command);
    assert.deepEqual(missing, [], 'contributed commands with no handler registered');
    for (const { command, category } of contributed) assert.equal(category, 'ConvLens', `category of ${command}`);
  });
});
