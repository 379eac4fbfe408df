// The Jekyll include (examples/jekyll/_includes/matrix-channels.html) renders
// a snapshot from _data/, which the snapshot tool fills with a homeserver's
// answers: strangers' data. This builds the example site with real Jekyll
// around a hostile snapshot and a good one, and reads the result in
// headless Chromium with JavaScript off (what the markup is) and on (what
// it does). Nothing of the data may become an element or an attribute, or
// a link anywhere but matrix.to; a good snapshot renders as it always did.
// Needs no wasm build: the loader the page names is simply not there.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
/** The site's root: where an avatar `//host/x` would be another site's. */
const BASEURL = '';
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

/** A snapshot as `matrix-channels snapshot` writes it, with these rooms. */
function snapshot(generatedAt, rooms) {
  return {
    schema: 1,
    generated_at: generatedAt,
    generated_at_ms: 1740909600000,
    homeserver: 'https://matrix.example.org',
    source: 'hierarchy',
    space: { alias: '#space:example.org', link: 'https://matrix.to/#/#space:example.org', name: 'Space', depth: 0 },
    rooms: rooms.map((room) => ({
      alias: null, room_id: null, link: null, name: null, topic: null, member_count: null,
      join_rule: 'public', room_type: null, suggested: false, depth: 1, avatar: null, ...room,
    })),
  };
}

/** A number written into the JSON as it is (1.0e+5, 12.0: floats to Jekyll). */
const raw = (number) => `RAW(${number})`;
const toJson = (value) => JSON.stringify(value, null, 1).replace(/"RAW\((.*?)\)"/g, '$1');

const HOSTILE = snapshot('<b>now</b>', [
  { alias: '#h1:example.org', name: SCRIPT, topic: IMG, link: 'javascript:alert(1)', member_count: '12<b>' },
  { alias: '#h2:example.org', name: IMG, topic: SCRIPT, link: 'https://evil.example/', member_count: -1,
    avatar: 'https://evil.example/x.png"onerror="alert(1)' },
  { alias: '#h3:example.org', name: 'h3', link: 'https://matrix.to/#/#h3:example.org', member_count: 1.5,
    avatar: 'javascript:alert(1)' },
  { alias: '#h4:example.org', name: 'h4', link: 'JavaScript:alert(1)//https://matrix.to/#/', member_count: '7',
    avatar: '//evil.example/x.png' },
  { alias: '#h5:example.org', name: 'h5', link: ' javascript:alert(1)', member_count: raw('1.0e+5'),
    avatar: '../../../secret.png' },
  { alias: '#h6:example.org', name: 'h6', link: 'https://matrix.to.evil.example/#/#h6:example.org', member_count: [3],
    avatar: '../assets/../../x.png' },
  { alias: '#h7:example.org', name: 'h7', link: 'https://matrix.to@evil.example/#/#h7:example.org', member_count: true,
    avatar: '/\\evil.example/x.png' },
  { alias: '#h8:example.org', name: { '<b>': SCRIPT }, topic: [IMG], link: ['https://matrix.to/#/#h8:example.org'],
    member_count: { n: 3 }, avatar: ['../assets/a.png'] },
  { alias: '#h9:example.org', name: 'h9', link: `https://matrix.to/#/#h9:example.org${IMG}`, member_count: ' 4',
    avatar: `../assets/x.png${IMG}` },
  { alias: '#h10:example.org', name: 'h10', link: 'data:text/html,<script>alert(1)</script>', member_count: '1e2',
    avatar: '../assets/x.png?a=1' },
  { alias: '#h11:example.org', name: 'h11', link: 'https://matrix.to/', member_count: raw('12.0'),
    avatar: '../assets/%2e%2e/x.png' },
  // The include sits in a Markdown page: kramdown must not read the data.
  { alias: '#h12:example.org', name: '[md](javascript:alert(1)) ![i](https://evil.example/i.png)',
    topic: '*em*{: #injected .injected} <https://evil.example/> {::nomarkdown}<b>x</b>{:/}',
    link: 'https://matrix.to/#/#h12:example.org', member_count: 2 },
  // Past 2^53, where the widget's reader stops trusting a number.
  { alias: '#h13:example.org', name: 'h13', link: 'https://matrix.to/#/#h13:example.org', member_count: raw('9007199254740993') },
]);

