// live="snapshot": the widget reads the site's own snapshot again every
// refresh interval — conditionally, once per interval for every tab of the
// browser — and never contacts a homeserver. The snapshot is the real
// tool's, made and remade against a real Synapse; the site is the static
// server with ETag and Last-Modified, as a web host answers; Chromium is
// headless. Each test waits for causes (a request arriving at the site, a
// count on screen), bounded by the intervals the core allows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildExampleSite } from './support/jekyll.mjs';
import { join, resolve } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, SPACE, seedDeRse } from './support/seed.mjs';
import { serveStatic } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { fixturePages } from './support/fixtures.mjs';
import { startups } from './support/gate.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = process.env.MATRIX_CHANNELS_BIN ?? join(ROOT, 'target/debug/matrix-channels');
// The shortest interval the core allows (refresh::MIN_INTERVAL_S).
const REFRESH_S = 30;
const INTERVAL_MS = REFRESH_S * 1000;
// A re-read comes an interval after the last (a quarter more after a
// failure, the core's jitter); the rest is a loaded machine's slack.
const TURN_MS = INTERVAL_MS * 1.25 + 10_000;
const SERVER = 'matrix.org';
const aliasOf = (room) => `#${room.localpart}:${SERVER}`;
const SNAPSHOT = '/rooms.json';
// The example site's: the include's snapshot_url.
const SITE_SNAPSHOT = '/assets/matrix-channels.json';

