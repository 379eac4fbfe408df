// The test pages of tests/e2e/pages, with the release build's folder next
// to them, in a fresh directory.

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export function fixturePages() {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-channels-pages-'));
  cpSync(join(ROOT, 'tests/e2e/pages'), dir, { recursive: true });
  cpSync(join(ROOT, 'dist/matrix-channels'), join(dir, 'matrix-channels'), { recursive: true });
  return dir;
}