/**
 * The counts above the page may print: whole numbers, written as numbers
 * ('7' is text: refused, as the widget refuses it).
 */
const HOSTILE_GOOD_COUNTS = ['2'];

const GOOD = snapshot('2025-03-02T10:00:00Z', [
  { alias: '#de-rse.org-general:example.org', room_id: '!g:example.org', name: 'deRSE-general',
    link: 'https://matrix.to/#/#de-rse.org-general:example.org', topic: 'For general discussions & news',
    member_count: 12, suggested: true, avatar: '../assets/matrix-channels/avatars/Ab-9_x.png' },
  { alias: '#de-rse.org-jobs:example.org', room_id: '!j:example.org', name: 'deRSE-jobs',
    link: 'https://matrix.to/#/#de-rse.org-jobs:example.org', topic: 'Jobs', member_count: 1 },
  { room_id: '!abc/d:example.org', link: 'https://matrix.to/#/!abc%2Fd:example.org?via=example.org' },
  { alias: '#q:example.org', name: 'Ünïcödé "quoted" & <angle>', link: 'https://matrix.to/#/#q:example.org',
    member_count: 0, topic: 'x'.repeat(310) },
]);

/** The good snapshot's list as the include rendered it before issue 12. */
const GOOD_LIST = `<ul class="mc-snapshot">
  <li><a href="https://matrix.to/#/#de-rse.org-general:example.org"><img src="${BASEURL}/assets/matrix-channels/avatars/Ab-9_x.png" alt="" width="24" height="24" loading="lazy" /> deRSE-general</a> <data value="12">(12 members)</data>: For general discussions &amp; news</li>
  <li><a href="https://matrix.to/#/#de-rse.org-jobs:example.org">deRSE-jobs</a> <data value="1">(1 member)</data>: Jobs</li>
  <li><a href="https://matrix.to/#/!abc%2Fd:example.org?via=example.org">!abc/d:example.org</a></li>
  <li><a href="https://matrix.to/#/#q:example.org">Ünïcödé &quot;quoted&quot; &amp; &lt;angle&gt;</a> <data value="0">(0 members)</data>: ${'x'.repeat(297)}...</li>
</ul>`;

/**
 * A snapshot made at 2025-03-02T10:00:00Z (GOOD's generated_at_ms) whose
 * rooms' activity takes each of the core's branches (activity::Liveliness,
 * i18n::activity_label), with what the include must say in English and
 * German; `null`: no activity shown.
 */
