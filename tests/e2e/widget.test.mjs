// End to end: the release build of the demo page in headless Chromium,
// against a real Synapse seeded like de-RSE's space. Every assertion is on
// what a visitor sees or what the page's DOM says.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Synapse, SERVER_NAME } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { axeViolations } from './support/axe.mjs';

const DIST = resolve(import.meta.dirname, '../../dist');
// The minimum interval; every "within one refresh" wait allows one interval
// plus the time a round takes.
const REFRESH_S = 30;
const ONE_REFRESH_MS = (REFRESH_S + 10) * 1000;
const aliasOf = (room) => `#${room.localpart}:${SERVER_NAME}`;

describe('the demo page against a real Synapse', () => {
  let synapse, seeded, site, browser, page;
  const summaryRequests = [];

  before(async () => {
    synapse = await Synapse.create();
    seeded = await seedDeRse(synapse);
    site = await serveStatic(DIST, {
      rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl, refresh: REFRESH_S }),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 800, height: 500 } });
    page.on('request', (request) => {
      if (request.url().includes('/room_summary/')) summaryRequests.push(request.url());
    });
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(site.url);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await synapse?.stop();
  });

  const countOf = (alias) =>
    page.locator(`[data-room="${alias}"] .mc-room__count`).getAttribute('data-count');

  test('shows every room of the page with exactly the server’s member counts', async () => {
    await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: 20_000 });
    const rows = await page.locator('.mc-room').evaluateAll((items) =>
      items.map((li) => ({
        alias: li.dataset.room,
        name: li.querySelector('.mc-room__name').textContent,
        href: li.querySelector('.mc-room__name').getAttribute('href'),
        description: li.querySelector('.mc-room__description')?.textContent,
        count: li.querySelector('.mc-room__count').dataset.count,
        countText: li.querySelector('.mc-room__count').textContent,
      })),
    );
    assert.deepEqual(rows.map((r) => r.alias), ROOMS.map(aliasOf), 'rooms in page order');
    for (const [i, room] of ROOMS.entries()) {
      const { status, body } = await synapse.summary(aliasOf(room));
      assert.equal(status, 200);
      assert.equal(body.num_joined_members, room.members, 'the seed joined the planned users');
      assert.equal(rows[i].count, String(body.num_joined_members), `${room.name}: data-count`);
      assert.equal(rows[i].countText, `${body.num_joined_members} members`, `${room.name}: visible count`);
      assert.equal(rows[i].name, room.name);
      assert.equal(rows[i].description, room.topic);
      assert.equal(rows[i].href, `https://matrix.to/#/${aliasOf(room)}`);
    }
    // The page's own links are kept (hidden) for a later unmount, not lost.
    assert.equal(await page.locator('matrix-channels .mc-original a').count(), ROOMS.length);
    assert.equal(await page.locator('matrix-channels .mc-original').isHidden(), true);
    assert.equal(summaryRequests.length, ROOMS.length, 'one summary request per room');
  });

  test('a join and a join-rule change show within one refresh, in place', async () => {
    const general = aliasOf(ROOMS[0]);
    const jobs = aliasOf(ROOMS[2]);
    const before = Number(await countOf(general));
    // Mark the row's node and focus another room's link: a re-render would
    // lose the mark, and focus and scroll must not move.
    await page.locator(`[data-room="${general}"]`).evaluate((li) => { li.dataset.testMark = 'kept'; });
    const focused = page.locator(`[data-room="${aliasOf(ROOMS[4])}"] .mc-room__name`);
    await focused.focus();
    await page.evaluate(() => window.scrollTo(0, 200));
    const scrollBefore = await page.evaluate(() => window.scrollY);

    const newcomer = await seeded.register('newcomer');
    await synapse.join(newcomer, general);
    await synapse.setJoinRule(seeded.bot, seeded.roomIds[jobs], 'invite');

    await page.waitForFunction(
      ([alias, count]) => document.querySelector(`[data-room="${alias}"] .mc-room__count`)?.dataset.count === count,
      [general, String(before + 1)],
      { timeout: ONE_REFRESH_MS },
    );
    assert.equal(await page.locator(`[data-room="${general}"]`).getAttribute('data-test-mark'), 'kept');
    await page.waitForFunction(
      (alias) => document.querySelector(`[data-room="${alias}"] .mc-room__count`)?.textContent === 'not public',
      jobs,
      { timeout: ONE_REFRESH_MS },
    );
    assert.equal(await countOf(jobs), null, 'no data-count for a room that is not public');
    assert.equal(await page.locator(`[data-room="${jobs}"] .mc-room__name`).textContent(), 'deRSE-jobs');
    assert.equal(
      await page.locator(`[data-room="${jobs}"] .mc-room__description`).textContent(),
      ROOMS[2].topic,
    );
    assert.equal(await focused.evaluate((a) => a === document.activeElement), true, 'focus kept');
    assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'scroll kept');
    assert.equal(await page.getAttribute('matrix-channels', 'data-state'), 'live');
  });

  test('the homeserver stopped: counts stay, marked not current; restarted: live again', async () => {
    const shown = Object.fromEntries(
      await Promise.all(ROOMS.map(async (room) => [aliasOf(room), await countOf(aliasOf(room))])),
    );
    await synapse.stop();
    await page.waitForSelector('matrix-channels[data-state="stale"]', { timeout: ONE_REFRESH_MS });
    for (const room of ROOMS) {
      const alias = aliasOf(room);
      assert.equal(await countOf(alias), shown[alias], `${room.name} keeps its last count`);
      if (shown[alias] !== null) {
        assert.equal(
          await page.locator(`[data-room="${alias}"] .mc-badge--stale`).textContent(),
          'not current',
        );
      }
    }

    // The marks of a stale and of a not-public room pass axe too, light
    // and dark.
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual((await axeViolations(page, 'matrix-channels')).violations, [], colorScheme);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    await synapse.start();
    // The first retry comes one interval (plus up to a quarter of jitter)
    // after the failed round.
    await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: ONE_REFRESH_MS * 1.25 + 10_000 });
    assert.equal(await page.locator('.mc-badge--stale').count(), 0);
    for (const room of ROOMS) {
      const { status, body } = await synapse.summary(aliasOf(room));
      const count = await countOf(aliasOf(room));
      assert.equal(count, status === 200 ? String(body.num_joined_members) : null, room.name);
    }
  });
});
