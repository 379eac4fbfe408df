// Accessibility and language: axe-core on the demo page and the example
// site's pages, light and dark, German and English, with zero violations;
// a keyboard walk through the widget; the language rules as a visitor meets
// them. Against a real Synapse, in headless Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withWidgetAttributes } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { buildExampleSite } from './support/jekyll.mjs';
import { fixturePages } from './support/fixtures.mjs';
import { axeViolations } from './support/axe.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const LIVE = ':is(matrix-channels, [data-matrix-channels])[data-state="live"]';
const EXAMPLE_PAGES = ['matrix-chat/', 'matrix-chat-paragraphs/', 'de/matrix-chat/', 'de/matrix-chat-absaetze/'];

describe('accessibility and language', () => {
  let synapse, browser, demo, site, fixtures;

  before(async () => {
    synapse = await Synapse.create();
    await seedDeRse(synapse);
    const point = (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl });
    demo = await serveStatic(resolve(ROOT, 'dist'), { rewriteHtml: point });
    site = await serveStatic(await buildExampleSite(), { rewriteHtml: point });
    fixtures = await serveStatic(fixturePages(), { rewriteHtml: point });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.close();
    await site?.close();
    await fixtures?.close();
    await synapse?.stop();
  });

  async function axe(url, colorScheme) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector(LIVE);
    const result = await axeViolations(page);
    await context.close();
    return result;
  }

  for (const colorScheme of ['light', 'dark']) {
    for (const [label, url] of [['demo page', () => demo.url], ...EXAMPLE_PAGES.map((p) => [`example ${p}`, () => site.url + p])]) {
      test(`axe: ${label}, ${colorScheme}: no violations`, async () => {
        const { violations, checked } = await axe(url(), colorScheme);
        assert.deepEqual(violations, []);
        assert.ok(checked.includes('color-contrast'), 'contrast was checked');
      });
    }
  }

  test('rows are named by room, count and state, in the page language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url + 'de/matrix-chat/');
    await page.waitForSelector(LIVE);
    const labels = await page.locator('.mc-room').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    assert.deepEqual(labels, ROOMS.map((r) => `${r.name}, ${r.members} Mitglied${r.members === 1 ? '' : 'er'}`));
    assert.equal(await page.locator('.mc-rooms').getAttribute('aria-label'), 'Matrix-Räume');
    assert.match(await page.locator('.mc-updated').innerText(), /^Mitgliederzahlen .* aktualisiert$/);
    assert.ok(await page.locator('.mc-updated time').getAttribute('datetime'));
    // The layout says lang="en" on German pages too, as de-RSE's does: the
    // include's lang parameter is what makes the widget German.
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await context.close();
  });

  test('without a lang anywhere the browser’s language decides', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(fixtures.url + 'no-lang.html');
    await page.waitForSelector(LIVE);
    assert.equal(await page.getAttribute('html', 'lang'), null);
    assert.equal(await page.locator('.mc-widget').getAttribute('lang'), 'de');
    assert.match(await page.locator('.mc-room__count').first().innerText(), /Mitglieder$/);
    await context.close();
  });

  test('a keyboard walk reaches every room link in reading order, with a visible focus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForSelector(LIVE);
    const expected = await page.locator('.mc-room__name').evaluateAll((links) => links.map((a) => a.href));
    const reached = [];
    for (let i = 0; i < 40 && reached.length < expected.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el?.classList.contains('mc-room__name')) return null;
        const style = getComputedStyle(el);
        return { href: el.href, outline: style.outlineStyle, width: style.outlineWidth };
      });
      if (focused) {
        assert.notEqual(focused.outline, 'none', 'focus is visible');
        reached.push(focused.href);
      }
    }
    assert.deepEqual(reached, expected);
    await context.close();
  });

  test('nothing moves under prefers-reduced-motion', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForSelector(LIVE);
    const moving = await page.evaluate(() =>
      [...document.querySelectorAll('matrix-channels *')].filter((el) => {
        const s = getComputedStyle(el);
        return s.animationName !== 'none' || (s.transitionDuration !== '0s' && s.transitionProperty !== 'all');
      }).length);
    assert.equal(moving, 0);
    await context.close();
  });
});
