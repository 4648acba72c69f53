// "Copy as PyTorch" reproduces what the lab shows: the code each case's settings produce is the
// code torch ran for the fixture (scripts/gen_lab_fixtures.mjs), and the lab's own pipeline gives
// torch's numbers for it within 1e-4.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../../webview/conv/reference';
import { pixelsToTensor } from '../../webview/lab/images';
import { inputChannels, runPipeline } from '../../webview/lab/pipeline';
import type { LabState } from '../../webview/lab/state';
import { codeFor, labCodeCases, syntheticPicture } from './lab-code-cases';

interface Case {
  name: string;
  state: LabState;
  code: string;
  shape: number[];
  values: number[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'lab', 'pytorch-code.json'), 'utf8')) as { cases: Case[] };

describe('Copy as PyTorch', () => {
  it('covers every case of lab-code-cases.ts (regenerate the fixture after changing them)', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(labCodeCases().map((c) => c.name));
  });

  for (const expected of fixture.cases) {
    it(`${expected.name}: same code as torch ran, same numbers as torch`, () => {
      expect(codeFor(expected.state)).toBe(expected.code);
      const picture = syntheticPicture() as unknown as ImageData;
      const input = pixelsToTensor(picture, inputChannels(expected.state));
      const result = runPipeline(createReferenceBackend(), input, expected.state);
      const last = result.stages.at(-1);
      expect(last?.error).toBeUndefined();
      const output = last?.output ?? input;
      expect([1, output.channels, output.height, output.width]).toEqual(expected.shape);
      let worst = 0;
      output.data.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - expected.values[i]) / Math.max(1, Math.abs(expected.values[i])));
      });
      expect(worst).toBeLessThan(1e-4);
    });
  }
});
