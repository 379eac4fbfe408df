// The snapshot path: `matrix-channels snapshot` (the native tool) against a
// real Synapse with a bot account, the example Jekyll site rendering the
// whole list from the snapshot without JavaScript, and the widget's
// snapshot and live attributes in headless Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { Synapse } from './support/synapse.mjs';
import { ACTIVITY_ROOMS, ROOMS, SPACE, seedActivity, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { buildExampleSite } from './support/jekyll.mjs';
import { freePort } from './support/ports.mjs';
import { axeViolations } from './support/axe.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = process.env.MATRIX_CHANNELS_BIN ?? join(ROOT, 'target/debug/matrix-channels');
const SERVER = 'matrix.org';
const SPACE_ALIAS = `#${SPACE.localpart}:${SERVER}`;
const BOARD = { localpart: 'de-rse.org-board', name: 'deRSE-board', topic: 'For the board; members of the space only.' };
const BIG_ROOMS = 60;
/** Filled in by the runs below, printed at the end for the closing note. */
const figures = [];

/** Runs the tool; resolves to { code, stdout, stderr } whatever the exit. */
function snapshotTool(args, { token } = {}) {
  const env = { ...process.env };
  delete env.MATRIX_ACCESS_TOKEN;
  if (token) env.MATRIX_ACCESS_TOKEN = token;
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(TOOL, ['snapshot', ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/**
 * The snapshot tool on a terminal: run under util-linux's `script`, which
 * gives it a pseudo-terminal and copies what it writes there to stdout.
 */
function snapshotToolOnTerminal(args, { token } = {}) {
  const env = { ...process.env, COLUMNS: '100' };
  delete env.MATRIX_ACCESS_TOKEN;
  if (token) env.MATRIX_ACCESS_TOKEN = token;
  const command = [TOOL, 'snapshot', ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve) => {
    execFile('script', ['--quiet', '--return', '--command', command, '/dev/null'], { env }, (error, stdout) => {
      resolve({ code: error ? error.code : 0, terminal: stdout });
    });
  });
}

/** A `size`×`size` PNG of one colour, made here so the test needs no file. */
function png(size, [r, g, b]) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([r, g, b]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('snapshot', () => {
  let synapse, seeded, activity, browser, work, bigSpace;

  const childPath = (space, room) =>
    `/_matrix/client/v3/rooms/${encodeURIComponent(space)}/state/m.space.child/${encodeURIComponent(room)}`;

  before(async () => {
    synapse = await Synapse.create();
    seeded = await seedDeRse(synapse);
    activity = await seedActivity(synapse, seeded);
    const { bot, members, roomIds } = seeded;
    const space = roomIds[SPACE_ALIAS];
    // The space's own order, the reverse of creation, so that an order by
    // creation time would show; two rooms suggested.
    ROOMS.forEach((room, i) => {
      room.order = String(ROOMS.length - i).padStart(2, '0');
    });
    for (const room of ROOMS) {
      await synapse.api('PUT', childPath(space, roomIds[`#${room.localpart}:${SERVER}`]), {
        token: bot,
        body: { via: [SERVER], order: room.order, suggested: room.localpart.endsWith('general') || room.localpart.endsWith('jobs') },
      });
    }
    // A room only the space's members may join: no anonymous summary.
    const board = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
      token: bot,
      body: {
        preset: 'private_chat', room_version: '10', room_alias_name: BOARD.localpart, name: BOARD.name, topic: BOARD.topic,
        initial_state: [{ type: 'm.room.join_rules', state_key: '', content: {
          join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: space }],
        } }],
      },
    });
    roomIds[`#${BOARD.localpart}:${SERVER}`] = board.room_id;
    await synapse.api('PUT', childPath(space, board.room_id), { token: bot, body: { via: [SERVER], order: '99' } });
    for (const token of members.slice(0, 2)) await synapse.join(token, board.room_id);
    // An avatar for the general room, through the media API.
    const upload = await fetch(`${synapse.baseUrl}/_matrix/media/v3/upload?filename=general.png`, {
      method: 'POST', headers: { authorization: `Bearer ${bot}`, 'content-type': 'image/png' }, body: png(96, [10, 104, 71]),
    });
    assert.equal(upload.status, 200, await upload.clone().text());
    const { content_uri } = await upload.json();
    await synapse.api('PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomIds[`#${ROOMS[0].localpart}:${SERVER}`])}/state/m.room.avatar/`,
      { token: bot, body: { url: content_uri } });
    // A space with more rooms than one hierarchy page holds (50).
    bigSpace = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
      token: bot,
      body: { preset: 'public_chat', visibility: 'public', room_alias_name: 'big-space', name: 'Big space', creation_content: { type: 'm.space' } },
    });
    for (let i = 0; i < BIG_ROOMS; i++) {
      const { room_id } = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
        token: bot,
        body: { preset: 'public_chat', room_alias_name: `big-${i}`, name: `Big room ${i}` },
      });
      // Orders 059 … 000: the space's order is the reverse of creation.
      await synapse.api('PUT', childPath(bigSpace.room_id, room_id), {
        token: bot, body: { via: [SERVER], order: String(BIG_ROOMS - 1 - i).padStart(3, '0') },
      });
    }
    work = mkdtempSync(join(tmpdir(), 'matrix-channels-snapshot-'));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await synapse?.stop();
    if (figures.length) console.log(`# snapshot figures: ${JSON.stringify(figures)}`);
  });

  /** A fresh site folder with a snapshot made by the bot; its paths. */
  async function botSnapshot(name) {
    const site = join(work, name);
    const out = join(site, '_data/matrix_channels.json');
    const run = await snapshotTool([
      SPACE_ALIAS, '--out', out, '--homeserver', synapse.baseUrl,
      '--avatars', join(site, 'assets/matrix-channels/avatars'),
    ], { token: seeded.bot });
    assert.equal(run.code, 0, run.stderr);
    return { site, out, run, snapshot: JSON.parse(readFileSync(out, 'utf8')) };
  }

  test('with a token: the space in its order, suggested rooms, counts, a restricted room, an avatar', async () => {
    const { out, run, snapshot } = await botSnapshot('de-rse');
    assert.equal(snapshot.schema, 1);
    assert.equal(snapshot.source, 'hierarchy');
    assert.ok(Math.abs(Date.parse(snapshot.generated_at) - Date.now()) < 120_000);
    assert.equal(snapshot.space.name, SPACE.name);
    // The bot and every member joined the space.
    assert.equal(snapshot.space.member_count, 1 + seeded.members.length);
    const expected = [...ROOMS].sort((a, b) => a.order.localeCompare(b.order));
    assert.deepEqual(
      snapshot.rooms.map((r) => r.alias),
      [...expected.map((r) => `#${r.localpart}:${SERVER}`), `#${BOARD.localpart}:${SERVER}`],
    );
    for (const room of expected) {
      const got = snapshot.rooms.find((r) => r.alias === `#${room.localpart}:${SERVER}`);
      assert.equal(got.member_count, room.members, room.localpart);
      assert.equal(got.name, room.name);
      assert.equal(got.topic, room.topic);
      assert.equal(got.suggested, /general|jobs$/.test(room.localpart), `suggested ${room.localpart}`);
      assert.equal(got.link, `https://matrix.to/#/#${room.localpart}:${SERVER}`);
    }
    // The restricted room: the bot sees it and its count; a visitor does not.
    const board = snapshot.rooms.at(-1);
    assert.equal(board.join_rule, 'restricted');
    assert.equal(board.member_count, 3);
    assert.notEqual((await synapse.summary(`#${BOARD.localpart}:${SERVER}`)).status, 200);
    // The avatar: a PNG next to the site's assets, referenced relatively.
    const general = snapshot.rooms.find((r) => r.alias.includes('general'));
    assert.match(general.avatar, /^\.\.\/assets\/matrix-channels\/avatars\/[A-Za-z0-9_-]+\.png$/);
    const image = readFileSync(resolve(dirname(out), general.avatar));
    assert.deepEqual([...image.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.equal(snapshot.rooms.filter((r) => r.avatar).length, 1);
    assert.doesNotMatch(readFileSync(out, 'utf8') + run.stdout + run.stderr, new RegExp(seeded.bot));
    assert.deepEqual(readdirSync(dirname(out)), ['matrix_channels.json'], 'no temporary file left');
    figures.push({ rooms: snapshot.rooms.length, bytes: statSync(out).size, ms: Math.round(run.ms) });
  });

  test(`${BIG_ROOMS} rooms over two hierarchy pages, in the space's order`, async () => {
    const out = join(work, 'big/rooms.json');
    const run = await snapshotTool(['#big-space:matrix.org', '--out', out, '--homeserver', synapse.baseUrl], { token: seeded.bot });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote 60 rooms of Big space .*\(2 hierarchy pages/);
    const snapshot = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(
      snapshot.rooms.map((r) => r.name),
      Array.from({ length: BIG_ROOMS }, (_, i) => `Big room ${BIG_ROOMS - 1 - i}`),
    );
    figures.push({ rooms: snapshot.rooms.length, bytes: statSync(out).size, ms: Math.round(run.ms) });
  });

  test('activity: messages in 7 and 30 days where the bot may read the history, none where it may not', async () => {
    const out = join(work, 'activity/rooms.json');
    const run = await snapshotTool([activity.spaceAlias, '--out', out, '--homeserver', synapse.baseUrl], { token: seeded.bot });
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(out, 'utf8');
    const snapshot = JSON.parse(text);
    assert.equal(snapshot.schema, 1, 'an added optional field keeps the schema: older widgets read it');
    assert.equal(snapshot.rooms.length, ACTIVITY_ROOMS.length);
    for (const room of ACTIVITY_ROOMS) {
      const got = snapshot.rooms.find((r) => r.alias === `#${room.localpart}:${SERVER}`);
      assert.ok(got, room.localpart);
      if (room.messages === null) {
        assert.equal('activity' in got, false, `${room.localpart}: no activity, not zeros`);
        continue;
      }
      assert.deepEqual(Object.keys(got.activity), ['last_message_at', 'messages_7d', 'messages_30d'], room.localpart);
      // Sent just now: within 7 days, so both windows hold them all.
      assert.equal(got.activity.messages_7d, room.messages, room.localpart);
      assert.equal(got.activity.messages_30d, room.messages, room.localpart);
      if (room.messages === 0) {
        assert.equal(got.activity.last_message_at, null, room.localpart);
      } else {
        assert.match(got.activity.last_message_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.ok(Date.parse(got.activity.last_message_at) <= Date.parse(snapshot.generated_at), room.localpart);
      }
    }
    // The room the bot may not read: said once, on its own line.
    const unread = run.stderr.match(/^matrix-channels: warning: no activity for .*$/gm) ?? [];
    assert.deepEqual(unread.length, 1, run.stderr);
    assert.match(unread[0], /#activity-closed:matrix\.org: the bot may not read its history/);
    // Not a terminal: a plain line per room, rooms done of all.
    const steps = run.stderr.match(/^matrix-channels: activity \d+\/\d+: .*$/gm) ?? [];
    assert.deepEqual(steps.map((line) => line.match(/activity (\d+\/\d+)/)[1]), ['1/5', '2/5', '3/5', '4/5', '5/5']);
    assert.doesNotMatch(run.stderr, /\r|\u001b/);
    assert.match(run.stdout, /wrote 5 rooms of Activity .*, 4 with activity\)/);
    // Counts only: no content, no sender, no event ID.
    assert.doesNotMatch(text, /Hello|Members only|oops|sticker|@member|\$[A-Za-z0-9_-]{8,}/);

    // A terminal: indicatif's bar, one line redrawn, ending at all rooms
    // done; no plain line per room.
    const tty = await snapshotToolOnTerminal([activity.spaceAlias, '--out', out, '--homeserver', synapse.baseUrl], { token: seeded.bot });
    assert.equal(tty.code, 0, tty.terminal);
    assert.match(tty.terminal, /matrix-channels: activity 5\/5 /);
    assert.doesNotMatch(tty.terminal, /activity \d+\/\d+: /);
    assert.match(tty.terminal, /\r|\u001b\[/, 'the bar redraws its line');
    assert.match(tty.terminal, /\r?\nmatrix-channels: warning: no activity for #activity-closed/, 'the report starts on a line of its own');

    const off = await snapshotTool([activity.spaceAlias, '--out', out, '--homeserver', synapse.baseUrl, '--no-activity'], { token: seeded.bot });
    assert.equal(off.code, 0, off.stderr);
    assert.doesNotMatch(readFileSync(out, 'utf8'), /activity"/);
    assert.doesNotMatch(off.stderr, /activity \d/);
  });

  test('a bad token, an unknown space and a server that is down: a clear error, exit 1, no file', async () => {
    const out = join(work, 'errors/_data/matrix_channels.json');
    const badToken = await snapshotTool([SPACE_ALIAS, '--out', out, '--homeserver', synapse.baseUrl], { token: 'syt_not_a_real_token' });
    assert.equal(badToken.code, 1);
    assert.match(badToken.stderr, /refused the access token in MATRIX_ACCESS_TOKEN/);
    assert.doesNotMatch(badToken.stderr + badToken.stdout, /syt_not_a_real_token/);
    const unknown = await snapshotTool(['#no-such-space:matrix.org', '--out', out, '--homeserver', synapse.baseUrl], { token: seeded.bot });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /there is no room #no-such-space:matrix\.org/);
    const notSpace = await snapshotTool([`#${ROOMS[0].localpart}:${SERVER}`, '--out', out, '--homeserver', synapse.baseUrl], { token: seeded.bot });
    assert.equal(notSpace.code, 1);
    assert.match(notSpace.stderr, /is a room, not a space/);
    assert.equal(existsSync(out), false);
    // An earlier snapshot survives a failed run untouched.
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, '{"earlier": true}');
    const down = await snapshotTool([SPACE_ALIAS, '--out', out, '--homeserver', `http://127.0.0.1:${await freePort()}`], { token: seeded.bot });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /could not be reached/);
    assert.equal(readFileSync(out, 'utf8'), '{"earlier": true}');
    const usage = await snapshotTool(['--out', out]);
    assert.equal(usage.code, 2);
  });

  test('without a token: the anonymous summaries of the rooms named, the restricted one without a count', async () => {
    const out = join(work, 'anonymous/rooms.json');
    const rooms = [...ROOMS, BOARD].flatMap((r) => ['--room', `#${r.localpart}:${SERVER}`]);
    const run = await snapshotTool([SPACE_ALIAS, '--out', out, '--homeserver', synapse.baseUrl, ...rooms]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /#de-rse\.org-board:matrix\.org is not public/);
    const snapshot = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(snapshot.source, 'summary');
    assert.deepEqual(snapshot.rooms.map((r) => r.member_count), [...ROOMS.map((r) => r.members), null]);
    // A second run without --room asks about the rooms already in it.
    const again = await snapshotTool([SPACE_ALIAS, '--out', out, '--homeserver', synapse.baseUrl]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).rooms.length, ROOMS.length + 1);
  });

  describe('in the example Jekyll site', () => {
    let url;
    const PAGE = 'matrix-chat-snapshot/';

    before(async () => {
      const { site: made } = await botSnapshot('jekyll');
      const built = await buildExampleSite({
        prepare: async (source) => cpSync(made, source, { recursive: true }),
      });
      url = (await serveStatic(built, {
        rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }),
      }));
    });

    after(() => url?.close());

    async function open(path, { javaScript = true, attributes = {} } = {}, context) {
      context ??= await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.route('**/*', async (route) => {
        const response = await route.fetch();
        if (!/text\/html/.test(response.headers()['content-type'] ?? '')) return route.fulfill({ response });
        return route.fulfill({ response, body: withWidgetAttributes(await response.text(), attributes) });
      });
      await page.goto(url.url + path);
      return { page, context, requests };
    }

    test('renders every room, with counts as of the snapshot and avatars, without JavaScript', async () => {
      const { page, context } = await open(PAGE, { javaScript: false });
      const items = await page.locator('matrix-channels li').evaluateAll((lis) => lis.map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
      assert.equal(items.length, ROOMS.length + 1);
      const byOrder = [...ROOMS].sort((a, b) => a.order.localeCompare(b.order));
      // No message in any of them: the bot read each quiet.
      const quiet = 'no messages in the last 30 days';
      byOrder.forEach((room, i) => assert.equal(items[i], `${room.name} (${room.members} members) · ${quiet}: ${room.topic}`));
      assert.equal(items.at(-1), `${BOARD.name} (3 members) · ${quiet}: ${BOARD.topic}`);
      assert.match(await page.locator('.mc-snapshot-date').textContent(), /^Member counts as of \d{1,2} \w+ \d{4}$/);
      const avatar = page.locator('matrix-channels img');
      assert.equal(await avatar.count(), 1);
      await avatar.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('matrix-channels img').complete);
      assert.equal(await avatar.evaluate((img) => img.naturalWidth > 0), true, 'the avatar loads from the site');
      await context.close();
    });

    test('the widget takes the rows over: live counts, and the snapshot\'s count where a visitor gets none', async () => {
      const { page, context, requests } = await open(PAGE);
      await page.waitForFunction((n) => {
        const counts = [...document.querySelectorAll('.mc-room__count')];
        return counts.length === n && counts.filter((c) => c.dataset.freshness === 'live').length === n - 1;
      }, ROOMS.length + 1, { timeout: 20_000 });
      const rows = await page.locator('.mc-room').evaluateAll((lis) => lis.map((li) => ({
        alias: li.dataset.room,
        count: li.querySelector('.mc-room__count').dataset.count,
        freshness: li.querySelector('.mc-room__count').dataset.freshness,
        avatar: li.querySelector('img')?.getAttribute('src') ?? null,
      })));
      for (const row of rows.slice(0, -1)) {
        const { body } = await synapse.summary(row.alias);
        assert.equal(row.count, String(body.num_joined_members), row.alias);
      }
      assert.deepEqual(rows.at(-1), { alias: `#${BOARD.localpart}:${SERVER}`, count: '3', freshness: 'snapshot', avatar: null });
      assert.match(rows.find((r) => r.alias.includes('general')).avatar, /\/assets\/matrix-channels\/avatars\/.+\.png$/);
      assert.equal(await page.locator('matrix-channels').getAttribute('data-state'), 'snapshot');
      assert.ok(requests.some((u) => u.endsWith('/assets/matrix-channels.json')), 'the widget read the served snapshot');
      // The include hints at the JSON, and the widget's read takes that
      // download: one request for it, not two.
      assert.equal(await page.locator('link[rel="preload"][href$="/assets/matrix-channels.json"][as="fetch"]').count(), 1);
      assert.equal(requests.filter((u) => u.endsWith('/assets/matrix-channels.json')).length, 1, requests.join('\n'));
      await context.close();
    });

    test('live="off" never contacts anything but the page\'s own site', async () => {
      const { page, context, requests } = await open(PAGE, { attributes: { live: 'off' } });
      await page.waitForSelector('matrix-channels[data-state="snapshot"] .mc-room');
      const counts = await page.locator('.mc-room__count').evaluateAll((c) => c.map((e) => e.dataset.count));
      assert.deepEqual(counts, [...[...ROOMS].sort((a, b) => a.order.localeCompare(b.order)).map((r) => String(r.members)), '3']);
      // A live widget asks as soon as it is mounted; give one that would a
      // moment to show it (an observation window for a request that must
      // never come, not a wait for something to finish).
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
      const origin = new URL(url.url).origin;
      assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), []);
      await context.close();
    });

    test('live="consent": nothing leaves before the button, counts after it, and the choice is kept', async () => {
      const context = await browser.newContext();
      const { page, requests } = await open(PAGE, { attributes: { live: 'consent' } }, context);
      const button = page.locator('.mc-consent__button');
      await button.waitFor();
      const host = new URL(synapse.baseUrl).host;
      assert.equal(await button.textContent(), `Show live member counts — connects to ${host}`);
      assert.equal(requests.filter((u) => u.startsWith(synapse.baseUrl)).length, 0);
      await button.click();
      await page.waitForFunction(() => document.querySelectorAll('.mc-room__count[data-freshness="live"]').length > 0, null, { timeout: 20_000 });
      assert.ok(requests.some((u) => u.startsWith(synapse.baseUrl)));
      assert.equal(await button.textContent(), 'Stop live member counts');
      // A reload remembers: live counts without a click.
      const again = await open(PAGE, { attributes: { live: 'consent' } }, context);
      await again.page.waitForFunction(() => document.querySelectorAll('.mc-room__count[data-freshness="live"]').length > 0, null, { timeout: 20_000 });
      assert.equal(await again.page.locator('.mc-consent__button').textContent(), 'Stop live member counts');
      await context.close();
    });
  });

  // Issue 28, item 2: the activity the tool read (the test above checks
  // its numbers), as the include writes it at the site's build and as the
  // widget shows it when it takes the rows over, in both languages.
  describe('activity in the example Jekyll site', () => {
    let site, snapshot;
    const WORDS = {
      en: { 'activity-talk': '5 messages in the last 7 days', 'activity-quiet': 'no messages in the last 30 days',
        'activity-state-only': 'no messages in the last 30 days', 'activity-open': '2 messages in the last 7 days', 'activity-closed': null },
      de: { 'activity-talk': '5 Nachrichten in den letzten 7 Tagen', 'activity-quiet': 'keine Nachrichten in den letzten 30 Tagen',
        'activity-state-only': 'keine Nachrichten in den letzten 30 Tagen', 'activity-open': '2 Nachrichten in den letzten 7 Tagen', 'activity-closed': null },
    };
    const PAGES = { en: 'matrix-chat-snapshot/', de: 'de/matrix-chat-snapshot/' };

    before(async () => {
      const made = join(work, 'activity-site');
      const out = join(made, '_data/matrix_channels.json');
      const run = await snapshotTool([activity.spaceAlias, '--out', out, '--homeserver', synapse.baseUrl], { token: seeded.bot });
      assert.equal(run.code, 0, run.stderr);
      snapshot = JSON.parse(readFileSync(out, 'utf8'));
      const built = await buildExampleSite({
        prepare: async (source) => {
          cpSync(made, source, { recursive: true });
          writeFileSync(join(source, 'de/matrix-chat-snapshot.md'), `---
layout: default
title: Matrix-Chat (aus einem Snapshot)
permalink: /de/matrix-chat-snapshot/
---

{% include matrix-channels.html snapshot=site.data.matrix_channels lang="de" %}
`);
        },
      });
      site = await serveStatic(built, {
        rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }),
      });
      // Snapshots whose activity the widget's reader must refuse, each read
      // by a widget of its own on one page, beside one it takes (so the
      // page can show activity at all).
      const talk = `#activity-talk:${SERVER}`;
      const good = { last_message_at: snapshot.generated_at, messages_7d: 1, messages_30d: 1 };
      const hostile = [
        good, 'lots', [], { messages_7d: -1, messages_30d: 0 }, { messages_7d: '1', messages_30d: 2, last_message_at: snapshot.generated_at },
        { messages_7d: 1.5, messages_30d: 2, last_message_at: snapshot.generated_at }, { messages_7d: 0, messages_30d: 'RAW(1e300)' },
        { messages_7d: 0, messages_30d: 'RAW(18446744073709551616)', last_message_at: snapshot.generated_at },
        { messages_7d: 3, messages_30d: 2, last_message_at: snapshot.generated_at },
        { messages_7d: 0, messages_30d: 1, last_message_at: '9999-12-31T23:59:59Z' },
        { messages_7d: 0, messages_30d: 1, last_message_at: new Date(snapshot.generated_at_ms + 120_000).toISOString().replace(/\.\d+Z$/, 'Z') },
        { messages_7d: 0, messages_30d: 1, last_message_at: 'yesterday' },
      ];
      const widgets = hostile.map((value, i) => {
        const file = { ...snapshot, rooms: [{ alias: talk, link: `https://matrix.to/#/${talk}`, name: 'Talk', member_count: 3, activity: value }] };
        writeFileSync(join(built, `hostile-activity-${i}.json`), JSON.stringify(file).replace(/"RAW\((.*?)\)"/g, '$1'));
        return `<matrix-channels id="h${i}" loading="eager" live="off" snapshot="/hostile-activity-${i}.json">
          <ul><li><a href="https://matrix.to/#/${talk}">Talk from the page</a></li></ul></matrix-channels>`;
      });
      writeFileSync(join(built, 'hostile-activity.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
        <script type="module" src="/assets/matrix-channels/matrix-channels.js"></script></head><body>
        ${widgets.join('\n')}</body></html>`);
    });

    after(() => site?.close());

    /** Each row of the page's list with JavaScript off: its name and activity. */
    async function included(path) {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(site.url + path);
      const rows = await page.locator('matrix-channels li').evaluateAll((lis) => lis.map((li) => {
        const span = li.querySelector('.mc-room__activity');
        return {
          href: li.querySelector('a').getAttribute('href'),
          text: span?.textContent ?? null,
          attributes: span ? Object.fromEntries(span.getAttributeNames().map((n) => [n, span.getAttribute(n)])) : null,
        };
      }));
      await context.close();
      return rows;
    }

    /** The data attributes a row's activity must carry: the snapshot's raw numbers. */
    function expectedAttributes(room) {
      const attributes = {
        class: 'mc-room__activity',
        'data-messages-7d': String(room.activity.messages_7d),
        'data-messages-30d': String(room.activity.messages_30d),
      };
      if (room.activity.last_message_at) attributes['data-last-message-at'] = room.activity.last_message_at;
      return attributes;
    }

    for (const language of ['en', 'de']) {
      test(`${language}: the include and the widget show the same activity, its numbers in data attributes, in the row's label`, async () => {
        const rows = await included(PAGES[language]);
        assert.equal(rows.length, ACTIVITY_ROOMS.length);
        const byAlias = (alias) => snapshot.rooms.find((r) => r.alias === alias);
        for (const row of rows) {
          const alias = decodeURIComponent(row.href.replace('https://matrix.to/#/', ''));
          const words = WORDS[language][alias.slice(1).split(':')[0]];
          assert.equal(row.text, words, alias);
          assert.deepEqual(row.attributes, words && expectedAttributes(byAlias(alias)), alias);
        }
        // With JavaScript: the widget's rows, the same words.
        const context = await browser.newContext();
        const page = await context.newPage();
        page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
        await page.goto(site.url + PAGES[language]);
        await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: 20_000 });
        const widget = await page.locator('.mc-room').evaluateAll((lis) => lis.map((li) => {
          const span = li.querySelector('.mc-room__activity');
          return {
            alias: li.dataset.room,
            label: li.getAttribute('aria-label'),
            text: span?.textContent ?? null,
            attributes: span ? Object.fromEntries(span.getAttributeNames().map((n) => [n, span.getAttribute(n)])) : null,
          };
        }));
        assert.equal(widget.length, ACTIVITY_ROOMS.length);
        for (const row of widget) {
          const words = WORDS[language][row.alias.slice(1).split(':')[0]];
          assert.equal(row.text, words, row.alias);
          assert.deepEqual(row.attributes, words && expectedAttributes(byAlias(row.alias)), row.alias);
          if (words) {
            assert.ok(row.label.endsWith(`, ${words}`), `${row.alias}: ${row.label}`);
          } else {
            assert.doesNotMatch(row.label, /message|Nachricht/, row.alias);
          }
        }
        await context.close();
      });
    }

    test('rows with activity, light and dark: no axe violation (contrast included), and screenshots', async () => {
      for (const colorScheme of ['light', 'dark']) {
        const context = await browser.newContext({ colorScheme, viewport: { width: 800, height: 900 } });
        const page = await context.newPage();
        await page.goto(site.url + PAGES.en);
        await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: 20_000 });
        const { violations, checked } = await axeViolations(page, 'matrix-channels');
        assert.deepEqual(violations, [], colorScheme);
        assert.ok(checked.includes('color-contrast'), 'contrast was checked');
        await page.locator('matrix-channels').screenshot({ path: join(ROOT, `test-output/screenshots/activity-${colorScheme}.png`) });
        await context.close();
      }
    });

    test('a snapshot with hostile activity is refused: the page\'s own rows, no activity, a warning', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const warnings = [];
      page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      await page.goto(site.url + 'hostile-activity.html');
      const count = await page.locator('matrix-channels').count();
      await page.waitForFunction((n) => document.querySelectorAll('matrix-channels .mc-room').length === n, count);
      const rows = await page.locator('matrix-channels').evaluateAll((hosts) => hosts.map((host) => ({
        id: host.id,
        name: host.querySelector('.mc-room__name').textContent,
        activity: host.querySelector('.mc-room__activity')?.textContent ?? null,
      })));
      // The one the reader takes: the snapshot's row, with its activity.
      assert.deepEqual(rows[0], { id: 'h0', name: 'Talk', activity: '1 message in the last 7 days' });
      for (const row of rows.slice(1)) {
        assert.deepEqual(row, { id: row.id, name: 'Talk from the page', activity: null });
        const file = `/hostile-activity-${row.id.slice(1)}.json`;
        assert.ok(warnings.some((w) => w.includes(`${file}:`) && w.includes('reading the rooms from the page')), `${file}: ${warnings.join('\n')}`);
      }
      await context.close();
    });
  });
});
