// The configurator and a hostile paste (issue 27): a maintainer pastes a
// list from elsewhere, whose link names an alias spelling a Markdown link
// and a character reference. Every snippet is built with the real Jekyll
// (kramdown, GFM as Jekyll's default) and read by Chromium: every link in
// the built page, and every link the widget then shows, is the matrix.to
// URL of the alias — never `javascript:`. No homeserver is needed: the
// snippets do not depend on the answers.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from './support/static-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { buildExampleSite } from './support/jekyll.mjs';
import { startups } from './support/gate.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** The paste: kramdown made `javascript&#58;alert(…)` of it. */
const HOSTILE_HREF = 'https://matrix.to/#/%23a%29%5BJoin%5D%28javascript%26%2358%3Balert(document.domain)%3Bx%3Aexample.org';
const PASTE = `<p><a href="${HOSTILE_HREF}">Official chat</a>: for everyone</p>
<p><a href="https://matrix.to/#/#general:example.org">General</a>: ordinary</p>`;
/** The links the widget writes for the two aliases (core: matrix_to_url). */
const EXPECTED = [
  'https://matrix.to/#/#a%29%5BJoin%5D%28javascript%26%2358%3Balert%28document.domain%29%3Bx:example.org',
  'https://matrix.to/#/#general:example.org',
];
const SNIPPETS = { 'with-include': 'cf-out-jekyll', 'with-div': 'cf-out-kramdown', 'with-html': 'cf-out-html' };
const WIDGET = ':is(matrix-channels, [data-matrix-channels])';

describe('the configurator and a hostile paste', () => {
  let browser, site, jekyll;
  const snippets = {};

  before(async () => {
    site = await serveStatic(resolve(ROOT, 'dist'));
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.route('https://example.org/**', (route) => route.abort());
    await startups.run(() => page.goto(`${site.url}configure/`));
    await page.getByLabel('Your room list').fill(PASTE);
    await page.waitForSelector('#cf-preview matrix-channels');
    for (const id of [...Object.values(SNIPPETS), 'cf-out-script']) snippets[id] = await page.locator(`#${id}`).inputValue();
    await page.close();
    const built = await buildExampleSite({
      prepare: async (source) => {
        for (const [name, id] of Object.entries(SNIPPETS)) {
          mkdirSync(join(source, name), { recursive: true });
          // Plain HTML needs the script tag snippet beside it.
          const script = name === 'with-html' ? snippets['cf-out-script'] : '';
          writeFileSync(join(source, name, 'index.md'), `---\nlayout: default\ntitle: Our rooms\n---\n\nOur rooms:\n\n${snippets[id]}\n${script}`);
        }
      },
    });
    jekyll = await serveStatic(built);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await jekyll?.close();
  });

  for (const [name, id] of Object.entries(SNIPPETS)) {
    test(`${id}, built with Jekyll: every link is the matrix.to link of its alias, as the widget writes it`, async () => {
      // Without JavaScript: the list as the page itself has it.
      const plain = await browser.newContext({ javaScriptEnabled: false });
      const tab = await plain.newPage();
      await tab.goto(`${jekyll.url}${name}/`);
      const hrefs = await tab.locator(`${WIDGET} a`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, EXPECTED, snippets[id]);
      await plain.close();

      // With it: the widget's rows link to the same URLs.
      const live = await browser.newContext();
      await live.route('https://example.org/**', (route) => route.abort());
      const page = await live.newPage();
      await startups.run(() => page.goto(`${jekyll.url}${name}/`));
      await page.waitForSelector(`${WIDGET} .mc-room:nth-child(2)`);
      const shown = await page.locator(`${WIDGET} .mc-room__name`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert.deepEqual(shown, EXPECTED);
      await live.close();
    });
  }
});
