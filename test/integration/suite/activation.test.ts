import * as assert from 'node:assert/strict';
import { eventually, extension, openExample } from './support/workbench';

describe('activation', () => {
  it('activates when a Python file is opened', async () => {
    const editor = await openExample('tutorial.py');
    assert.equal(editor.document.languageId, 'python');
    await eventually(() => (extension().isActive ? true : undefined), 'ConvLens to activate');
  });
});
