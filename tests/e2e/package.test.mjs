// The release artifacts (scripts/package) as a maintainer without Rust
// gets them: the zip and the npm tarball, each installed into a fresh copy
// of the example Jekyll site by the very commands of its INSTALL.md, on a
// PATH with no Rust tool, built with Debian's Jekyll and opened in Chromium
// against a real Synapse; the npm package's folder served from another
// origin as a CDN serves it, under the strict CSP; and packing twice gives
// the same bytes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync,
  utimesSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { cspViolations, launchChromium, recordCspViolations } from './support/browser.mjs';
import { freshExampleSite, jekyllBuild } from './support/jekyll.mjs';
import { expectServerCounts } from './support/expect.mjs';
import { startups } from './support/gate.mjs';
import { VERSION } from './support/version.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
/**
 * bash on the plain PATH. --norc: on a socket for stdin (Node's pipes)
 * bash reads ~/.bashrc even when not interactive, and a developer's adds
 * cargo to the PATH.
 */
const shell = (script, options) => run('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', script], options);
/** A maintainer's machine: the system's tools, none of the project's. */
const PLAIN_PATH = '/usr/bin:/bin';
const RUST_TOOLS = ['cargo', 'rustc', 'rustup', 'trunk', 'wasm-bindgen', 'wasm-opt'];
const HOST = 'matrix-channels, [data-matrix-channels]';

const NAME = `matrix-channels-${VERSION}`;
const ARTIFACTS = [`${NAME}.zip`, `${NAME}.tgz`, `${NAME}-x86_64-unknown-linux-musl`, 'SHA256SUMS'];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const files = (dir) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));

/** The fenced block of `markdown` in `language` that contains `marker`. */
function block(markdown, language, marker) {
  const found = [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))]
    .map((m) => m[1])
    .filter((code) => code.includes(marker));
  assert.equal(found.length, 1, `one ${language} block with ${marker}`);
  return found[0];
}

