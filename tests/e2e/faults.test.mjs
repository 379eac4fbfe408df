// Broken and hostile servers, bad markup, many tabs: in each case the
// visitor keeps the links and the last counts, the widget recovers by
// itself, and no room is asked about more than once per refresh interval.
// Real Synapse behind a fault-injecting proxy, headless Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { expectServerCounts } from './support/expect.mjs';
import { FAULTS, faultProxy } from './support/fault-proxy.mjs';
import { fixturePages } from './support/fixtures.mjs';
import { startups } from './support/gate.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');
const REFRESH_S = 30;
const INTERVAL_MS = REFRESH_S * 1000;
// A failed round comes within one interval; the first retry one interval
// (plus up to a quarter of jitter) later; a request may take the 3 s
// time-out; and the 429 asks for 40 s.
const ROUND_MS = INTERVAL_MS + 3_000 + 7_000;
const RETRY_MS = INTERVAL_MS * 1.25 + 40_000;
const aliasOf = (room) => `#${room.localpart}:matrix.org`;

/**
 * Every room's requests are at least one interval apart; after a 429 that
 * asked for 40 s, at least 40 s.
 */
function assertSpacing(requests, label) {
  const byRoom = new Map();
  for (const r of requests) byRoom.set(r.alias, [...(byRoom.get(r.alias) ?? []), r]);
  for (const [alias, list] of byRoom) {
    for (let i = 1; i < list.length; i++) {
      const apart = list[i].at - list[i - 1].at;
      const gap = list[i - 1].fault === '429' ? 40_000 : INTERVAL_MS;
      assert.ok(apart >= gap - 50, `${label}: ${alias} asked twice within ${apart} ms`);
    }
  }
}

