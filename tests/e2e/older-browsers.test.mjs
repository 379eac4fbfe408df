// The README's minimum browsers (Chrome/Edge 96, Firefox 79, Safari 15)
// lack APIs Chromium 156 has. Each API newer than those that the loader,
// the glue with loader/early.js, or the wasm's imports could reach is
// deleted here before the page runs (an init script), one at a time, and
// the widget must still show the server's live counts. The page names its
// homeserver, so early.js starts the first requests (issue 27: without
// AbortSignal.timeout it threw at the top of the glue's module and no
// widget mounted). And whatever early.js meets, the glue still loads.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { expectServerCounts } from './support/expect.mjs';
import { startups } from './support/gate.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');

/**
 * What a minimum browser lacks, as a script that removes it: the API, the
 * version that brought it (Chrome, Firefox, Safari).
 */
const REMOVED = {
  'AbortSignal.timeout (103, 100, 16)': 'delete AbortSignal.timeout;',
  'AbortSignal.any (116, 124, 17.4)': 'delete AbortSignal.any;',
  'Array.prototype.at (92, 90, 15.4)': 'delete Array.prototype.at; delete String.prototype.at;',
  'Array.prototype.findLast (97, 104, 15.4)': 'delete Array.prototype.findLast; delete Array.prototype.findLastIndex;',
  'structuredClone (98, 94, 15.4)': 'delete globalThis.structuredClone;',
  'navigator.locks (69, 96, 15.4)': 'delete Navigator.prototype.locks;',
  'Object.hasOwn (93, 92, 15.4)': 'delete Object.hasOwn;',
  'requestIdleCallback (47, 55, none)': 'delete globalThis.requestIdleCallback; delete globalThis.cancelIdleCallback;',
  'all of them at once': null,
};
REMOVED['all of them at once'] = Object.values(REMOVED).filter(Boolean).join(' ');

describe('older browsers', () => {
  let synapse, site, browser;

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    site = await serveStatic(DIST, {
      rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }),
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await synapse?.stop();
  });

  for (const [what, script] of Object.entries(REMOVED)) {
    test(`without ${what}: live counts`, async () => {
      const context = await browser.newContext();
      await context.addInitScript({ content: script });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await startups.run(() => page.goto(site.url));
      const rows = await expectServerCounts(page, synapse);
      assert.equal(rows.length, 5);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('early.js failing in any way does not stop the glue: live counts', async () => {
    // The first summary request of the page is early.js's: it throws.
    const context = await browser.newContext();
    await context.addInitScript({ content: `{
      const fetch = window.fetch;
      let thrown = false;
      window.fetch = function (input, init) {
        if (!thrown && String(input).includes('/room_summary/')) { thrown = true; throw new TypeError('early.js meets a broken fetch'); }
        return fetch.call(this, input, init);
      };
    }` });
    const page = await context.newPage();
    await startups.run(() => page.goto(site.url));
    await expectServerCounts(page, synapse);
    assert.equal(await page.evaluate(() => document.querySelector('matrix-channels').dataset.state), 'live');
    await context.close();
  });
});
