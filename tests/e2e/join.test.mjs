// `join`: where the rooms' links lead, the site's choice — matrix.to (the
// default), `matrix:` URIs, or a web client's link template with `{alias}`.
// The widget's rows on the example site (both spellings, `join` and
// `data-join`) against a real Synapse, a hostile template refused with a
// console warning, and the Jekyll include's server-rendered list from a
// snapshot, with JavaScript off (its markup) and on (the widget's rows,
// which must lead where the list did). In headless Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { buildExampleSite } from './support/jekyll.mjs';
import { expectServerCounts } from './support/expect.mjs';
import { startups } from './support/gate.mjs';

const CLIENT = 'https://chat.example.org/#/room/{alias}';
const HOSTILE = [
  'javascript:alert(1)//{alias}',
  ' JAVASCRIPT:alert(1)//{alias}',
  'data:text/html,<script>alert(1)</script>{alias}',
  'https://evil.example/{alias}{alias}',
  'https://u:p@chat.example.org/{alias}',
  '//chat.example.org/{alias}',
  'http://chat.example.org/{alias}',
];

/** The links each form gives `alias`, as the core writes them. */
/** Everything but RFC 3986's unreserved characters, as the core and Liquid's `url_encode` do. */
const encoded = (alias) =>
  encodeURIComponent(alias).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const LINKS = {
  // matrix.to keeps the sigil, `:` and `@` readable and encodes the rest
  // but the unreserved characters: no Markdown or HTML reading can split
  // the link (issue 27).
  matrixto: (alias) => `https://matrix.to/#/${alias[0]}${encoded(alias.slice(1)).replaceAll('%3A', ':').replaceAll('%40', '@')}`,
  matrix: (alias) => `matrix:r/${encoded(alias.slice(1)).replaceAll('%3A', ':')}`,
  [CLIENT]: (alias) => CLIENT.replace('{alias}', encoded(alias)),
};

const aliasOf = (room) => `#${room.localpart}:matrix.org`;

/**
 * A snapshot's rooms: the seeded ones, two whose aliases try to leave their
 * placeholder (or the attribute), one without an alias.
 */
const ODD_ALIASES = ['#a/b?c&d=e#f ü:matrix.org', '#"><img src=x onerror=alert(1)>{alias}:matrix.org'];
function snapshot(homeserver) {
  const room = (alias, name, count) => ({
    alias, room_id: null, link: alias && LINKS.matrixto(alias), name, topic: null, member_count: count,
    join_rule: 'public', room_type: null, suggested: false, depth: 1, avatar: null,
  });
  return {
    schema: 1,
    generated_at: '2025-03-02T10:00:00Z',
    generated_at_ms: 1740909600000,
    homeserver,
    source: 'hierarchy',
    space: null,
    rooms: [
      ...ROOMS.map((r) => room(aliasOf(r), r.name, r.members)),
      ...ODD_ALIASES.map((alias) => room(alias, 'odd', 1)),
      { ...room(null, 'no alias', 2), room_id: '!n:matrix.org', link: 'https://matrix.to/#/!n:matrix.org?via=matrix.org' },
    ],
  };
}

/** Jekyll pages by name: the include's `join` argument (none: the default). */
const JEKYLL_PAGES = {
  'join-default': null,
  'join-matrixto': 'matrixto',
  'join-matrix': 'matrix',
  'join-client': CLIENT,
  'join-hostile': HOSTILE[0],
  'join-twice': HOSTILE[3],
};

