/**
 * Every diagnostic code the engine can report has its docs page (the editor links codes to
 * docs/diagnostics/CODE.md), so a new code without a page fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const codes = new Set<string>();
for (const file of sourceFiles('src/core')) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/fail\(\s*'([a-z0-9-]+)'|code: '([a-z0-9-]+)'/g)) codes.add(m[1] ?? m[2]);
}

describe('diagnostic docs', () => {
  it('finds the codes in the engine', () => {
    expect(codes.size).toBeGreaterThan(30);
    expect(codes).toContain('shape-comment');
    expect(codes).toContain('conv-channels');
  });
  for (const code of [...codes].sort()) {
    it(`documents ${code}`, () => {
      expect(existsSync(`docs/diagnostics/${code}.md`)).toBe(true);
    });
  }
});