const AS_OF = '2025-03-02T10:00:00Z';
const ACTIVITY_CASES = [
  [{ messages_7d: 12, messages_30d: 40, last_message_at: '2025-03-02T09:00:00Z' },
    '12 messages in the last 7 days', '12 Nachrichten in den letzten 7 Tagen'],
  [{ messages_7d: 1, messages_30d: 1, last_message_at: '2025-02-23T10:00:00Z' },
    '1 message in the last 7 days', '1 Nachricht in den letzten 7 Tagen'],
  [{ messages_7d: 1234, messages_30d: 1234, last_message_at: AS_OF },
    '1,234 messages in the last 7 days', '1.234 Nachrichten in den letzten 7 Tagen'],
  // None in 7 days: the last message, in whole days before the snapshot.
  [{ messages_7d: 0, messages_30d: 3, last_message_at: '2025-02-20T09:59:59Z' },
    'last message 10 days ago', 'letzte Nachricht vor 10 Tagen'],
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-01-31T10:00:00Z' },
    'last message 30 days ago', 'letzte Nachricht vor 30 Tagen'],
  // What only a hand-written snapshot says: the same rule, every word of it.
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-03-01T09:00:00Z' },
    'last message yesterday', 'letzte Nachricht gestern'],
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-02-28T10:00:00Z' },
    'last message 2 days ago', 'letzte Nachricht vorgestern'],
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-03-02T07:30:00Z' },
    'last message 2 hours ago', 'letzte Nachricht vor 2 Stunden'],
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-03-02T08:59:59Z' },
    'last message 1 hour ago', 'letzte Nachricht vor 1 Stunde'],
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-03-02T09:59:00Z' },
    'last message 1 minute ago', 'letzte Nachricht vor 1 Minute'],
  // Within the clocks' minute of skew after the snapshot: as of it.
  [{ messages_7d: 0, messages_30d: 1, last_message_at: '2025-03-02T10:00:59Z' },
    'last message this minute', 'letzte Nachricht in dieser Minute'],
  [{ messages_7d: 0, messages_30d: 0, last_message_at: '2021-06-05T10:00:00Z' },
    'last message 1,366 days ago', 'letzte Nachricht vor 1.366 Tagen'],
  [{ messages_7d: 0, messages_30d: 0, last_message_at: null },
    'no messages in the last 30 days', 'keine Nachrichten in den letzten 30 Tagen'],
  [{ messages_7d: 0, messages_30d: 0 },
    'no messages in the last 30 days', 'keine Nachrichten in den letzten 30 Tagen'],
  [undefined, null, null],
  [null, null, null],
  // Refused, as the widget's reader refuses them (snapshot::tests::
  // hostile_activity_is_refused_like_other_fields): no activity shown.
  ...[
    'lots', [], 12, true, { '<b>': 1 },
    { messages_7d: -1, messages_30d: 0 },
    { messages_7d: '1', messages_30d: 2, last_message_at: AS_OF },
    { messages_7d: 1.5, messages_30d: 2, last_message_at: AS_OF },
    { messages_7d: 1, messages_30d: raw('1e300'), last_message_at: AS_OF },
    { messages_7d: 0, messages_30d: raw('18446744073709551616'), last_message_at: AS_OF },
    { messages_7d: 0, messages_30d: raw('9007199254740993'), last_message_at: AS_OF },
    { messages_7d: raw('2.0'), messages_30d: 2, last_message_at: AS_OF },
    { messages_30d: 0 },
    { messages_7d: 0 },
    { messages_7d: 3, messages_30d: 2, last_message_at: AS_OF },
    { messages_7d: 0, messages_30d: 2 },
    { messages_7d: 0, messages_30d: 2, last_message_at: null },
    ...['yesterday', '', 'now', '2025-03-01T10:00:00+01:00', '2025-03-01 10:00:00Z', '2025-02-30T00:00:00Z',
      '2025-03-01T10:00:00.5Z', '2025-03-02T10:01:01Z', '9999-12-31T23:59:59Z', '2025-03-01T10:00:00Z\u202e',
      '1969-12-31T23:59:59Z', `2025-03-01T10:00:00Z${IMG}`, 1740909600, false, ['2025-03-01T10:00:00Z']]
      .map((last_message_at) => ({ messages_7d: 0, messages_30d: 1, last_message_at })),
  ].map((activity) => [activity, null, null]),
];
const ACTIVITY = {
  ...snapshot(AS_OF, ACTIVITY_CASES.map(([activity], i) => ({
    alias: `#a${i}:example.org`, name: `a${i}`, link: `https://matrix.to/#/#a${i}:example.org`, member_count: 2,
    ...(activity === undefined ? {} : { activity }),
  }))),
  generated_at_ms: 1740909600000,
};
/** A snapshot whose own time is no whole number: no row shows activity. */
const UNDATED = { ...ACTIVITY, generated_at_ms: '1740909600000' };

/** Pages by file; a Markdown page's HTML goes through kramdown, an HTML page's does not. */
const PAGES = {
  'activity.md': 'site.data.activity',
  'activity-de.md': 'site.data.activity lang="de"',
  'activity-undated.md': 'site.data.undated',
  'hostile.html': 'site.data.hostile',
  'hostile.md': 'site.data.hostile',
  'hostile-de.md': 'site.data.hostile lang="de"',
  'good.html': 'site.data.good',
  'good.md': 'site.data.good',
  'good-de.md': 'site.data.good lang="de"',
};