describe('release artifacts', () => {
  let work, dist, first, second, synapse, browser;
  const closers = [];
  const pointAtSynapse = (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl });

  /** scripts/package from a copy of the release build, into `out`. */
  const pack = (from, out) =>
    run(join(ROOT, 'scripts/package'), [out], {
      cwd: ROOT,
      env: { ...process.env, MATRIX_CHANNELS_DIST: from },
      maxBuffer: 16 * 1024 * 1024,
    });

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'matrix-channels-package-'));
    // The release build as it is now (it may be rebuilt while this runs),
    // and the same bytes with other times and permissions: neither may
    // show in the artifacts.
    dist = join(work, 'dist-a');
    cpSync(join(ROOT, 'dist/matrix-channels'), dist, { recursive: true });
    const touched = join(work, 'dist-b');
    cpSync(dist, touched, { recursive: true });
    for (const f of readdirSync(touched)) {
      utimesSync(join(touched, f), new Date(2031, 4, 6), new Date(2031, 4, 6));
      chmodSync(join(touched, f), 0o600);
    }
    first = join(work, 'first');
    second = join(work, 'second');
    const packed = (async () => {
      await pack(dist, first);
      await pack(touched, second);
    })();
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    browser = await launchChromium();
    await packed;
  });

  after(async () => {
    await browser?.close();
    for (const close of closers) await close();
    await synapse?.stop();
  });

  test('packing twice gives the same bytes', () => {
    const a = files(first);
    const b = files(second);
    assert.deepEqual(Object.keys(a), [...ARTIFACTS].sort());
    assert.deepEqual(Object.keys(b), Object.keys(a));
    for (const name of ARTIFACTS) assert.ok(a[name].equals(b[name]), `${name} differs between two packs`);
    // Both packs reuse one cargo build: the binary's sameness here shows
    // only that; a clean rebuild elsewhere gives the same bytes too (its
    // paths are remapped), checked by hand for this commit.
    const sums = a.SHA256SUMS.toString().trim().split('\n').map((line) => line.split(/ {2}/));
    assert.deepEqual(sums.map(([, name]) => name), ARTIFACTS.filter((n) => n !== 'SHA256SUMS').sort());
    for (const [sum, name] of sums) assert.equal(sum, sha256(a[name]), `SHA256SUMS of ${name}`);
  });

  test('every entry has the one fixed time and a fixed mode', async () => {
    const { stdout: zip } = await run('unzip', ['-Z', '-l', '-T', join(first, `${NAME}.zip`)]);
    const zipEntries = zip.split('\n').filter((line) => /^[d-]r/.test(line));
    assert.ok(zipEntries.length >= 8, zip);
    for (const line of zipEntries) {
      const [mode, , , , , , , time, path] = line.trim().split(/\s+/);
      assert.equal(time, '20000101.000000', `time of ${path}`);
      assert.equal(mode, path.endsWith('/') ? 'drwxr-xr-x' : '-rw-r--r--', `mode of ${path}`);
    }
    const { stdout: tgz } = await run('tar', ['-tvzf', join(first, `${NAME}.tgz`), '--full-time'], { env: { ...process.env, TZ: 'UTC' } });
    const tgzEntries = tgz.trim().split('\n');
    assert.ok(tgzEntries.length >= 8, tgz);
    for (const line of tgzEntries) {
      const [mode, owner, , date, time, path] = line.trim().split(/\s+/);
      assert.equal(`${date} ${time}`, '1985-10-26 08:15:00', `time of ${path} (npm's fixed time)`);
      assert.equal(mode, '-rw-r--r--', `mode of ${path}`);
      assert.equal(owner, '0/0', `owner of ${path}`);
    }
  });

  test('the zip holds the folder, the include, the snapshot page, LICENSE and INSTALL.md', async () => {
    const { stdout } = await run('unzip', ['-Z1', join(first, `${NAME}.zip`)]);
    const entries = stdout.trim().split('\n');
    const folder = Object.keys(files(dist)).map((f) => `${NAME}/matrix-channels/${f}`);
    assert.deepEqual(entries.filter((e) => !e.endsWith('/')), [
      `${NAME}/INSTALL.md`, `${NAME}/LICENSE`, `${NAME}/_includes/matrix-channels.html`,
      `${NAME}/matrix-channels.json`, ...folder,
    ].sort());
    const { stdout: install } = await run('unzip', ['-p', join(first, `${NAME}.zip`), `${NAME}/INSTALL.md`]);
    assert.match(install, new RegExp(`^# Installing matrix-channels ${VERSION.replaceAll('.', '\\.')} `));
    assert.doesNotMatch(install, /@VERSION@|\b(cargo|rustc|trunk)\b/);
  });

  test('the npm package: its package.json, and the folder under dist/', async () => {
    const { stdout } = await run('tar', ['-xzOf', join(first, `${NAME}.tgz`), 'package/package.json']);
    const pkg = JSON.parse(stdout);
    assert.equal(pkg.name, 'matrix-channels');
    assert.equal(pkg.version, VERSION);
    assert.equal(pkg.license, 'MIT');
    assert.equal(pkg.exports['.'], './dist/matrix-channels.js');
    assert.equal(pkg.exports['./dist/*'], './dist/*');
    assert.match(pkg.repository.url, /github\.com\/de-rse\/matrix-channels/);
    const { stdout: list } = await run('tar', ['-tzf', join(first, `${NAME}.tgz`)]);
    assert.deepEqual(
      list.trim().split('\n').filter((e) => e.startsWith('package/dist/')).sort(),
      Object.keys(files(dist)).map((f) => `package/dist/${f}`),
    );
  });

  test('the snapshot tool is a static x86_64 Linux program that runs', async () => {
    const binary = join(first, `${NAME}-x86_64-unknown-linux-musl`);
    // Its ELF header: 64-bit, x86-64 (e_machine 62), and no program
    // interpreter (PT_INTERP, type 3): nothing to load it but the kernel.
    const elf = readFileSync(binary);
    assert.equal(elf.toString('latin1', 0, 4), '\x7fELF');
    assert.equal(elf[4], 2, '64-bit');
    assert.equal(elf.readUInt16LE(18), 62, 'x86-64');
    const [phoff, phentsize, phnum] = [Number(elf.readBigUInt64LE(32)), elf.readUInt16LE(54), elf.readUInt16LE(56)];
    const types = Array.from({ length: phnum }, (_, i) => elf.readUInt32LE(phoff + i * phentsize));
    assert.ok(types.length > 0 && !types.includes(3), `program headers ${types}: an interpreter means dynamic`);
    const { stdout } = await run(binary, ['--help'], { env: { PATH: PLAIN_PATH } });
    assert.match(stdout, /matrix-channels snapshot/);
  });

  /** Fails unless PLAIN_PATH finds the maintainer's tools and no Rust tool. */
  async function expectNoRust() {
    for (const tool of RUST_TOOLS) {
      await assert.rejects(shell(`command -v ${tool}`, { env: { PATH: PLAIN_PATH } }), `${tool} is on ${PLAIN_PATH}`);
    }
    for (const tool of ['jekyll', 'unzip', 'npm', 'tar']) {
      await shell(`command -v ${tool}`, { env: { PATH: PLAIN_PATH } });
    }
  }

  /**
   * A fresh example site in `dir`/my-site, installed by the commands of
   * `install` (an INSTALL.md) in the sh block with `marker`, run in the
   * site's folder on the plain PATH; a page with its Liquid block added;
   * built with Jekyll on the plain PATH. Returns the built site's folder.
   */
  async function installAndBuild(dir, install, marker, { replace = (commands) => commands, env = {} } = {}) {
    const source = freshExampleSite(join(dir, 'my-site'));
    assert.equal(existsSync(join(source, 'assets/matrix-channels')), false);
    assert.equal(existsSync(join(source, '_includes/matrix-channels.html')), false);
    const plain = { PATH: PLAIN_PATH, HOME: dir, ...env };
    await shell(replace(block(install, 'sh', marker)), { cwd: source, env: plain });
    assert.equal(
      readFileSync(join(source, '_includes/matrix-channels.html'), 'utf8'),
      readFileSync(join(ROOT, 'examples/jekyll/_includes/matrix-channels.html'), 'utf8'),
    );
    const liquid = block(install, 'liquid', '{% include matrix-channels.html');
    writeFileSync(join(source, 'installed.md'),
      `---\nlayout: default\ntitle: Installed\npermalink: /installed/\n---\n\n# Our rooms\n\n${liquid}`);
    const site = join(dir, 'site');
    await jekyllBuild(source, site, { env: plain });
    // What the browser gets is exactly the release's folder.
    assert.deepEqual(files(join(site, 'assets/matrix-channels')), files(dist));
    return site;
  }

  /** Opens each path of `url`; expects the server's counts, no page error. */
  async function expectLive(url, paths) {
    for (const [path, rooms] of paths) {
      const { page, context, errors } = await startups.run(async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(url + path);
        await expectServerCounts(page, synapse, HOST);
        return { page, context, errors };
      });
      const shown = await page.locator(`:is(${HOST}) .mc-room`).evaluateAll((rows) => rows.map((r) => r.dataset.room));
      assert.deepEqual(shown, rooms.map((r) => `#${r.localpart}:matrix.org`), path);
      assert.deepEqual(errors, [], path);
      await context.close();
    }
  }

  // INSTALL.md's example list: two of the seeded rooms.
  const INSTALL_ROOMS = ROOMS.filter((r) => /-(general|jobs)$/.test(r.localpart));

  test('the zip, installed as its INSTALL.md says without Rust, gives live counts in Jekyll', async () => {
    await expectNoRust();
    const dir = join(work, 'zip');
    mkdirSync(dir);
    copyFileSync(join(first, `${NAME}.zip`), join(dir, `${NAME}.zip`));
    const { stdout: install } = await run('unzip', ['-p', join(dir, `${NAME}.zip`), `${NAME}/INSTALL.md`]);
    const site = await installAndBuild(dir, install, 'unzip');
    const server = await serveStatic(site, { rewriteHtml: pointAtSynapse });
    closers.push(server.close);
    await expectLive(server.url, [['installed/', INSTALL_ROOMS], ['matrix-chat/', ROOMS]]);
  });

  test('the npm tarball, installed as its INSTALL.md says without Rust, gives live counts in Jekyll', async () => {
    await expectNoRust();
    const dir = join(work, 'npm');
    mkdirSync(dir);
    const { stdout: install } = await run('tar', ['-xzOf', join(first, `${NAME}.tgz`), 'package/INSTALL.md']);
    // The one change: the package comes from the tarball, not the registry.
    const spec = `matrix-channels@${VERSION}`;
    const site = await installAndBuild(dir, install, 'npm install', {
      replace: (commands) => {
        assert.match(commands, new RegExp(`^npm install .*${spec}$`, 'm'));
        return commands.replace(spec, join(first, `${NAME}.tgz`));
      },
      env: {
        npm_config_cache: join(dir, '.npm'),
        npm_config_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      },
    });
    for (const npmFile of ['node_modules', 'package.json', 'package-lock.json']) {
      assert.equal(existsSync(join(site, npmFile)), false, `${npmFile} is not published`);
    }
    const server = await serveStatic(site, { rewriteHtml: pointAtSynapse });
    closers.push(server.close);
    await expectLive(server.url, [['installed/', INSTALL_ROOMS], ['matrix-chat/', ROOMS]]);
  });

  test("the npm package's dist/ from another origin, as a CDN serves it, under the strict CSP", async () => {
    const unpacked = join(work, 'cdn');
    mkdirSync(unpacked);
    await run('tar', ['-xzf', join(first, `${NAME}.tgz`), '-C', unpacked], { env: { PATH: PLAIN_PATH } });
    // jsDelivr's shape of URL, with the CORS header every such CDN sends.
    const cdn = await serveStatic(join(unpacked, 'package'), {
      prefix: `/npm/matrix-channels@${VERSION}/`,
      headers: () => ({ 'access-control-allow-origin': '*' }),
    });
    closers.push(cdn.close);
    const cdnOrigin = new URL(cdn.url).origin;

    // The page: the npm README's snippet, the CDN's address swapped for this one.
    const jsdelivr = `https://cdn.jsdelivr.net/npm/matrix-channels@${VERSION}/`;
    const snippet = block(readFileSync(join(unpacked, 'package/README.md'), 'utf8'), 'html', jsdelivr);
    const pageDir = join(work, 'page');
    mkdirSync(pageDir);
    writeFileSync(join(pageDir, 'index.html'),
      `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Rooms</title></head>\n<body>\n${snippet.replace(jsdelivr, cdn.url)}</body>\n</html>\n`);
    // The README's policy with the CDN added to script-src and style-src. A
    // real CDN is https:, which connect-src allows already (the wasm is
    // fetched); this one is plain http on loopback, so it is named there.
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'wasm-unsafe-eval' ${cdnOrigin}`,
      `style-src 'self' ${cdnOrigin}`,
      `connect-src 'self' https: ${synapse.baseUrl} ${cdnOrigin}`,
    ].join('; ');
    const site = await serveStatic(pageDir, {
      rewriteHtml: pointAtSynapse,
      headers: () => ({ 'content-security-policy': csp }),
    });
    closers.push(site.close);
    assert.notEqual(new URL(site.url).origin, cdnOrigin);

    const { page, context, requests, errors } = await startups.run(async () => {
      const context = await browser.newContext();
      await recordCspViolations(context);
      const page = await context.newPage();
      const requests = [];
      const errors = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      const response = await page.goto(site.url);
      assert.equal(response.headers()['content-security-policy'], csp);
      await expectServerCounts(page, synapse, HOST);
      return { page, context, requests, errors };
    });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    const widgetFiles = requests.filter((u) => /\.(js|wasm|css)$/.test(new URL(u).pathname));
    assert.deepEqual(
      widgetFiles.map((u) => new URL(u).pathname.split('/').pop()).sort(),
      Object.keys(files(dist)),
      'the loader, the glue, the wasm and the stylesheet',
    );
    assert.ok(widgetFiles.every((u) => u.startsWith(`${cdn.url}dist/`)), `all from the CDN: ${widgetFiles.join(', ')}`);
    await context.close();
  });
});