describe('faults, hostile data and many tabs', { concurrency: true }, () => {
  let synapse, browser;
  const closers = [];

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const close of closers) await close();
    await synapse?.stop();
  });

  /** A proxy in front of Synapse, and the demo page pointed at it. */
  async function siteBehindProxy(attributes = {}) {
    const proxy = await faultProxy(synapse.baseUrl);
    closers.push(proxy.close);
    const site = await serveStatic(DIST, {
      rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: proxy.url, refresh: REFRESH_S, ...attributes }),
    });
    closers.push(site.close);
    return { proxy, url: site.url };
  }

  /**
   * A fresh tab on `url`, once its widget shows the server's counts. The
   * tests run at once, but start their pages through the start-up gate:
   * compiling the wasm and mounting is the CPU work two cores cannot do
   * for every test at the same moment. The pages ask with a 3 s time-out
   * (the faults' own), and the other tests' faults keep both cores and
   * Synapse busy: a first round can time out before any fault of this
   * test's, and the widget then asks again after its backoff, so the wait
   * for "live" allows that second round.
   */
  async function liveTab(url) {
    return startups.run(async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
      await page.goto(url);
      await expectServerCounts(page, synapse, 'matrix-channels', { timeout: RETRY_MS });
      return { page, context };
    });
  }

  /** `load` (a goto or a reload) and the counts after it, through the gate. */
  const started = (load, check) => startups.run(async () => { await load(); return check(); });

  const shownCounts = (page) =>
    page.locator('.mc-room__count').evaluateAll((els) => els.map((e) => e.dataset.count ?? null));

  for (const fault of [...FAULTS, 'offline']) {
    test(`${fault}: counts stay, marked not current; recovery by itself; polite`, async () => {
      const { proxy, url } = await siteBehindProxy({ timeout: 3 });
      const { page, context } = await liveTab(url);
      const before = await shownCounts(page);
      assert.equal(before.length, ROOMS.length);

      if (fault === 'offline') await context.setOffline(true);
      else proxy.setFault(fault);
      // Every room's request of the round fails, all at once (with a
      // hang, each after the 3 s time-out).
      await page.waitForFunction((n) => document.querySelectorAll('.mc-badge--stale').length === n, ROOMS.length,
        { timeout: ROUND_MS });
      assert.equal(await page.getAttribute('matrix-channels', 'data-state'), 'stale');
      assert.deepEqual(await shownCounts(page), before, 'the last counts stay');
      assert.equal(await page.locator('.mc-badge--stale').count(), ROOMS.length, 'each marked not current');
      assert.equal(await page.locator('.mc-room__name').count(), ROOMS.length, 'every link stays');
      if (fault === 'huge') {
        const huge = proxy.requests.filter((r) => r.fault === 'huge');
        // The widget shows the failure as soon as it stops reading; the
        // hang-up reaches the proxy a moment later.
        await Promise.all(huge.map((r) => r.finished));
        // The widget reads 256 KiB and hangs up, so the proxy, which writes
        // only as fast as the browser reads, never gets to the end of its
        // 50 MB. (A widget reading on would take it all in about a second.)
        assert.ok(huge.length > 0 && huge.every((r) => r.hungUp),
          `the browser hung up on every huge body: ${JSON.stringify(huge.map((r) => [r.bytesSent, r.hungUp]))}`);
        console.log(`# huge bodies: bytes sent before the hang-up ${huge.map((r) => r.bytesSent).join(', ')}`);
      }

      if (fault === 'offline') await context.setOffline(false);
      else proxy.setFault(null);
      await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: RETRY_MS });
      await expectServerCounts(page, synapse);
      assertSpacing(proxy.requests, fault);
      await context.close();
    });
  }

  test('a homeserver that does not know the stable path is asked the unstable ones, once each', async () => {
    // Synapse answers all three paths; the proxy plays an older server by
    // refusing the stable one the way Synapse refuses unknown endpoints.
    const { url } = await siteBehindProxy();
    const context = await browser.newContext();
    const page = await context.newPage();
    const paths = [];
    await page.route('**/_matrix/client/v1/room_summary/**', (route) => {
      paths.push('stable');
      route.fulfill({ status: 404, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' }) });
    });
    page.on('request', (r) => r.url().includes('im.nheko.summary') && paths.push('unstable'));
    await started(() => page.goto(url), () => expectServerCounts(page, synapse));
    // One widget, five rooms, up to six at a time: the rooms in flight
    // before the first answer try the stable path; once one answers, the
    // others go straight to the unstable path.
    assert.ok(paths.filter((p) => p === 'stable').length <= ROOMS.length, paths.join(' '));
    assert.equal(paths.filter((p) => p === 'unstable').length, ROOMS.length);
    await context.close();
  });

  test('two tabs share one request per room, and a reload asks nothing while counts are fresh', async () => {
    const { proxy, url } = await siteBehindProxy();
    const context = await browser.newContext();
    // The Web Locks each page asks for, by name: a room's is its cache key.
    await context.addInitScript(() => {
      window.__roomLocks = 0;
      const request = LockManager.prototype.request;
      LockManager.prototype.request = function (name, ...rest) {
        if (String(name).startsWith('matrix-channels:v1:')) window.__roomLocks++;
        return request.call(this, name, ...rest);
      };
    });
    const roomLocks = (page) => page.evaluate(() => window.__roomLocks);
    const first = await context.newPage();
    await started(() => first.goto(url), () => expectServerCounts(first, synapse));
    assert.equal(proxy.requests.length, ROOMS.length);
    assert.equal(await roomLocks(first), 0, 'rooms this browser never saw are asked without their locks');

    const second = await context.newPage();
    await started(() => second.goto(url), () => expectServerCounts(second, synapse));
    await started(() => first.reload(), () => expectServerCounts(first, synapse));
    assert.equal(proxy.requests.length, ROOMS.length, 'the second tab and the reload asked nothing');
    assert.equal((await roomLocks(first)) + (await roomLocks(second)), 0, 'fresh answers are read without the locks');

    // What one tab writes, the other shows at once (its `storage` event),
    // without asking: a count only the second tab's write can have brought.
    const written = await second.evaluate((key) => {
      const value = localStorage.getItem(key).replace(/"num_joined_members":\d+/, '"num_joined_members":4242');
      localStorage.setItem(key, value);
      return value.includes('4242');
    }, `matrix-channels:v1:${aliasOf(ROOMS[0])}`);
    assert.ok(written, 'the cached entry holds a member count');
    await first.waitForFunction(
      (alias) => document.querySelector(`[data-room="${alias}"] .mc-room__count`)?.dataset.count === '4242',
      aliasOf(ROOMS[0]),
      // Well before the first tab's next round (an interval after its
      // reload), which would read the same entry from the cache.
      { timeout: INTERVAL_MS / 3 },
    );
    assert.equal(proxy.requests.length, ROOMS.length, 'the other tab learnt it without asking');

    // One refresh later: one more request per room between both tabs.
    const newcomer = await synapse.register('tab-newcomer');
    await synapse.join(newcomer, aliasOf(ROOMS[1]));
    for (const page of [first, second]) {
      await page.waitForFunction(
        ([alias, count]) => document.querySelector(`[data-room="${alias}"] .mc-room__count`)?.dataset.count === count,
        [aliasOf(ROOMS[1]), String(ROOMS[1].members + 1)],
        { timeout: ROUND_MS + 10_000 },
      );
    }
    assert.equal(proxy.requests.length, 2 * ROOMS.length, 'one request per room per interval for both tabs');
    assert.ok((await roomLocks(first)) + (await roomLocks(second)) >= ROOMS.length,
      'rooms with an older answer are asked under their locks');
    assertSpacing(proxy.requests, 'two tabs');
    await context.close();
  });

  test('hostile names, topics and aliases stay text, shortened, linking only to matrix.to', async () => {
    const bot = await synapse.register('hostile-bot');
    const hostile = [
      { alias: 'evil-html', name: '<img src=x onerror="window.pwned=1">', topic: '<script>window.pwned=1</script>' },
      { alias: 'evil-js', name: 'javascript:alert(1)', topic: '[click](javascript:alert(1)) <a href="javascript:alert(1)">x</a>' },
      { alias: 'evil-rtl', name: 'abc\u202Egpj.exe', topic: 'zero\u200Bwidth and \u2066isolate\u2069' },
      { alias: 'evil-long', name: 'N'.repeat(500), topic: 'word '.repeat(2000) },
      { alias: 'emoji', name: '👩‍🔬 Forschung é̀ ǹ', topic: 'مرحبا 😀 combining a\u0301\u0302\u0303' },
      { alias: 'räume-für-alle', name: 'Räume für alle', topic: 'Non-ASCII alias' },
    ];
    for (const room of hostile) {
      await synapse.api('POST', '/_matrix/client/v3/createRoom', {
        token: bot,
        body: { preset: 'public_chat', room_alias_name: room.alias, name: room.name, topic: room.topic },
      });
    }
    const pages = fixturePages();
    writeFileSync(join(pages, 'hostile.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels id="hostile" loading="eager" rooms="${hostile.map((r) => `#${r.alias}:matrix.org`).join(', ')}"></matrix-channels>
      </body></html>`);
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss(); });
    await started(() => page.goto(site.url + 'hostile.html'), () => expectServerCounts(page, synapse, '#hostile'));
    const seen = await page.evaluate(() => ({
      pwned: 'pwned' in window,
      injected: document.querySelectorAll('#hostile img, #hostile script, #hostile iframe').length,
      hrefs: [...document.querySelectorAll('#hostile .mc-widget a')].map((a) => a.href),
      rows: [...document.querySelectorAll('#hostile .mc-room')].map((li) => ({
        name: li.querySelector('.mc-room__name').textContent,
        description: li.querySelector('.mc-room__description')?.textContent ?? '',
        title: li.querySelector('.mc-room__description')?.title ?? '',
      })),
    }));
    assert.equal(seen.pwned, false);
    assert.equal(seen.injected, 0);
    assert.equal(dialogs, 0);
    assert.ok(seen.hrefs.every((h) => h.startsWith('https://matrix.to/#/')), seen.hrefs.join(' '));
    assert.ok(seen.hrefs.includes('https://matrix.to/#/#r%C3%A4ume-f%C3%BCr-alle:matrix.org'));
    assert.equal(seen.rows[0].name, '<img src=x onerror="window.pwned=1">');
    assert.equal(seen.rows[2].name, 'abcgpj.exe', 'the right-to-left override is dropped');
    const long = seen.rows[3];
    assert.ok(long.name.length <= 80 && long.name.endsWith('…'));
    assert.ok(long.description.length <= 300 && long.description.endsWith('…'));
    assert.ok(long.title.length > 1000, 'the full text is in the title');
    assert.equal(seen.rows[4].name, '👩‍🔬 Forschung é̀ ǹ');
    await context.close();
  });

  test('bad markup: 1,000 links, duplicates, broken and foreign links; the cap; other widgets unaffected', async () => {
    const links = [];
    for (let i = 0; i < 600; i++) links.push(`<p><a href="https://matrix.to/#/#room-${i}:matrix.org">Room ${i}</a>: number ${i}</p>`);
    for (let i = 0; i < 200; i++) links.push(`<p><a href="https://matrix.to/#/#room-${i}:matrix.org">Again ${i}</a></p>`);
    for (let i = 0; i < 100; i++) links.push(`<p><a href="https://example.org/${i}">elsewhere</a> <a href="javascript:void(${i})">js</a></p>`);
    for (let i = 0; i < 100; i++) links.push(`<p><a href="https://matrix.to/#/#broken-${i}">broken ${i}</a></p>`);
    const pages = fixturePages();
    writeFileSync(join(pages, 'bad-markup.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels id="normal" loading="eager"><p><a href="${'https://matrix.to/#/' + aliasOf(ROOMS[0])}">general</a></p></matrix-channels>
      <matrix-channels id="huge" loading="eager">${links.join('\n')}</matrix-channels>
      <matrix-channels id="empty" loading="eager"><p>No rooms, <a href="https://element.io">a client</a>.</p></matrix-channels>
      </body></html>`);
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    // Room for every request in the resource timeline (250 by default).
    await page.addInitScript(() => performance.setResourceTimingBufferSize(10_000));
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await started(() => page.goto(site.url + 'bad-markup.html'), async () => {
      await expectServerCounts(page, synapse, '#normal');
      await page.waitForSelector('#huge[data-state="live"]', { timeout: 60_000 });
    });
    assert.equal(await page.locator('#huge .mc-room').count(), 500);
    assert.equal(await page.locator('#huge .mc-room').first().getAttribute('data-room'), '#room-0:matrix.org');
    // 500 rooms, one request each, never more than six in flight: a new
    // one starts only after an earlier one's response has ended.
    const [requested, mostInFlight] = await page.evaluate(() => {
      const ours = performance.getEntriesByType('resource').filter((e) => e.name.includes('%23room-'));
      const edges = ours.flatMap((e) => [[e.startTime, 1], [e.responseEnd, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let now = 0;
      let most = 0;
      for (const [, step] of edges) most = Math.max(most, (now += step));
      return [new Set(ours.map((e) => e.name)).size, most];
    });
    assert.equal(requested, 500, 'one summary request per room');
    assert.equal(mostInFlight, 6, 'six requests in flight at most, and the cap used');
    const broken = warnings.filter((w) => w.includes('#broken-'));
    assert.equal(broken.length, 100, 'one warning per broken link');
    assert.equal(warnings.filter((w) => w.includes('at most 500 rooms')).length, 1, 'one warning for the cap');
    assert.ok(!warnings.some((w) => w.includes('example.org') || w.includes('javascript:')), 'foreign links are not warned about');
    assert.equal(await page.locator('#empty a').count(), 1, 'the element without rooms is left as it was');
    assert.equal(await page.locator('#empty').getAttribute('data-state'), null);
    await context.close();
  });

  // Discovery: one failed .well-known lookup (a time-out) was remembered
  // for the page's life, and the widget asked the fallback for good. Now
  // only answers are kept: the next round asks again, and gets through.
  test('a .well-known lookup that hangs once is asked again on the next round', async () => {
    const pages = fixturePages();
    writeFileSync(join(pages, 'discovery.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels loading="eager" refresh="${REFRESH_S}">
      <p><a href="https://matrix.to/#/${aliasOf(ROOMS[0])}">general</a></p>
      <p><a href="https://matrix.to/#/${aliasOf(ROOMS[2])}">jobs</a></p></matrix-channels></body></html>`);
    const site = await serveStatic(pages);
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    let lookups = 0;
    // matrix.org is played by the test: its .well-known hangs the first
    // time (the widget gives up after its 10 s), then names the local
    // Synapse; the fallback, https://matrix.org itself, refuses at once.
    await page.route('https://matrix.org/.well-known/matrix/client', (route) => {
      if (++lookups === 1) return;
      route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ 'm.homeserver': { base_url: synapse.baseUrl } }) });
    });
    await page.route('https://matrix.org/_matrix/**', (route) => route.abort());
    await started(() => page.goto(site.url + 'discovery.html'),
      () => page.waitForSelector('matrix-channels[data-state="error"]', { timeout: 30_000 }));
    // The failed round's backoff is one interval and up to a quarter more.
    await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: INTERVAL_MS * 1.25 + 15_000 });
    await expectServerCounts(page, synapse);
    assert.equal(lookups, 2, 'asked again once after the failure, then remembered');
    await context.close();
  });

  // Consent was one key for the whole origin: yes to one widget's server was
  // yes to every widget's, whatever server it contacts (on user.github.io,
  // many sites share an origin). And with a snapshot, the button named the
  // alias's server, though the site's homeserver is another.
  test('live="consent" is kept per homeserver, and names the snapshot’s homeserver', async () => {
    const port = new URL(synapse.baseUrl).port;
    const other = `http://localhost:${port}`;
    const pages = fixturePages();
    writeFileSync(join(pages, 'consents.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels id="a" loading="eager" live="consent" homeserver="${synapse.baseUrl}" rooms="${aliasOf(ROOMS[0])}"></matrix-channels>
      <matrix-channels id="b" loading="eager" live="consent" homeserver="${other}" rooms="${aliasOf(ROOMS[1])}"></matrix-channels>
      <matrix-channels id="c" loading="eager" live="consent" snapshot="rooms.json"><p>The rooms</p></matrix-channels>
      </body></html>`);
    // #c's snapshot names the homeserver by another host than #a's, as #b
    // does: consent to #a is none to #b or #c.
    writeFileSync(join(pages, 'rooms.json'), JSON.stringify({
      schema: 1, generated_at: '2026-01-01T00:00:00Z', generated_at_ms: 1767225600000, homeserver: other, source: 'hierarchy', space: null,
      rooms: [{ alias: aliasOf(ROOMS[2]), link: `https://matrix.to/#/${aliasOf(ROOMS[2])}`, name: ROOMS[2].name, member_count: 1 }],
    }));
    const site = await serveStatic(pages);
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    const button = (id) => page.locator(`#${id} .mc-consent__button`);
    await started(() => page.goto(site.url + 'consents.html'), () => button('c').waitFor());
    const ask = `Show live member counts — connects to localhost:${port}`;
    assert.equal(await button('c').textContent(), ask, 'the snapshot’s homeserver');
    assert.equal(await button('b').textContent(), ask);
    await button('a').click();
    await page.waitForSelector('#a[data-state="live"]');
    // A reload remembers #a's server, and only that one.
    requests.length = 0;
    await page.reload();
    await page.waitForSelector('#a[data-state="live"]');
    await button('b').waitFor();
    await button('c').waitFor();
    assert.equal(await button('b').textContent(), ask, '#b not agreed to');
    assert.equal(await button('c').textContent(), ask, '#c not agreed to');
    assert.deepEqual(requests.filter((u) => u.startsWith(other)), [], 'nothing asked of the server nobody agreed to');
    // #c, agreed to, asks the snapshot's homeserver directly: no discovery.
    await button('c').click();
    assert.equal(await button('c').textContent(), 'Stop live member counts');
    await page.waitForSelector('#c[data-state="live"]');
    await expectServerCounts(page, synapse, '#c');
    assert.ok(!requests.some((u) => u.includes('.well-known')), 'no discovery request');
    await context.close();
  });

  // With no homeserver named, the button named the rooms' server name, and
  // one click sent the summaries wherever its .well-known pointed: a host
  // the visitor was never told of (issue 27, item 4).
  test('live="consent" without a homeserver: the button names the host .well-known points at before any summary goes there', async () => {
    const pages = fixturePages();
    writeFileSync(join(pages, 'delegated.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels loading="eager" live="consent">
      <p><a href="https://matrix.to/#/${aliasOf(ROOMS[0])}">general</a></p>
      <p><a href="https://matrix.to/#/${aliasOf(ROOMS[2])}">jobs</a></p></matrix-channels></body></html>`);
    const site = await serveStatic(pages);
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    // matrix.org is played by the test: its .well-known names the local
    // Synapse, another host (the page is on loopback, so a loopback base
    // URL is taken).
    const host = new URL(synapse.baseUrl).host;
    const lookups = [];
    const summaries = [];
    await context.route('https://matrix.org/.well-known/matrix/client', (route) => {
      lookups.push(route.request().url());
      route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify({ 'm.homeserver': { base_url: synapse.baseUrl } }) });
    });
    await context.route('https://matrix.org/_matrix/**', (route) => route.abort());
    page.on('request', (r) => r.url().startsWith(synapse.baseUrl) && summaries.push(r.url()));
    const button = page.locator('.mc-consent__button');
    await started(() => page.goto(site.url + 'delegated.html'), () => button.waitFor());
    assert.equal(await button.textContent(), 'Show live member counts — connects to matrix.org');
    assert.deepEqual(lookups, [], 'nothing asked before the click');
    await button.click();
    // Discovery goes to the host named; the summaries' host is named next.
    await page.waitForFunction((text) => document.querySelector('.mc-consent__button')?.textContent === text,
      `Show live member counts — connects to ${host}`, { timeout: 20_000 });
    assert.equal(lookups.length, 1);
    await page.waitForTimeout(1_000);
    assert.deepEqual(summaries, [], `no summary request to ${host} before the visitor agrees to it`);
    await button.click();
    await expectServerCounts(page, synapse);
    assert.equal(await button.textContent(), 'Stop live member counts');
    // A reload remembers both: live counts without a click.
    await started(() => page.reload(), () => page.waitForSelector('matrix-channels[data-state="live"]', { timeout: 20_000 }));
    assert.equal(await button.textContent(), 'Stop live member counts');
    // Stopping forgets both: after a reload, nothing is asked before a click.
    await button.click();
    lookups.length = 0;
    summaries.length = 0;
    await started(() => page.reload(), () => button.waitFor());
    await page.waitForTimeout(1_000);
    assert.equal(await button.textContent(), 'Show live member counts — connects to matrix.org');
    assert.deepEqual([...lookups, ...summaries], [], 'nothing asked after the visitor stopped live counts');
    await context.close();
  });

  // A snapshot is a file of the page's own site; a redirect must not turn
  // it into another site's (whose names, counts and avatar paths the
  // widget would then show as the site's).
  test('a snapshot that redirects to another site is refused: the page’s own rooms, with a warning', async () => {
    const elsewhere = fixturePages();
    writeFileSync(join(elsewhere, 'planted.json'), JSON.stringify({
      schema: 1, generated_at: '2026-01-01T00:00:00Z', generated_at_ms: 1767225600000, homeserver: synapse.baseUrl, source: 'hierarchy', space: null,
      rooms: [{ alias: aliasOf(ROOMS[4]), link: `https://matrix.to/#/${aliasOf(ROOMS[4])}`, name: 'Planted', member_count: 999 }],
    }));
    const other = await serveStatic(elsewhere, { headers: () => ({ 'access-control-allow-origin': '*' }) });
    closers.push(other.close);
    const pages = fixturePages();
    writeFileSync(join(pages, 'moved.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels loading="eager" snapshot="moved.json">
      <p><a href="https://matrix.to/#/${aliasOf(ROOMS[0])}">general</a>: ours</p></matrix-channels></body></html>`);
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/moved.json', (route) => route.fulfill({ status: 302, headers: { location: `${other.url}planted.json` } }));
    const warnings = [];
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const rows = await started(() => page.goto(site.url + 'moved.html'), () => expectServerCounts(page, synapse));
    assert.deepEqual(rows.map((r) => r.alias), [aliasOf(ROOMS[0])], 'the page’s own room, not the planted one');
    assert.ok(warnings.some((w) => w.includes('moved.json') && w.includes('another site')), warnings.join('\n'));
    await context.close();
  });

  // Other scripts of the site may keep many keys in localStorage. The cache
  // counted them toward its own cap of 600 and pruned on every write: with
  // 700 foreign keys and 500 rooms, a pass over all keys and a parse of each
  // of ours per write. Counted here in storage calls, which do not depend on
  // the machine's speed; the longest task is printed.
  test('700 foreign keys in localStorage: 500 rooms cost one pass over the keys, not one per room', async () => {
    const links = [];
    for (let i = 0; i < 500; i++) links.push(`<p><a href="https://matrix.to/#/#crowd-${i}:matrix.org">Room ${i}</a></p>`);
    const pages = fixturePages();
    writeFileSync(join(pages, 'crowded.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels id="crowd" loading="eager">${links.join('\n')}</matrix-channels></body></html>`);
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        for (let i = 0; i < 700; i++) localStorage.setItem(`another-script:${i}`, JSON.stringify({ i }));
      }
      window.storageCalls = { key: 0, getItem: 0 };
      for (const name of ['key', 'getItem']) {
        const original = Storage.prototype[name];
        Storage.prototype[name] = function (...args) {
          if (this === window.localStorage) window.storageCalls[name]++;
          return original.apply(this, args);
        };
      }
      window.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await started(() => page.goto(site.url + 'crowded.html'),
      () => page.waitForSelector('#crowd[data-state="live"]', { timeout: 120_000 }));
    const { calls, longest, ours, theirs } = await page.evaluate(() => ({
      calls: window.storageCalls,
      longest: window.longestTask,
      ours: Object.keys(localStorage).filter((k) => k.startsWith('matrix-channels:v1:')).length,
      theirs: Object.keys(localStorage).filter((k) => k.startsWith('another-script:')).length,
    }));
    console.log(`# 700 foreign keys, 500 rooms: ${calls.key} key() and ${calls.getItem} getItem() calls; longest task ${Math.round(longest)} ms`);
    assert.equal(theirs, 700, 'nobody else’s keys are touched');
    assert.equal(ours, 500, 'one entry per room, none pruned');
    assert.ok(calls.key <= 2 * 1200, `one pass over the keys, not one per write: ${calls.key} key() calls`);
    assert.ok(calls.getItem <= 3 * 500, `a read per room, not a parse of every entry per write: ${calls.getItem} getItem() calls`);
    await context.close();
  });

  // A trap, a JavaScript exception thrown out of the wasm (a binding that
  // throws leaves the wasm half-way through a call), a stack overflow: each
  // leaves the shared instance unusable, and each must give every widget its
  // page's list back. The exception is a real one: the glue's mount called
  // with a number throws from inside the wasm. The others are raised by
  // hand, the way the browser reports them.
  const deaths = {
    'a trap (WebAssembly.RuntimeError)': () => {
      window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));
    },
    'a JavaScript exception thrown out of the wasm': async (glue) => {
      const widget = await import(glue);
      setTimeout(() => widget.mount(42));
    },
    'a stack overflow (RangeError)': (glue) => {
      const overflow = new RangeError('Maximum call stack size exceeded');
      overflow.stack = `RangeError: Maximum call stack size exceeded\n    at wasm://wasm/0:wasm-function[7]:0x1\n    at mount (${glue}:1:1)`;
      window.dispatchEvent(new ErrorEvent('error', { error: overflow }));
    },
  };

  /** The two-widget page, live; the URL of its glue. */
  async function twoWidgets() {
    const pages = fixturePages();
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    await started(() => page.goto(site.url + 'two-widgets.html'), () => expectServerCounts(page, synapse, '#second'));
    const glue = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name).find((n) => /matrix-channels-[0-9a-f]+\.js$/.test(n)));
    assert.ok(glue, 'the glue was loaded');
    return { page, context, glue };
  }

  for (const [death, cause] of Object.entries(deaths)) {
    test(`if the wasm instance dies of ${death}, every widget gets the page’s own list back`, async () => {
      const { page, context, glue } = await twoWidgets();
      await page.evaluate(`(${cause})(${JSON.stringify(glue)})`);
      // #first had only a rooms attribute: restored, it is empty, so hidden.
      await page.waitForSelector('#second[data-state="error"]');
      await page.waitForSelector('#first[data-state="error"]', { state: 'attached' });
      assert.equal(await page.locator('#first .mc-widget').count(), 0);
      const restored = await page.locator('#second').evaluate((el) => ({
        widget: el.querySelectorAll('.mc-widget').length,
        links: [...el.querySelectorAll('a')].map((a) => a.textContent),
        text: el.textContent.replace(/\s+/g, ' ').trim(),
      }));
      assert.deepEqual(restored.links, ['deRSE-general', 'deRSE-jobs']);
      assert.equal(restored.widget, 0);
      assert.match(restored.text, /deRSE-general: General\. deRSE-jobs: Jobs\./);
      await context.close();
    });
  }

  test('another script’s error leaves the widgets alone', async () => {
    const { page, context } = await twoWidgets();
    await page.evaluate(() => {
      window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('the page’s own bug') }));
      setTimeout(() => { throw new RangeError('Maximum call stack size exceeded'); });
    });
    // Both errors have been reported by now: a timer queued after the throwing one.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    assert.equal(await page.locator('#second').getAttribute('data-state'), 'live');
    assert.equal(await page.locator('#second .mc-widget').count(), 1);
    assert.equal(await page.locator('#first .mc-room').count(), ROOMS.length);
    await context.close();
  });

  // refresh above 2^31 ms wrapped negative in the browser's timers and ran
  // the loop every few milliseconds; above 2^32 ms it trapped the wasm,
  // taking every widget of the page down. Both now mean a day, with a
  // warning.
  for (const refresh of ['3000000', '5000000']) {
    test(`refresh="${refresh}": one warning, a day between refreshes, nothing else happens`, async () => {
      const { proxy, url } = await siteBehindProxy({ refresh });
      const warnings = [];
      const { page, context } = await startups.run(async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
        page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
        await page.goto(url);
        await expectServerCounts(page, synapse);
        return { page, context };
      });
      // Whatever the widget does next, it does in the next few seconds: a
      // loop that runs every few ms rewrote the rows hundreds of times.
      const mutations = await page.evaluate(() => new Promise((resolve) => {
        let seen = 0;
        const observer = new MutationObserver((records) => { seen += records.length; });
        observer.observe(document.querySelector('matrix-channels'), { subtree: true, childList: true, attributes: true, characterData: true });
        setTimeout(() => { observer.disconnect(); resolve(seen); }, 3_000);
      }));
      assert.equal(mutations, 0, 'nothing in the widget changed');
      assert.equal(await page.getAttribute('matrix-channels', 'data-state'), 'live');
      assert.equal(proxy.requests.length, ROOMS.length, 'one request per room');
      assert.equal(warnings.filter((w) => w.includes(`refresh="${refresh}"`) && w.includes('maximum')).length, 1, warnings.join('\n'));
      await context.close();
    });
  }

  // The schedule was the widget's: one room's 429 with retry_after_ms of an
  // hour held back every room of the widget, whatever its server, for the
  // hour, and their counts still said live. Now each homeserver (the base
  // URL the requests go to) has its own timetable, a retry_after_ms holds
  // back at most four intervals, and a count two intervals old is marked
  // not current.
  test('a homeserver answering 429 for an hour holds back only its rooms, at most four intervals; their counts turn stale', async () => {
    // Two homeservers through discovery: matrix.org's rooms at a proxy in
    // front of Synapse, example.org's at another address, answered by the
    // page's routes — one of its rooms rate limited for an hour.
    const good = await faultProxy(synapse.baseUrl);
    closers.push(good.close);
    const hostile = await faultProxy(synapse.baseUrl);
    closers.push(hostile.close);
    const [limited, quiet] = ['#limited:example.org', '#quiet:example.org'];
    const goodRooms = [aliasOf(ROOMS[0]), aliasOf(ROOMS[1])];
    const pages = fixturePages();
    writeFileSync(join(pages, 'two-servers.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels loading="eager" refresh="${REFRESH_S}">
      ${[...goodRooms, limited, quiet].map((a) => `<p><a href="https://matrix.to/#/${a}">${a}</a></p>`).join('\n')}
      </matrix-channels></body></html>`);
    const site = await serveStatic(pages);
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    const cors = { 'access-control-allow-origin': '*' };
    const wellKnown = (baseUrl) => (route) => route.fulfill({ status: 200, contentType: 'application/json', headers: cors,
      body: JSON.stringify({ 'm.homeserver': { base_url: baseUrl } }) });
    await page.route('https://matrix.org/.well-known/matrix/client', wellKnown(good.url));
    await page.route('https://example.org/.well-known/matrix/client', wellKnown(hostile.url));
    const hostileAsked = [];
    await page.route(`${hostile.url}/**`, (route) => {
      const alias = decodeURIComponent(new URL(route.request().url()).pathname.split('/').at(-1));
      hostileAsked.push({ alias, at: Date.now() });
      if (alias === limited) {
        return route.fulfill({ status: 429, contentType: 'application/json', headers: cors,
          body: JSON.stringify({ errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 3_600_000 }) });
      }
      return route.fulfill({ status: 200, contentType: 'application/json', headers: cors,
        body: JSON.stringify({ room_id: '!quiet:example.org', num_joined_members: 3, name: 'Quiet' }) });
    });
    const row = (alias, freshness) => `[data-room="${alias}"] .mc-room__count[data-freshness="${freshness}"]`;
    const askedOf = (list, alias) => list.filter((r) => r.alias === alias);
    /** Resolves when `condition()` holds, checked as the requests come. */
    const until = async (condition, timeout, what) => {
      const end = Date.now() + timeout;
      while (!condition()) {
        if (Date.now() > end) assert.fail(`${what}: not within ${timeout} ms; good ${JSON.stringify(good.requests)}, hostile ${JSON.stringify(hostileAsked)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    await started(() => page.goto(site.url + 'two-servers.html'),
      () => Promise.all([...goodRooms, quiet].map((a) => page.waitForSelector(row(a, 'live'), { timeout: 30_000 }))));
    assert.deepEqual(hostileAsked.map((r) => r.alias).sort(), [limited, quiet]);

    // The good server's rooms are asked every interval: twice more...
    await until(() => goodRooms.every((a) => askedOf(good.requests, a).length >= 3), 2 * ROUND_MS,
      'the good server asked on schedule beside the rate-limited one');
    // ...and the hostile server's room that answered, not asked since the
    // 429, is marked not current two intervals after its count.
    await page.waitForSelector(row(quiet, 'stale'), { timeout: ROUND_MS });
    assert.equal(await page.locator(`[data-room="${quiet}"] .mc-badge--stale`).count(), 1);
    assert.equal(hostileAsked.length, 2, 'the rate-limited server was not asked again within two intervals');
    for (const alias of goodRooms) assert.ok(await page.locator(row(alias, 'live')).count(), `${alias} stays live`);
    assert.equal(await page.getAttribute('matrix-channels', 'data-state'), 'stale');
    // The "updated … ago" line is as old as the oldest count, not the newest.
    const updated = Date.parse(await page.locator('.mc-updated time').getAttribute('datetime'));
    assert.ok(updated < good.requests.at(-1).at - INTERVAL_MS,
      `updated ${new Date(updated).toISOString()}, quiet answered ${new Date(askedOf(hostileAsked, quiet)[0].at).toISOString()}`);

    // The hour's retry_after_ms is honoured up to four intervals, not more.
    await until(() => askedOf(hostileAsked, limited).length >= 2, 2 * ROUND_MS, 'the rate-limited server asked again');
    const [first, again] = askedOf(hostileAsked, limited);
    assert.ok(again.at - first.at >= 4 * INTERVAL_MS - 50, `asked again after ${again.at - first.at} ms`);
    await page.waitForSelector(row(quiet, 'live'), { timeout: ROUND_MS });
    assertSpacing(good.requests, 'beside a rate-limited server');
    await context.close();
  });

  // A stored summary dated beyond JavaScript's Date range made the render
  // throw and showed the stored count as live without asking; a snapshot so
  // dated did the same. Both must be doubted: the row asks the server.
  test('a cached count from the far future is doubted: the row asks the server', async () => {
    const { proxy, url } = await siteBehindProxy();
    const context = await browser.newContext();
    const now = Date.now();
    await context.addInitScript(([alias, at]) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(`matrix-channels:v1:${alias}`,
        JSON.stringify({ attempt_ms: at, outcome: 'summary', summary: [9e15, { num_joined_members: 999 }] }));
    }, [aliasOf(ROOMS[0]), now - 1000]);
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await started(() => page.goto(url), () => expectServerCounts(page, synapse));
    assert.ok(proxy.requests.some((r) => r.alias === aliasOf(ROOMS[0])), 'the room was asked about');
    await context.close();
  });

  test('a snapshot from the far future is doubted: rows ask the server, with a warning', async () => {
    const pages = fixturePages();
    writeFileSync(join(pages, 'future.json'), JSON.stringify({
      schema: 1, generated_at: '+285426-12-31T00:00:00Z', generated_at_ms: 9e15, homeserver: synapse.baseUrl, source: 'hierarchy', space: null,
      rooms: ROOMS.map((room) => ({ alias: aliasOf(room), link: `https://matrix.to/#/${aliasOf(room)}`, name: room.name, member_count: 999 })),
    }));
    writeFileSync(join(pages, 'future.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
      <matrix-channels loading="eager" snapshot="future.json"><p>The rooms</p></matrix-channels></body></html>`);
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    const warnings = [];
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await started(() => page.goto(site.url + 'future.html'), () => expectServerCounts(page, synapse));
    assert.ok(warnings.some((w) => w.includes('future.json') && w.includes('future')), warnings.join('\n'));
    await context.close();
  });
});