/** The example site with both snapshots in _data/ and a page for each. */
async function buildSite() {
  const work = mkdtempSync(join(tmpdir(), 'matrix-channels-include-'));
  const source = join(work, 'source');
  const site = join(work, 'site');
  cpSync(join(ROOT, 'examples/jekyll'), source, { recursive: true });
  mkdirSync(join(source, '_data'), { recursive: true });
  writeFileSync(join(source, '_data/hostile.json'), toJson(HOSTILE));
  writeFileSync(join(source, '_data/good.json'), toJson(GOOD));
  writeFileSync(join(source, '_data/activity.json'), toJson(ACTIVITY));
  writeFileSync(join(source, '_data/undated.json'), toJson(UNDATED));
  for (const [file, args] of Object.entries(PAGES)) {
    const name = file.replace('.', '-');
    writeFileSync(join(source, file), `---
layout: default
title: ${name}
permalink: /${name}/
---

{% include matrix-channels.html snapshot=${args} %}
`);
  }
  await promisify(execFile)('jekyll', [
    'build', '--source', source, '--destination', site, '--baseurl', BASEURL, '--quiet',
  ], { env: { ...process.env, JEKYLL_ENV: 'production', LANG: 'C.UTF-8' } });
  return { work, site };
}

/** The include's own elements and the attributes it writes on each. */
const ALLOWED = {
  'matrix-channels': ['snapshot', 'lang'],
  ul: ['class'],
  li: [],
  a: ['href'],
  img: ['src', 'alt', 'width', 'height', 'loading'],
  data: ['value'],
  span: ['class', 'data-messages-7d', 'data-messages-30d', 'data-last-message-at'],
  p: ['class'],
  small: [],
};

