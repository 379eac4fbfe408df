// The release's version, as scripts/version reads it from Cargo.toml: the
// tests compare what the build, the packages and the action say with it.

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const VERSION = execFileSync(resolve(import.meta.dirname, '../../../scripts/version'), { encoding: 'utf8' }).trim();
