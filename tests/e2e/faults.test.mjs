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

  async function pageBehind(url) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await page.goto(url);
    return { page, context };
  }

  const shownCounts = (page) =>
    page.locator('.mc-room__count').evaluateAll((els) => els.map((e) => e.dataset.count ?? null));

  for (const fault of [...FAULTS, 'offline']) {
    test(`${fault}: counts stay, marked not current; recovery by itself; polite`, async () => {
      const { proxy, url } = await siteBehindProxy({ timeout: 3 });
      const { page, context } = await pageBehind(url);
      await expectServerCounts(page, synapse);
      const before = await shownCounts(page);
      assert.equal(before.length, ROOMS.length);

      if (fault === 'offline') await context.setOffline(true);
      else proxy.setFault(fault);
      // Every room's request of the round fails, four at a time (with a
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
    await page.goto(url);
    await expectServerCounts(page, synapse);
    // One widget, five rooms, four at a time: the rooms in flight before the
    // first answer try the stable path; once one answers, the others go
    // straight to the unstable path.
    assert.ok(paths.filter((p) => p === 'stable').length <= 4, paths.join(' '));
    assert.equal(paths.filter((p) => p === 'unstable').length, ROOMS.length);
    await context.close();
  });

  test('two tabs share one request per room, and a reload asks nothing while counts are fresh', async () => {
    const { proxy, url } = await siteBehindProxy();
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(url);
    await expectServerCounts(first, synapse);
    assert.equal(proxy.requests.length, ROOMS.length);

    const second = await context.newPage();
    await second.goto(url);
    await expectServerCounts(second, synapse);
    await first.reload();
    await expectServerCounts(first, synapse);
    assert.equal(proxy.requests.length, ROOMS.length, 'the second tab and the reload asked nothing');

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
    await page.goto(site.url + 'hostile.html');
    await expectServerCounts(page, synapse, '#hostile');
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
    await page.goto(site.url + 'bad-markup.html');
    await expectServerCounts(page, synapse, '#normal');
    await page.waitForSelector('#huge[data-state="live"]', { timeout: 60_000 });
    assert.equal(await page.locator('#huge .mc-room').count(), 500);
    assert.equal(await page.locator('#huge .mc-room').first().getAttribute('data-room'), '#room-0:matrix.org');
    // 500 rooms, one request each, never more than four in flight: a new
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
    assert.equal(mostInFlight, 4, 'four requests in flight at most, and the cap used');
    const broken = warnings.filter((w) => w.includes('#broken-'));
    assert.equal(broken.length, 100, 'one warning per broken link');
    assert.equal(warnings.filter((w) => w.includes('at most 500 rooms')).length, 1, 'one warning for the cap');
    assert.ok(!warnings.some((w) => w.includes('example.org') || w.includes('javascript:')), 'foreign links are not warned about');
    assert.equal(await page.locator('#empty a').count(), 1, 'the element without rooms is left as it was');
    assert.equal(await page.locator('#empty').getAttribute('data-state'), null);
    await context.close();
  });

  test('if the wasm instance dies, every widget gets the page’s own list back', async () => {
    const pages = fixturePages();
    const site = await serveStatic(pages, { rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }) });
    closers.push(site.close);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url + 'two-widgets.html');
    await expectServerCounts(page, synapse, '#second');
    // A trap inside wasm surfaces as an uncaught WebAssembly.RuntimeError;
    // this one is raised by hand, the way the browser would report it.
    await page.evaluate(() => {
      window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable') }));
    });
    await page.waitForSelector('#second[data-state="error"]');
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
});
