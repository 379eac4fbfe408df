// The first visit's head start (loader/early.js, in the glue): the first
// round's summary requests start as the glue arrives, while the wasm is
// still on its way, and the widget takes their answers instead of asking
// again. Each test holds the wasm back — a phone network's last 300 ms,
// made as long as the test needs — and looks at what the page asked
// meanwhile: only what the widget would ask at once, each room once.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Synapse, SERVER_NAME } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { expectServerCounts } from './support/expect.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');
const GLUE = readdirSync(resolve(DIST, 'matrix-channels')).find((f) => /^matrix-channels-[0-9a-f]+\.js$/.test(f));
const aliasOf = (room) => `#${room.localpart}:${SERVER_NAME}`;
/** The rooms of what a page asked, by their aliases. */
const aliasesAsked = (asked) => asked.map((a) => decodeURIComponent(new URL(a.url).pathname.split('/').pop()));

describe('the first round starts before the wasm has arrived', () => {
  let synapse, browser;
  const sites = [];

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const site of sites) await site.close();
    await synapse?.stop();
  });

  /**
   * The demo page with `attributes` on its widget (the homeserver's by
   * default), then changed by `rewrite`.
   */
  async function site(attributes, rewrite = (html) => html) {
    const served = await serveStatic(DIST, {
      rewriteHtml: (html) => rewrite(withWidgetAttributes(html, attributes ?? { homeserver: synapse.baseUrl })),
    });
    sites.push(served);
    return served;
  }

  /**
   * Opens `url` with the wasm held back. Resolves once the glue — and so
   * early.js — has run, with what the page had asked of the homeserver by
   * then (every call of fetch, counted in the page as it is made) and a
   * function that lets the wasm through.
   */
  async function openHeld(context, url) {
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.addInitScript(() => {
      window.__asked = [];
      const fetch = window.fetch;
      window.fetch = function (input, init) {
        window.__asked.push({ url: String(input?.url ?? input), init: init && { credentials: init.credentials, referrerPolicy: init.referrerPolicy, cache: init.cache } });
        return fetch.call(this, input, init);
      };
    });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/*_bg.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(url);
    // The same module as the loader's import: it resolves once the glue
    // has been evaluated, early.js's top level included.
    await page.evaluate((glue) => import(`/matrix-channels/${glue}`).then(() => true), GLUE);
    const asked = await page.evaluate(() => window.__asked.filter((a) => a.url.includes('/_matrix/')));
    return { page, asked, release };
  }

  test('a cold visit asks for the rooms while the wasm downloads, and each room once', async () => {
    const served = await site();
    const context = await browser.newContext();
    const summaries = [];
    let allAnswered;
    let finishedCount = 0;
    const answered = new Promise((resolve) => { allAnswered = resolve; });
    context.on('request', (request) => request.url().includes('/room_summary/') && summaries.push(request));
    // Answered: the response's status and headers are in (its body is read
    // only by whoever takes it).
    context.on('response', (response) => response.url().includes('/room_summary/')
      && ++finishedCount === ROOMS.length && allAnswered());
    const { page, asked, release } = await openHeld(context, served.url);
    assert.deepEqual(
      aliasesAsked(asked),
      ROOMS.map(aliasOf),
      'the five rooms, in page order, before any wasm',
    );
    for (const { url, init } of asked) {
      assert.equal(new URL(url).origin, synapse.baseUrl, 'only the homeserver the page names');
      assert.deepEqual(init, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' }, 'as anonymous as the widget');
    }
    // Answered while the wasm is still held (a bound, should they never be).
    let bound;
    await Promise.race([answered, new Promise((_, reject) => {
      bound = setTimeout(() => reject(new Error(`only ${finishedCount} of the summaries answered while the wasm was held`)), 20_000);
    })]);
    clearTimeout(bound);
    release();
    await expectServerCounts(page, synapse);
    assert.equal(summaries.length, ROOMS.length, 'one request per room: the widget took the answers');
    for (const request of summaries) {
      const headers = await request.allHeaders();
      assert.equal(headers.cookie, undefined);
      assert.equal(headers.referer, undefined);
    }

    // The next visit has fresh counts in the cache: it asks nothing.
    const again = await openHeld(context, served.url);
    assert.deepEqual(again.asked, [], 'a warm visit asks nothing early');
    again.release();
    await again.page.waitForSelector('matrix-channels .mc-room__count[data-count]');
    await context.close();
  });

  test('only the widgets the loader starts at once ask early: not one far below, not a hidden one', async () => {
    // By the loader's rule (its inView), which early.js follows: shown,
    // and within 400 px of the viewport. The far and the hidden widget
    // name rooms of their own, so an early request for them is seen.
    const widget = (alias, style) => `<matrix-channels homeserver="${synapse.baseUrl}" style="${style}">`
      + `<ul><li><a href="https://matrix.to/#/${encodeURIComponent(alias)}">${alias}</a></li></ul></matrix-channels>`;
    const served = await site(undefined, (html) => html.replace('</matrix-channels>',
      `</matrix-channels>${widget(`#hidden:${SERVER_NAME}`, 'display: none')}`
      + `<div style="height: 5000px"></div>${widget(`#far-below:${SERVER_NAME}`, 'display: block')}`));
    const context = await browser.newContext();
    const { page, asked, release } = await openHeld(context, served.url);
    assert.deepEqual(
      aliasesAsked(asked),
      ROOMS.map(aliasOf),
      'the first widget\'s five rooms only',
    );
    release();
    await expectServerCounts(page, synapse);
    await context.close();
  });

  test('a page that names no homeserver: a warm visit asks nothing, not even .well-known', async () => {
    // The widget finds matrix.org's homeserver through its .well-known,
    // which the test plays: it names this machine's Synapse.
    const served = await site({});
    const context = await browser.newContext();
    let lookups = 0;
    await context.route('https://matrix.org/.well-known/matrix/client', (route) => {
      lookups++;
      route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ 'm.homeserver': { base_url: synapse.baseUrl } }) });
    });
    await context.route('https://matrix.org/_matrix/**', (route) => route.abort());
    const first = await context.newPage();
    await first.goto(served.url);
    await expectServerCounts(first, synapse);
    assert.equal(lookups, 1, 'the first visit looks the homeserver up once');
    await first.close();

    const { page, release } = await openHeld(context, served.url);
    release();
    await page.waitForSelector('matrix-channels .mc-room__count[data-count]');
    // The first round starts with the widget, without waiting for a timer:
    // by the task after the cached counts are shown, whatever it asks has
    // been asked (every fetch call is counted in the page as it is made).
    const asked = await page.evaluate(() => window.__asked.map((a) => a.url).filter((u) => !u.includes('/matrix-channels/')));
    assert.deepEqual(asked, [], 'counts from this browser\'s cache, fresh: nothing to ask');
    assert.equal(lookups, 1);
    await context.close();
  });

  for (const [what, attributes] of [
    ['live="off"', { live: 'off' }],
    ['live="consent"', { live: 'consent' }],
    ['a live value it does not know', { live: 'of' }],
    ['a snapshot', { snapshot: '/nowhere.json' }],
    ['no homeserver named (found per alias, by the wasm)', {}],
    ['a homeserver that is no http(s) URL', { homeserver: 'ftp://127.0.0.1:9' }],
  ]) {
    test(`${what}: nothing is asked before the wasm decides`, async () => {
      const served = await site(what.startsWith('no homeserver') || what.includes('no http')
        ? attributes
        : { homeserver: synapse.baseUrl, ...attributes });
      const context = await browser.newContext();
      // Without a homeserver the wasm looks the alias's server up: this
      // machine's Synapse only plays matrix.org, which is not asked.
      await context.route('https://matrix.org/**', (route) => route.abort());
      const { page, asked, release } = await openHeld(context, served.url);
      assert.deepEqual(asked, [], 'no request before the wasm');
      release();
      await page.waitForSelector('matrix-channels .mc-room');
      await context.close();
    });
  }
});
