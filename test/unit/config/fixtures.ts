/** Reads the config fixtures (copies kept in the repo; tests never read ../shared). */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** out/test/unit/config → repo root. */
export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/config');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('.conf')).sort();
}
