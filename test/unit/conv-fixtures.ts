/** Reads the torch golden cases from test/fixtures/conv. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixtureCase, Suite } from './conv-compare';

const fixtureDir = join(__dirname, '..', 'fixtures', 'conv');

export function loadSuite(suite: Suite): FixtureCase[] {
  return (JSON.parse(readFileSync(join(fixtureDir, `${suite}.json`), 'utf8')) as { cases: FixtureCase[] }).cases;
}

