import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { REPO } from './project.js';

/**
 * Compares `actual` with the golden file `test/golden/<name>`. With
 * `UPDATE_GOLDEN=1` (refused in CI) it writes the file instead, for a person
 * to read the diff and commit.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(REPO, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (process.env.CI === 'true') throw new Error('UPDATE_GOLDEN is refused in CI: golden files are compared, never regenerated');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file test/golden/${name} is missing; run UPDATE_GOLDEN=1 npx vitest run test/golden and review it`);
  expect(actual, `differs from test/golden/${name} (UPDATE_GOLDEN=1 to accept after reading the diff)`).toBe(readFileSync(file, 'utf8'));
}
