// Builds the example Jekyll site (examples/jekyll) with Debian's real Jekyll,
// after copying in what a maintainer copies: the release build's
// dist/matrix-channels/ as assets/matrix-channels/, and Bootstrap 3's CSS.

import { cpSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the site under `baseurl` ('' or '/sub'); returns the output folder.
 * `prepare(source)` may add files first (a snapshot in _data/, say).
 */
export async function buildExampleSite({ baseurl = '', prepare = async () => {} } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'matrix-channels-jekyll-'));
  const source = join(work, 'source');
  const site = join(work, 'site');
  cpSync(join(ROOT, 'examples/jekyll'), source, { recursive: true });
  cpSync(join(ROOT, 'dist/matrix-channels'), join(source, 'assets/matrix-channels'), { recursive: true });
  copyBootstrap(source);
  await prepare(source);
  await jekyllBuild(source, site, { baseurl });
  return site;
}

/**
 * The example site as a maintainer has it before installing the widget: a
 * fresh copy in `source` without the include (_includes/matrix-channels.html)
 * and without assets/matrix-channels/, its pages already wrapping their
 * lists with the include. Bootstrap's CSS is the site's own, copied in.
 */
export function freshExampleSite(source) {
  cpSync(join(ROOT, 'examples/jekyll'), source, { recursive: true });
  rmSync(join(source, '_includes/matrix-channels.html'));
  copyBootstrap(source);
  return source;
}

/** `jekyll build` of `source` into `site`; `env` is the whole environment. */
export async function jekyllBuild(source, site, { baseurl = '', env = process.env } = {}) {
  await promisify(execFile)('jekyll', [
    'build', '--source', source, '--destination', site, '--baseurl', baseurl, '--quiet',
  ], { env: { ...env, JEKYLL_ENV: 'production', LANG: 'C.UTF-8' } });
}

function copyBootstrap(source) {
  copyFileSync(
    join(ROOT, 'node_modules/bootstrap/dist/css/bootstrap.min.css'),
    join(source, 'assets/css/bootstrap.min.css'),
  );
}