describe('the Jekyll include renders a hostile snapshot as text', () => {
  let work, built, server, browser;

  before(async () => {
    ({ work, site: built } = await buildSite());
    server = await serveStatic(built, { prefix: `${BASEURL}/` });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    // KEEP_INCLUDE_SITE=1 leaves the built site in the temporary folder for a look.
    if (work && !process.env.KEEP_INCLUDE_SITE) rmSync(work, { recursive: true, force: true });
  });

  /** The raw HTML of a page's <matrix-channels> element, as Jekyll wrote it. */
  function widgetSource(page) {
    const html = readFileSync(join(built, page, 'index.html'), 'utf8');
    const start = html.indexOf('<matrix-channels');
    const end = html.indexOf('</matrix-channels>');
    assert.ok(start >= 0 && end > start, `${page} has the include's element`);
    return html.slice(start, end + '</matrix-channels>'.length);
  }

  /** The page with JavaScript off: its elements, attributes and texts. */
  async function read(page) {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    const requests = [];
    tab.on('request', (r) => requests.push(r.url()));
    await tab.goto(`${server.url}${page}/`);
    const dom = await tab.evaluate(() => {
      const host = document.querySelector('matrix-channels');
      const all = [...document.querySelectorAll('*')];
      return {
        widgets: document.querySelectorAll('matrix-channels').length,
        inside: [host, ...host.querySelectorAll('*')].map((e) => ({
          tag: e.localName,
          attributes: e.getAttributeNames(),
        })),
        eventHandlers: all.flatMap((e) => e.getAttributeNames().filter((n) => /^on/i.test(n)).map((n) => `${e.localName}[${n}]`)),
        scripts: [...document.scripts].map((s) => ({ src: s.getAttribute('src'), text: s.textContent })),
        links: [...host.querySelectorAll('[href]')].map((e) => e.getAttribute('href')),
        images: [...document.querySelectorAll('img')].map((e) => ({ src: e.getAttribute('src'), resolved: e.src })),
        counts: [...host.querySelectorAll('data')].map((e) => ({ value: e.getAttribute('value'), text: e.textContent })),
        items: [...host.querySelectorAll('li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
        date: host.querySelector('.mc-snapshot-date')?.textContent ?? null,
      };
    });
    await context.close();
    return { ...dom, requests };
  }

  for (const page of ['hostile-html', 'hostile-md', 'hostile-de-md']) {
    test(`${page}: the data makes no element, no attribute, no script`, async () => {
      const dom = await read(page);
      assert.equal(dom.widgets, 1);
      for (const { tag, attributes } of dom.inside) {
        assert.ok(tag in ALLOWED, `no <${tag}> from the data`);
        for (const name of attributes) assert.ok(ALLOWED[tag].includes(name), `no ${name}= on <${tag}> from the data`);
      }
      assert.deepEqual(dom.eventHandlers, [], 'no event handler attribute anywhere');
      assert.deepEqual(dom.scripts, [{ src: `${BASEURL}/assets/matrix-channels/matrix-channels.js`, text: '' }],
        'the loader is the page\'s only script');
      // Every room is still listed, its name and topic as plain text.
      assert.equal(dom.items.length, HOSTILE.rooms.length);
      assert.ok(dom.items[0].startsWith(SCRIPT), dom.items[0]);
      assert.ok(dom.items[0].includes(IMG), dom.items[0]);
      assert.ok(dom.items[1].startsWith(IMG), dom.items[1]);
      assert.ok(dom.items[1].includes(SCRIPT), dom.items[1]);
      const markdown = dom.items.find((i) => i.startsWith('[md]'));
      assert.ok(markdown?.includes('[md](javascript:alert(1)) ![i](https://evil.example/i.png)'), markdown);
      assert.ok(markdown?.includes('*em*{: #injected .injected} <https://evil.example/> {::nomarkdown}<b>x</b>{:/}'), markdown);
    });

    test(`${page}: links only to matrix.to, avatars only from the site`, async () => {
      const dom = await read(page);
      for (const href of dom.links) assert.ok(href.startsWith('https://matrix.to/#/'), `a link to ${href}`);
      assert.deepEqual(dom.links, [
        'https://matrix.to/#/#h3:example.org',
        `https://matrix.to/#/#h9:example.org${IMG}`,
        'https://matrix.to/#/#h12:example.org',
        'https://matrix.to/#/#h13:example.org',
      ]);
      assert.deepEqual(dom.images, [], `no avatar of the hostile snapshot is a relative path: ${JSON.stringify(dom.images)}`);
      const origin = new URL(server.url).origin;
      assert.deepEqual(dom.requests.filter((u) => new URL(u).origin !== origin), [], 'nothing asked of another site');
    });

    test(`${page}: only whole counts are printed, and no date that is not one`, async () => {
      const dom = await read(page);
      assert.deepEqual(dom.counts.map((c) => c.value), HOSTILE_GOOD_COUNTS);
      for (const { value, text } of dom.counts) assert.match(text, new RegExp(`^\\(${value} (members|Mitglieder)\\)$`));
      const text = dom.items.join('\n');
      for (const bad of ['12<b>', '(12', '(-1', '1.5', '100000', '[3]', '(true', '( 4', '(4', '1e2', '(100', '(0', '(7', '9007199254740993']) {
        assert.ok(!text.includes(bad), `the count ${bad} is not printed`);
      }
      assert.equal(dom.date, null, 'no "as of" line for a date that is none');
      const source = widgetSource(page);
      assert.ok(!source.includes('<b>now</b>') && !source.includes('&lt;b&gt;now'), 'the bad date is not printed');
    });

    test(`${page}: every < in the markup is one of the include's own tags`, () => {
      const source = widgetSource(page);
      const tags = source.match(/<[^\s>]*/g);
      for (const tag of tags) {
        assert.match(tag, /^<\/?(matrix-channels|ul|li|a|img|data|span|p|small)$/, `a <${tag.slice(1)} that the include did not write`);
      }
      // Names and topics reach the source escaped.
      assert.ok(source.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(source.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    });

    test(`${page}: with JavaScript on, nothing of the data runs or asks another site`, async () => {
      // Tall enough that no lazy image waits for a scroll.
      const context = await browser.newContext({ viewport: { width: 1280, height: 4000 } });
      // Counts every image that has loaded or failed (before its own
      // onerror= runs), so the test waits for events, not for time.
      await context.addInitScript(() => {
        window.__imagesSettled = 0;
        const settled = (event) => { if (event.target instanceof HTMLImageElement) window.__imagesSettled += 1; };
        window.addEventListener('load', settled, true);
        window.addEventListener('error', settled, true);
      });
      const tab = await context.newPage();
      const origin = new URL(server.url).origin;
      const dialogs = [];
      const errors = [];
      const elsewhere = [];
      tab.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
      tab.on('pageerror', (e) => errors.push(e.message));
      // Another site's address fails at once, and is noted.
      await tab.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) return route.continue();
        elsewhere.push(url);
        return route.abort();
      });
      await tab.goto(`${server.url}${page}/`);
      await tab.waitForFunction(() => window.__imagesSettled >= document.images.length);
      assert.deepEqual(dialogs, [], 'no alert()');
      assert.deepEqual(errors, []);
      assert.deepEqual(elsewhere, [], 'nothing asked of another site');
      await context.close();
    });
  }

  /** Each row's activity element with JavaScript off, or null. */
  async function activityOf(page) {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(`${server.url}${page}/`);
    const rows = await tab.locator('matrix-channels li').evaluateAll((lis) => lis.map((li) => {
      const span = li.querySelector('.mc-room__activity');
      return span && {
        text: span.textContent,
        attributes: Object.fromEntries(span.getAttributeNames().map((n) => [n, span.getAttribute(n)])),
        item: li.textContent.replace(/\s+/g, ' ').trim(),
      };
    }));
    await context.close();
    return rows;
  }

  for (const [page, language] of [['activity-md', 1], ['activity-de-md', 2]]) {
    test(`${page}: each room's activity in the core's words, its numbers in data attributes, none where refused`, async () => {
      const rows = await activityOf(page);
      assert.equal(rows.length, ACTIVITY_CASES.length);
      ACTIVITY_CASES.forEach(([activity, ...words], i) => {
        const expected = words[language - 1];
        if (expected === null) {
          assert.equal(rows[i], null, `a${i}: ${JSON.stringify(activity)} shows no activity`);
          return;
        }
        assert.equal(rows[i]?.text, expected, `a${i}: ${JSON.stringify(activity)}`);
        const attributes = {
          class: 'mc-room__activity',
          'data-messages-7d': String(activity.messages_7d),
          'data-messages-30d': String(activity.messages_30d),
        };
        if (activity.last_message_at) attributes['data-last-message-at'] = activity.last_message_at;
        assert.deepEqual(rows[i].attributes, attributes, `a${i}`);
        const members = language === 1 ? 'members' : 'Mitglieder';
        assert.equal(rows[i].item, `a${i} (2 ${members}) · ${expected}`);
      });
    });
  }

  test('a snapshot whose time is no whole number shows no activity at all', async () => {
    const rows = await activityOf('activity-undated-md');
    assert.equal(rows.length, ACTIVITY_CASES.length);
    assert.deepEqual(rows.filter(Boolean), []);
  });

  test('a good snapshot renders exactly as before', async () => {
    // kramdown rewrites a Markdown page's <img> as <img … />.
    assert.equal(widgetSource('good-html'), `<matrix-channels snapshot="${BASEURL}/assets/matrix-channels.json">
${GOOD_LIST.replace(' /> deRSE-general', '> deRSE-general')}
<p class="mc-snapshot-date"><small>Member counts as of 2 March 2025</small></p>
</matrix-channels>`);
    const source = widgetSource('good-md');
    assert.equal(source, `<matrix-channels snapshot="${BASEURL}/assets/matrix-channels.json">
${GOOD_LIST}
<p class="mc-snapshot-date"><small>Member counts as of 2 March 2025</small></p>
</matrix-channels>`);
    const de = widgetSource('good-de-md');
    assert.equal(de, `<matrix-channels lang="de" snapshot="${BASEURL}/assets/matrix-channels.json">
${GOOD_LIST.replace('(1 member)', '(1 Mitglied)').replaceAll('members)', 'Mitglieder)')}
<p class="mc-snapshot-date"><small>Mitgliederzahlen vom 02.03.2025</small></p>
</matrix-channels>`);
    const dom = await read('good-md');
    assert.deepEqual(dom.images.map((i) => new URL(i.resolved).pathname), [`${BASEURL}/assets/matrix-channels/avatars/Ab-9_x.png`]);
    assert.deepEqual(dom.counts.map((c) => c.value), ['12', '1', '0']);
  });
});