describe('join: where room links lead', () => {
  let synapse, browser, builtSite;
  const servers = [];

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    builtSite = await buildExampleSite({
      prepare: async (source) => {
        mkdirSync(join(source, '_data'), { recursive: true });
        writeFileSync(join(source, '_data/matrix_channels.json'), JSON.stringify(snapshot(synapse.baseUrl), null, 1));
        for (const [name, value] of Object.entries(JEKYLL_PAGES)) {
          const argument = value === null ? '' : ` join="${value.replaceAll('"', '&quot;')}"`;
          writeFileSync(join(source, `${name}.html`), `---
layout: default
title: ${name}
permalink: /${name}/
---
{% include matrix-channels.html snapshot=site.data.matrix_channels live="off"${argument} %}
`);
        }
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await synapse?.stop();
  });

  /** The example site, each widget given `attributes` (and the local homeserver). */
  async function serveWith(attributes) {
    const site = await serveStatic(builtSite, {
      rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl, ...attributes }),
    });
    servers.push(site);
    return site;
  }

  /** Opens `url`; returns the page and the console's warnings. */
  async function open(url, { javaScriptEnabled = true } = {}) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const warnings = [];
    const errors = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await startups.run(() => page.goto(url));
    return { page, context, warnings, errors };
  }

  /** The widget's rows: alias and where the name links to. */
  const rowLinks = (page) =>
    page.locator('.mc-room').evaluateAll((rows) =>
      rows.map((li) => [li.dataset.room, li.querySelector('a.mc-room__name').getAttribute('href')]));

  const seeded = ROOMS.map(aliasOf);

  for (const [form, path] of [['matrixto', 'matrix-chat/'], ['matrix', 'matrix-chat-paragraphs/'], [CLIENT, 'matrix-chat/']]) {
    test(`join="${form}" leads every row there (${path})`, async () => {
      const site = await serveWith({ join: form });
      const { page, context, warnings, errors } = await open(site.url + path);
      const host = path === 'matrix-chat/' ? 'matrix-channels' : '[data-matrix-channels]';
      if (host !== 'matrix-channels') {
        assert.equal(await page.locator(host).getAttribute('data-join'), form, 'the div form spells it data-join');
      }
      await expectServerCounts(page, synapse, host);
      assert.deepEqual(await rowLinks(page), seeded.map((alias) => [alias, LINKS[form](alias)]));
      assert.deepEqual(warnings.filter((w) => w.includes('join=')), []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('a hostile template is refused with a console warning, and the links lead to matrix.to', async () => {
    for (const template of HOSTILE) {
      const site = await serveWith({ join: template });
      const { page, context, warnings, errors } = await open(site.url + 'matrix-chat/');
      await expectServerCounts(page, synapse);
      assert.deepEqual(await rowLinks(page), seeded.map((alias) => [alias, LINKS.matrixto(alias)]), template);
      const warning = warnings.find((w) => w.includes('join="'));
      assert.ok(warning, `a warning for ${template}: ${warnings.join('\n')}`);
      assert.match(warning, /the links lead to matrix\.to/);
      assert.deepEqual(errors, []);
      const schemes = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.protocol));
      assert.ok(schemes.every((s) => s === 'https:' || s === 'http:'), `${template}: ${schemes}`);
      await context.close();
    }
  });

  describe('the Jekyll include', () => {
    let site;
    before(async () => {
      site = await serveStatic(builtSite);
      servers.push(site);
    });

    const withAlias = [...seeded, ...ODD_ALIASES];
    const expected = {
      'join-default': LINKS.matrixto,
      'join-matrixto': LINKS.matrixto,
      'join-matrix': LINKS.matrix,
      'join-client': LINKS[CLIENT],
      'join-hostile': LINKS.matrixto,
      'join-twice': LINKS.matrixto,
    };
    for (const name of Object.keys(JEKYLL_PAGES)) {
      test(`${name}: the server-rendered list and the widget lead to the same place`, async () => {
        const argument = JEKYLL_PAGES[name];
        // Without JavaScript: the include's own list.
        const plain = await open(`${site.url}${name}/`, { javaScriptEnabled: false });
        const element = plain.page.locator('matrix-channels');
        assert.equal(await element.getAttribute('join'), argument, 'the include passes join on');
        const listed = await plain.page.locator('.mc-snapshot li').evaluateAll((items) =>
          items.map((li) => li.querySelector('a')?.getAttribute('href') ?? null));
        assert.deepEqual(listed, [
          ...withAlias.map(expected[name]),
          'https://matrix.to/#/!n:matrix.org?via=matrix.org',
        ]);
        await plain.context.close();

        // With JavaScript: the widget takes the rows over from the same
        // snapshot (rooms with an alias only) and links them alike.
        const live = await open(`${site.url}${name}/`);
        await live.page.waitForFunction(
          (n) => document.querySelectorAll('matrix-channels .mc-room').length === n,
          withAlias.length,
          { timeout: 20_000 },
        );
        assert.deepEqual(await rowLinks(live.page), withAlias.map((alias) => [alias, expected[name](alias)]));
        const warned = live.warnings.some((w) => w.includes('join="'));
        assert.equal(warned, expected[name] === LINKS.matrixto && Boolean(argument) && argument !== 'matrixto', live.warnings.join('\n'));
        assert.deepEqual(live.errors, []);
        assert.equal(await live.page.locator('img[src="x"], .mc-snapshot img').count(), 0, 'no markup from an alias');
        await live.context.close();
      });
    }
  });
});
