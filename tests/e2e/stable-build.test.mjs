// The build with stable Rust only (scripts/build --stable): the shipped
// build rebuilds std with unstable flags for size, and the widget must
// never depend on them to work. Same page, same Synapse, same counts.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { expectServerCounts } from './support/expect.mjs';

const STABLE = resolve(import.meta.dirname, '../../target/dist-stable');
const SHIPPED = resolve(import.meta.dirname, '../../dist');

let synapse, site, browser;

before(async () => {
  assert.ok(existsSync(STABLE), 'scripts/build --stable has run (scripts/test runs it)');
  synapse = await Synapse.create();
  await seedDeRse(synapse);
  site = await serveStatic(STABLE, {
    rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await synapse?.stop();
});

test('the stable build shows the server’s counts, like the shipped one', async () => {
  const wasmOf = (dir) => readdirSync(resolve(dir, 'matrix-channels')).find((f) => f.endsWith('.wasm'));
  // Two builds, not one served twice: the flags change the wasm.
  assert.notEqual(wasmOf(STABLE), wasmOf(SHIPPED));
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  const rows = await expectServerCounts(page, synapse);
  assert.equal(rows.length, 5);
  assert.deepEqual(errors, []);
});
