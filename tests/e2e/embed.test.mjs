// Embedding: the loader, the example Jekyll site built with real Jekyll
// (Bootstrap 3, both markups, English and German, at the root and under a
// subpath), a strict Content Security Policy, no JavaScript, and
// screenshots. Against a real Synapse, in headless Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { cspViolations, launchChromium, recordCspViolations } from './support/browser.mjs';
import { buildExampleSite } from './support/jekyll.mjs';
import { expectServerCounts } from './support/expect.mjs';
import { fixturePages } from './support/fixtures.mjs';
import { VERSION } from './support/version.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'test-output/screenshots');
const PAGES = ['matrix-chat/', 'matrix-chat-paragraphs/', 'de/matrix-chat/', 'de/matrix-chat-absaetze/'];
const HOST = 'matrix-channels, [data-matrix-channels]';
const LIVE = 'matrix-channels[data-state="live"], [data-matrix-channels][data-state="live"]';

describe('embedding', () => {
  let synapse, browser, site, subSite, fixtures, builtSite;
  const pointAtSynapse = (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl });

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    builtSite = await buildExampleSite();
    site = await serveStatic(builtSite, { rewriteHtml: pointAtSynapse });
    subSite = await serveStatic(await buildExampleSite({ baseurl: '/some/sub' }), {
      prefix: '/some/sub/',
      rewriteHtml: pointAtSynapse,
    });
    fixtures = await serveStatic(fixturePages(), { rewriteHtml: pointAtSynapse });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    for (const server of [site, subSite, fixtures]) await server?.close();
    await synapse?.stop();
  });

  async function open(url, options = {}) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const requests = [];
    const errors = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return { page, context, requests, errors };
  }

  for (const path of PAGES) {
    test(`the example site's ${path} shows the live counts`, async () => {
      const { page, context, errors } = await open(site.url + path);
      const rows = await expectServerCounts(page, synapse, HOST);
      assert.equal(rows.length, ROOMS.length);
      if (path.startsWith('de/')) {
        assert.equal(await page.locator(HOST).getAttribute('lang'), 'de');
        assert.match(rows[0].description, /^Für allgemeine Diskussionen/);
      } else {
        assert.equal(rows[0].description, ROOMS[0].topic);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('the example site works under a baseurl subpath', async () => {
    for (const path of ['matrix-chat/', 'de/matrix-chat-absaetze/']) {
      const { page, context, requests } = await open(subSite.url + path);
      await expectServerCounts(page, synapse, HOST);
      const own = requests.filter((u) => u.startsWith(subSite.url.replace(/\/some\/sub\/$/, '')));
      assert.ok(own.every((u) => new URL(u).pathname.startsWith('/some/sub/')), `all files under the subpath: ${own}`);
      await context.close();
    }
  });

  // The include's preload hints (THE PRELOAD HINTS in the include): the
  // glue and the wasm start with the page, and the loader's import and
  // fetch take those downloads instead of starting their own.
  const hintsOf = (html) => [...html.matchAll(/<link rel="(modulepreload|preload)" href="([^"]+)"[^>]*>/g)]
    .map(([tag, rel, href]) => ({ rel, href, tag }));

  for (const [server, path] of [['site', 'matrix-chat/'], ['site', 'de/matrix-chat/'], ['subSite', 'matrix-chat/']]) {
    test(`the include's hints on ${server === 'subSite' ? 'the subpath site\'s ' : ''}${path} fetch the glue and the wasm once, as the page starts`, async () => {
      const base = { site, subSite }[server].url;
      const html = await (await fetch(base + path)).text();
      const hints = hintsOf(html);
      assert.deepEqual(hints.map((h) => h.rel), ['modulepreload', 'preload'], html);
      const [glue, wasm] = hints.map((h) => new URL(h.href, base + path));
      assert.match(glue.pathname, /\/assets\/matrix-channels\/matrix-channels-[0-9a-f]{16}\.js$/);
      assert.equal(wasm.pathname, glue.pathname.replace(/\.js$/, '_bg.wasm'));
      // kramdown writes the include's HTML back as XHTML: crossorigin="" />.
      assert.match(hints[1].tag, / as="fetch" crossorigin(="")?( \/)?>$/);

      // The loader is held until the glue and the wasm have been asked
      // for: only the hints can have asked (the loader asks after it runs).
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      const warnings = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      const asked = new Set();
      let bothAsked;
      const hinted = new Promise((resolve) => { bothAsked = resolve; });
      page.on('request', (r) => {
        asked.add(r.url());
        if (asked.has(glue.href) && asked.has(wasm.href)) bothAsked();
      });
      let held = false;
      await page.route(new URL('matrix-channels.js', glue).href, async (route) => {
        held = true;
        let timer;
        const late = new Promise((resolve) => { timer = setTimeout(resolve, 20_000, 'late'); });
        const outcome = await Promise.race([hinted, late]);
        clearTimeout(timer);
        await route.continue();
        if (outcome === 'late') errors.push(`the loader was held 20 s and the hints asked for ${[...asked].join(', ')}`);
      });
      await page.goto(base + path);
      await expectServerCounts(page, synapse, HOST);
      assert.ok(held, 'the loader was held');
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      // One download of each, the hint's: a hint the loader did not take
      // would be a second one.
      assert.equal(entries.filter((name) => name === glue.href).length, 1);
      assert.equal(entries.filter((name) => name === wasm.href).length, 1);
      assert.deepEqual(warnings.filter((w) => /preload/i.test(w)), []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('no hints with preload=false, or where the folder holds two releases', async () => {
    const built = await buildExampleSite({
      prepare: async (source) => {
        const page = readFileSync(join(source, 'matrix-chat.md'), 'utf8');
        writeFileSync(join(source, 'no-hints.md'), page
          .replace('permalink: /matrix-chat/', 'permalink: /no-hints/')
          .replace('{% include matrix-channels.html content=rooms %}', '{% include matrix-channels.html content=rooms preload=false %}'));
      },
    });
    assert.equal(hintsOf(readFileSync(join(built, 'no-hints/index.html'), 'utf8')).length, 0);
    assert.equal(hintsOf(readFileSync(join(built, 'matrix-chat/index.html'), 'utf8')).length, 2, 'the other pages keep theirs');
    const twoReleases = await buildExampleSite({
      prepare: async (source) => {
        writeFileSync(join(source, 'assets/matrix-channels/matrix-channels-0123456789abcdef.js'), '');
      },
    });
    assert.equal(hintsOf(readFileSync(join(twoReleases, 'matrix-chat/index.html'), 'utf8')).length, 0);
  });

  test('without JavaScript every link and description is still there', async () => {
    for (const path of PAGES) {
      const { page, context } = await open(site.url + path, { javaScriptEnabled: false });
      const links = await page.locator(`:is(${HOST}) a`).evaluateAll((as) =>
        as.filter((a) => a.checkVisibility()).map((a) => [a.textContent, a.getAttribute('href')]));
      assert.deepEqual(
        links.map(([, href]) => href),
        ROOMS.map((r) => `https://matrix.to/#/#${r.localpart}:matrix.org`),
        path,
      );
      const text = await page.locator(HOST).innerText();
      if (!path.startsWith('de/')) for (const room of ROOMS) assert.ok(text.includes(room.topic), `${path}: ${room.topic}`);
      await context.close();
    }
  });

  test('under a strict Content Security Policy', async () => {
    const csp = [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      `connect-src 'self' https: ${synapse.baseUrl}`,
    ].join('; ');
    const strict = await serveStatic(builtSite, {
      rewriteHtml: pointAtSynapse,
      headers: () => ({ 'content-security-policy': csp }),
    });
    try {
      const context = await browser.newContext();
      await recordCspViolations(context);
      const page = await context.newPage();
      const response = await page.goto(strict.url + 'matrix-chat/');
      assert.equal(response.headers()['content-security-policy'], csp);
      await expectServerCounts(page, synapse, HOST);
      assert.deepEqual(await cspViolations(page), []);
      await context.close();
    } finally {
      await strict.close();
    }
  });

  test('inside Bootstrap 3 the styles neither leak out nor get broken', async () => {
    const { page, context } = await open(site.url + 'matrix-chat/');
    await page.waitForSelector(LIVE);
    const outside = () =>
      page.evaluate(() => {
        const props = ['color', 'margin', 'padding', 'font', 'list-style', 'border', 'display', 'background-color'];
        return [...document.querySelectorAll('body *')]
          .filter((el) => !el.closest('matrix-channels, [data-matrix-channels]'))
          .map((el) => props.map((p) => getComputedStyle(el).getPropertyValue(p)).join('|'));
      });
    const withWidgetCss = await outside();
    await page.evaluate(() => document.querySelector('link[href*="matrix-channels/matrix-channels-"]').remove());
    assert.deepEqual(await outside(), withWidgetCss, 'the page outside the widget looks the same without its CSS');
    await page.reload();
    await page.waitForSelector(LIVE);
    const style = await page.evaluate(() => {
      const css = (sel) => getComputedStyle(document.querySelector(sel));
      return {
        bodyFont: css('body').fontFamily,
        rowFont: css('.mc-room').fontFamily,
        bodyColor: css('body').color,
        descriptionColor: css('.mc-room__description').color,
        listStyle: css('.mc-rooms').listStyleType,
        listPadding: css('.mc-rooms').paddingLeft,
        rowBorder: css('.mc-room').borderTopStyle,
      };
    });
    assert.equal(style.rowFont, style.bodyFont, 'inherits the page font');
    assert.equal(style.listStyle, 'none');
    assert.equal(style.listPadding, '0px');
    assert.equal(style.rowBorder, 'solid');
    await context.close();
  });

  test('screenshots: light and dark, phone and desktop', async () => {
    for (const colorScheme of ['light', 'dark']) {
      for (const [label, width] of [['narrow', 375], ['wide', 1200]]) {
        const { page, context } = await open(site.url + 'matrix-chat/', {
          colorScheme, viewport: { width, height: 900 },
        });
        await page.waitForSelector(LIVE);
        const list = page.locator(HOST);
        const path = join(SCREENSHOTS, `example-${colorScheme}-${label}.png`);
        await list.screenshot({ path });
        // The dark theme paints its own rows: readable on any page.
        const surface = await page.locator('.mc-room').first().evaluate((li) => getComputedStyle(li).backgroundColor);
        assert.equal(surface === 'rgba(0, 0, 0, 0)', colorScheme === 'light', `${colorScheme} row background ${surface}`);
        await context.close();
      }
    }
  });

  test('the theme attribute overrides the colour scheme', async () => {
    const { page, context } = await open(site.url + 'matrix-chat/', { colorScheme: 'dark' });
    await page.waitForSelector(LIVE);
    await page.locator('matrix-channels').evaluate((el) => el.setAttribute('theme', 'light'));
    assert.equal(await page.locator('.mc-room').first().evaluate((li) => getComputedStyle(li).backgroundColor), 'rgba(0, 0, 0, 0)');
    await context.close();
  });

  test('two widgets and two script tags: one wasm, one request per room', async () => {
    const { page, context, requests, errors } = await open(fixtures.url + 'two-widgets.html');
    await expectServerCounts(page, synapse, '#first');
    await expectServerCounts(page, synapse, '#second');
    const wasm = requests.filter((u) => u.endsWith('.wasm'));
    assert.equal(wasm.length, 1, 'one wasm download');
    const summaries = requests.filter((u) => u.includes('/room_summary/'));
    assert.equal(summaries.length, ROOMS.length, `one request per room: ${summaries.join('\n')}`);
    assert.equal(new Set(summaries).size, summaries.length);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a page with the loader and no widget makes one small request', async () => {
    const { page, context, requests } = await open(fixtures.url + 'no-widget.html');
    await page.waitForLoadState('networkidle');
    const assets = requests.filter((u) => !u.endsWith('.html'));
    assert.deepEqual(assets.map((u) => new URL(u).pathname), ['/matrix-channels/matrix-channels.js']);
    const size = await page.evaluate(() =>
      performance.getEntriesByType('resource').find((e) => e.name.endsWith('matrix-channels.js')).decodedBodySize);
    assert.ok(size < 2048, `loader ${size} bytes, more than 2 KiB`);
    // A maintainer can ask which release the page has.
    assert.equal(await page.evaluate(() => customElements.get('matrix-channels')?.version), VERSION);
    await context.close();
  });

  test('a widget loads when it comes near the viewport; added later it comes alive, removed it stops', async () => {
    const { page, context, requests } = await open(fixtures.url + 'lazy.html');
    await page.waitForLoadState('networkidle');
    assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 0, 'no wasm before the widget is near');
    assert.equal(await page.locator('#below').getAttribute('data-state'), null);
    await page.locator('#below').scrollIntoViewIfNeeded();
    await page.waitForSelector('#below[data-state="live"]');

    await page.evaluate((homeserver) => {
      const el = document.createElement('matrix-channels');
      el.id = 'added';
      el.setAttribute('homeserver', homeserver);
      el.setAttribute('loading', 'eager');
      el.setAttribute('rooms', '#de-rse.org-events:matrix.org');
      document.body.prepend(el);
    }, synapse.baseUrl);
    await expectServerCounts(page, synapse, '#added');
    const removed = await page.evaluateHandle(() => {
      const el = document.getElementById('added');
      el.remove();
      return el;
    });
    await page.waitForFunction((el) => el.querySelector('.mc-widget') === null && !el.hasAttribute('data-state'), removed);
    await context.close();
  });
});
