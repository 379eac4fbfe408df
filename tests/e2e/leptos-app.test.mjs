// End to end: examples/leptos-app, a Leptos app that uses the widget as
// the MatrixChannels component (built by scripts/build-leptos-app), in
// headless Chromium against a real Synapse seeded like de-RSE's space.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Synapse, SERVER_NAME } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { expectServerCounts } from './support/expect.mjs';

const APP = resolve(import.meta.dirname, '../../examples/leptos-app/dist');

describe('a Leptos app with the MatrixChannels component', () => {
  let synapse, site, browser;

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    site = await serveStatic(APP);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await synapse?.stop();
  });

  test('shows the rooms its props name, with exactly the server’s member counts', async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}?homeserver=${encodeURIComponent(synapse.baseUrl)}`);
    const rows = await expectServerCounts(page, synapse, '.mc-widget');
    assert.deepEqual(
      rows.map((row) => row.alias),
      ROOMS.map((room) => `#${room.localpart}:${SERVER_NAME}`),
    );
    // The server's names, the app's heading above, the widget's lines below.
    assert.deepEqual(rows.map((row) => row.name), ROOMS.map((room) => room.name));
    assert.equal(await page.locator('main > h1').textContent(), 'Our Matrix rooms');
    assert.match(await page.locator('.mc-widget .mc-updated').textContent(), /^Member counts updated/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