describe('live="snapshot"', { concurrency: true }, () => {
  let synapse, seeded, browser;

  before(async () => {
    synapse = await Synapse.create();
    seeded = await seedDeRse(synapse);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await synapse?.stop();
  });

  /** Runs the snapshot tool with the bot's token, writing `out`. */
  function snapshotTool(out) {
    const env = { ...process.env, MATRIX_ACCESS_TOKEN: seeded.bot };
    return new Promise((resolve, reject) => {
      execFile(TOOL, ['snapshot', `#${SPACE.localpart}:${SERVER}`, '--out', out, '--homeserver', synapse.baseUrl, '--no-activity'],
        { env }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve()));
    });
  }

  /** A user joins `room`: the next snapshot counts one more. */
  async function joinRoom(room, name) {
    await synapse.join(await synapse.register(name), aliasOf(room));
  }

  /**
   * A site of its own: a page with one widget in live="snapshot" (which
   * names the homeserver too, so that any request to it would show), its
   * snapshot made by the tool, served with validators. With `jekyll`, the
   * example Jekyll site, whose include is given live="snapshot"; else a
   * plain page. `fault` answers the snapshot in the file's place while
   * set; `responses` are the site's answers to the snapshot's GETs, in
   * order; `until(n)` resolves once there are n of them.
   */
  async function site(name, { jekyll = false } = {}) {
    const snapshot = jekyll ? SITE_SNAPSHOT : SNAPSHOT;
    let dir, page;
    if (jekyll) {
      dir = await buildExampleSite({
        prepare: async (source) => {
          await snapshotTool(join(source, '_data/matrix_channels.json'));
          const md = join(source, 'matrix-chat-snapshot.md');
          writeFileSync(md, readFileSync(md, 'utf8').replace('snapshot=site.data.matrix_channels',
            `snapshot=site.data.matrix_channels live="snapshot" refresh="${REFRESH_S}" homeserver="${synapse.baseUrl}"`));
        },
      });
      page = 'matrix-chat-snapshot/';
    } else {
      dir = fixturePages();
      page = 'live-snapshot.html';
      writeFileSync(join(dir, page), `<!doctype html><html lang="en"><head><meta charset="utf-8">
        <script type="module" src="matrix-channels/matrix-channels.js"></script></head><body>
        <matrix-channels loading="eager" live="snapshot" snapshot="${snapshot.slice(1)}" refresh="${REFRESH_S}"
          homeserver="${synapse.baseUrl}">
          <p><a href="https://matrix.to/#/${aliasOf(ROOMS[0])}">${ROOMS[0].name}</a></p>
        </matrix-channels></body></html>`);
    }
    // The tool writes the file the site serves, as a workflow that
    // publishes only the JSON does.
    const out = join(dir, snapshot.slice(1));
    await snapshotTool(out);
    const responses = [];
    const waiting = [];
    const state = { fault: null };
    const server = await serveStatic(dir, {
      conditional: true,
      answer: (path) => (path === snapshot && state.fault ? state.fault : null),
      log: ({ path, status }) => {
        if (path !== snapshot) return;
        responses.push(status);
        for (const w of [...waiting]) if (responses.length >= w.n) { waiting.splice(waiting.indexOf(w), 1); w.resolve(); }
      },
    });
    const until = (n, timeout = TURN_MS) => new Promise((resolve, reject) => {
      if (responses.length >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`${name}: ${responses.length} snapshot responses, not ${n}: ${responses}`)), timeout);
      waiting.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
    });
    return { dir, out, server, responses, until, state, snapshot, url: `${server.url}${page}` };
  }

  /** A tab on `url` once its rows show; every request it makes, recorded. */
  async function tab(context, url) {
    return startups.run(async () => {
      const page = await context.newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
      await page.goto(url);
      await page.waitForSelector('matrix-channels[data-state="snapshot"] .mc-room', { timeout: 20_000 });
      return { page, requests };
    });
  }

  const countOf = (page, room) =>
    page.evaluate((alias) => document.querySelector(`[data-room="${alias}"] .mc-room__count`)?.dataset.count, aliasOf(room));
  const showsCount = (page, room, count, timeout = TURN_MS) => page.waitForFunction(
    ([alias, count]) => document.querySelector(`[data-room="${alias}"] .mc-room__count`)?.dataset.count === count,
    [aliasOf(room), String(count)], { timeout });
  const homeserverRequests = (requests) => requests.filter((u) => new URL(u).port === new URL(synapse.baseUrl).port);
  const rereadsOf = (requests, path = SNAPSHOT) => requests.filter((u) => new URL(u).pathname === path).length - 1;

  test('in the Jekyll site: a changed snapshot shows within an interval, an unchanged one is a 304, no homeserver is asked', async () => {
    const s = await site('changes', { jekyll: true });
    const context = await browser.newContext();
    const { page, requests } = await tab(context, s.url);
    assert.equal(await page.getAttribute('matrix-channels', 'live'), 'snapshot', 'the include passes live on');
    // The snapshot's rooms, with its counts.
    assert.equal(await page.locator('.mc-room').count(), ROOMS.length);
    for (const room of ROOMS) assert.equal(await countOf(page, room), String(room.members), room.localpart);
    assert.equal(await page.locator('.mc-consent__button').count(), 0, 'no consent button: nothing to consent to');
    assert.deepEqual(s.responses, [200], 'the page load read it once (the preload hint\'s download)');

    // An interval later: read again, unchanged, a 304.
    await s.until(2);
    assert.deepEqual(s.responses, [200, 304]);

    // The site's snapshot is made again with one more member.
    await joinRoom(ROOMS[1], 'snapshot-newcomer');
    await snapshotTool(s.out);
    const made = JSON.parse(readFileSync(s.out, 'utf8'));
    await showsCount(page, ROOMS[1], ROOMS[1].members + 1);
    assert.equal(s.responses.at(-1), 200, 'the changed file is sent');
    // The "updated … ago" line is the snapshot's own time.
    assert.equal(await page.locator('.mc-updated time').getAttribute('datetime'), new Date(made.generated_at_ms).toISOString());
    assert.equal(await page.getAttribute('matrix-channels', 'data-state'), 'snapshot');
    assert.equal(await page.locator('.mc-badge--stale').count(), 0);

    // The next re-read of the unchanged file: a 304 again, nothing changes.
    const seen = s.responses.length;
    await s.until(seen + 1);
    assert.equal(s.responses.at(-1), 304);
    assert.equal(await countOf(page, ROOMS[1]), String(ROOMS[1].members + 1));

    assert.deepEqual(homeserverRequests(requests), [], 'no request to the homeserver');
    assert.equal(rereadsOf(requests, s.snapshot), s.responses.length - 1, 'every snapshot request was this tab\'s');
    await context.close();
    await s.server.close();
  });

  test('a snapshot that fails (500, then cut off) keeps the counts, marked not current, until it loads again', async () => {
    const s = await site('faults');
    const context = await browser.newContext();
    const { page, requests } = await tab(context, s.url);
    const counts = () => page.locator('.mc-room__count').evaluateAll((els) => els.map((e) => e.dataset.count));
    const before = await counts();
    for (const room of ROOMS) assert.equal(await countOf(page, room), String(room.members), room.localpart);

    s.state.fault = { status: 500, body: '{"error":"down"}' };
    await s.until(2);
    assert.equal(s.responses[1], 500);
    // One failure within the interval: still current.
    assert.equal(await page.locator('.mc-badge--stale').count(), 0);
    s.state.fault = null;
    const whole = readFileSync(s.out, 'utf8');
    writeFileSync(s.out, whole.slice(0, Math.floor(whole.length / 2)));
    await s.until(3, TURN_MS + INTERVAL_MS);
    // Two intervals without a read: every count stays, marked not current.
    await page.waitForSelector('matrix-channels[data-state="stale"]', { timeout: 10_000 });
    assert.deepEqual(await counts(), before, 'the last counts stay');
    assert.equal(await page.locator('.mc-badge--stale').count(), ROOMS.length);
    assert.deepEqual(await page.locator('.mc-room__count').evaluateAll((els) => els.map((e) => e.dataset.freshness)),
      ROOMS.map(() => 'stale'));
    assert.equal(await page.locator('.mc-room__name').count(), ROOMS.length, 'every link stays');

    // The file is whole again: current again at the next read (after the
    // backoff of two failures).
    writeFileSync(s.out, whole);
    await page.waitForSelector('matrix-channels[data-state="snapshot"]', { timeout: 2 * TURN_MS + 10_000 });
    assert.equal(await page.locator('.mc-badge--stale').count(), 0);
    assert.deepEqual(await counts(), before);
    assert.deepEqual(homeserverRequests(requests), []);
    await context.close();
    await s.server.close();
  });

  test('two tabs read the snapshot about once per interval between them, not once each', async () => {
    const s = await site('tabs');
    const context = await browser.newContext();
    const first = await tab(context, s.url);
    // The second tab opens after the first tab's first re-read.
    await s.until(2);
    const second = await tab(context, s.url);
    const loads = s.responses.length;

    await joinRoom(ROOMS[2], 'tabs-newcomer');
    await snapshotTool(s.out);
    for (const { page } of [first, second]) await showsCount(page, ROOMS[2], ROOMS[2].members + 1);
    // The changed file went out once: the other tab took the copy the
    // first one stored.
    assert.equal(s.responses.slice(loads).filter((status) => status === 200).length, 1, String(s.responses));

    // Four more re-reads: each tab reads when the copy is an interval old,
    // so one tab reads for both. Two tabs reading each for itself would
    // share them two and two.
    const base = [first, second].map(({ requests }) => rereadsOf(requests));
    await s.until(s.responses.length + 4, 4 * TURN_MS);
    const made = [first, second].map(({ requests }, i) => rereadsOf(requests) - base[i]);
    assert.equal(made[0] + made[1], 4);
    assert.ok(Math.min(...made) <= 1, `re-reads by tab: ${made}`);
    for (const { requests } of [first, second]) assert.deepEqual(homeserverRequests(requests), []);
    await context.close();
    await s.server.close();
  });
});
