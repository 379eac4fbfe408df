// The configurator (/configure/): a maintainer pastes the de-RSE list, adds
// a restricted room and a misspelt alias, sets the homeserver, language,
// theme, refresh and `join`; the preview is the real widget with the
// server's counts, each room gets its verdict, and every snippet, copied
// with its button, builds a page — plain HTML under the CSP line it gave,
// and Jekyll pages with the include and with the kramdown div — that shows
// the preview's widget, live. Keyboard and screen reader: axe-clean, every
// control labelled and reachable with Tab. In headless Chromium against a
// real Synapse.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Synapse, SERVER_NAME } from './support/synapse.mjs';
import { ROOMS, seedDeRse } from './support/seed.mjs';
import { serveStatic, withDemoHomeserver } from './support/static-server.mjs';
import { launchChromium, recordCspViolations, cspViolations } from './support/browser.mjs';
import { buildExampleSite } from './support/jekyll.mjs';
import { axeViolations } from './support/axe.mjs';
import { expectServerCounts } from './support/expect.mjs';
import { startups } from './support/gate.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const aliasOf = (localpart) => `#${localpart}:${SERVER_NAME}`;
const BOARD = aliasOf('de-rse.org-board');
const MISSPELT = aliasOf('de-rse.org-genreal');

/** The de-RSE list as its Jekyll page has it (kramdown definition list). */
const PASTE = ROOMS.map((r) => `[${r.name}](https://matrix.to/#/${aliasOf(r.localpart)})\n: ${r.topic}`).join('\n');

const OUTPUTS = ['cf-out-jekyll', 'cf-out-kramdown', 'cf-out-html', 'cf-out-script', 'cf-out-csp'];

/** A widget's rows as a visitor sees them: alias, name, link, count text and value. */
const rowsOf = (page, host) =>
  page.locator(`${host} .mc-room`).evaluateAll((items) =>
    items.map((li) => ({
      alias: li.dataset.room,
      name: li.querySelector('.mc-room__name').textContent,
      href: li.querySelector('.mc-room__name').getAttribute('href'),
      count: li.querySelector('.mc-room__count').dataset.count ?? null,
      shown: li.querySelector('.mc-room__count').textContent,
      description: li.querySelector('.mc-room__description')?.textContent ?? null,
    })));

describe('the configurator', () => {
  let synapse, browser, site, context, page;
  const servers = [];
  let preview;
  const snippets = {};

  before(async () => {
    synapse = await Synapse.create();
    const { bot, members, roomIds } = await seedDeRse(synapse);
    // A room only the space's members may join: refused to visitors.
    const board = await synapse.api('POST', '/_matrix/client/v3/createRoom', {
      token: bot,
      body: {
        preset: 'private_chat', room_version: '10', room_alias_name: 'de-rse.org-board', name: 'Board',
        initial_state: [{ type: 'm.room.join_rules', state_key: '', content: {
          join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: roomIds[aliasOf('de-rse.org')] }],
        } }],
      },
    });
    await synapse.join(members[0], board.room_id);
    site = await serveStatic(resolve(ROOT, 'dist'));
    servers.push(site);
    browser = await launchChromium();
    context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    await startups.run(() => page.goto(`${site.url}configure/`));
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    await synapse?.stop();
  });

  test('filled in: the preview shows the server’s counts, each room its verdict', async () => {
    await page.getByLabel('Your room list').fill(PASTE);
    await page.getByLabel('Add a room by its alias').fill(BOARD);
    await page.getByRole('button', { name: 'Add room' }).click();
    // Enter adds too.
    await page.getByLabel('Add a room by its alias').fill(MISSPELT);
    await page.getByLabel('Add a room by its alias').press('Enter');
    await page.getByLabel(/^Homeserver/).fill(synapse.baseUrl);
    await page.getByLabel('Language of the widget').selectOption('de');
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByLabel(/^Refresh every/).fill('300');
    await page.getByLabel('Room links lead to').fill('matrix');
    await page.getByLabel('Room links lead to').press('Tab');

    const widget = '#cf-preview matrix-channels[lang="de"][theme="dark"][join="matrix"][refresh="300"]';
    preview = await expectServerCounts(page, synapse, widget);
    preview = await rowsOf(page, widget);
    assert.deepEqual(preview.map((r) => r.alias), [...ROOMS.map((r) => aliasOf(r.localpart)), BOARD, MISSPELT]);
    for (const room of ROOMS) {
      const row = preview.find((r) => r.alias === aliasOf(room.localpart));
      assert.equal(row.name, room.name);
      assert.equal(row.count, String(room.members));
      assert.match(row.shown, /Mitglied/, 'the widget speaks German');
      assert.equal(row.href, `matrix:r/${room.localpart}:${SERVER_NAME}`);
    }

    await page.waitForSelector('.cf-verdict-list:not(:has([data-verdict="checking"]))');
    const verdicts = await page.locator('.cf-verdict').evaluateAll((items) =>
      items.map((li) => [li.dataset.room, li.dataset.verdict, li.textContent, li.querySelector('a')?.href ?? null]));
    for (const room of ROOMS) {
      const [, verdict, text, link] = verdicts.find(([alias]) => alias === aliasOf(room.localpart));
      assert.equal(verdict, 'public');
      assert.match(text, new RegExp(`Public: ${room.members} members`));
      assert.equal(link, null);
    }
    const [, boardVerdict, boardText, boardLink] = verdicts.find(([alias]) => alias === BOARD);
    assert.equal(boardVerdict, 'refused');
    assert.match(boardText, /Refused to anonymous visitors/);
    assert.match(boardLink, /#snapshot-all-rooms-no-third-party-request$/);
    const [, misspelt, misspeltText] = verdicts.find(([alias]) => alias === MISSPELT);
    assert.equal(misspelt, 'unknown-alias');
    assert.match(misspeltText, /Unknown alias/);
    assert.equal(await page.locator('.cf-summary').textContent(), '5 of 7 rooms show a live count to visitors.');
    await page.setViewportSize({ width: 1100, height: 1400 });
    await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
    await page.screenshot({ path: resolve(ROOT, 'test-output/screenshots/configure.png') });
  });

  test('every snippet copies with its button', async () => {
    for (const id of OUTPUTS) {
      await page.locator(`[data-copies="${id}"]`).click();
      await page.waitForSelector('.cf-status:text("Copied.")');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await page.locator(`#${id}`).inputValue(), `${id} as shown`);
      snippets[id] = copied;
      await page.evaluate(() => navigator.clipboard.writeText(''));
    }
    assert.match(snippets['cf-out-csp'], new RegExp(`connect-src 'self' ${synapse.baseUrl}\\n$`));
    assert.match(snippets['cf-out-jekyll'], /^\{% capture rooms %\}\n\[deRSE-general\]/);
    assert.match(snippets['cf-out-jekyll'], /content=rooms homeserver="[^"]+" lang="de" theme="dark" refresh="300" join="matrix" %\}\n$/);
  });

  test('the plain HTML snippet and script tag, under the CSP line, give the preview’s widget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'matrix-channels-configured-'));
    cpSync(resolve(ROOT, 'dist/matrix-channels'), join(dir, 'assets/matrix-channels'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Our rooms</title>
${snippets['cf-out-script']}</head>
<body><h1>Our rooms</h1>
${snippets['cf-out-html']}</body></html>
`);
    const csp = snippets['cf-out-csp'].replace(/^Content-Security-Policy: /, '').trim();
    const plain = await serveStatic(dir, { headers: () => ({ 'content-security-policy': csp }) });
    servers.push(plain);
    const visitor = await browser.newContext();
    await recordCspViolations(visitor);
    const tab = await visitor.newPage();
    await startups.run(() => tab.goto(plain.url));
    await expectServerCounts(tab, synapse);
    assert.deepEqual(await rowsOf(tab, 'matrix-channels'), preview);
    assert.deepEqual(await cspViolations(tab), []);
    await visitor.close();
  });

  test('the Jekyll include and the kramdown div give the preview’s widget', async () => {
    const built = await buildExampleSite({
      prepare: async (source) => {
        for (const [name, id] of [['with-include', 'cf-out-jekyll'], ['with-div', 'cf-out-kramdown']]) {
          mkdirSync(join(source, name), { recursive: true });
          writeFileSync(join(source, name, 'index.md'), `---\nlayout: default\ntitle: Our rooms\n---\n\nOur rooms:\n\n${snippets[id]}`);
        }
      },
    });
    const jekyll = await serveStatic(built);
    servers.push(jekyll);
    for (const path of ['with-include/', 'with-div/']) {
      const visitor = await browser.newContext();
      const tab = await visitor.newPage();
      await startups.run(() => tab.goto(`${jekyll.url}${path}`));
      await expectServerCounts(tab, synapse, 'matrix-channels, [data-matrix-channels]');
      assert.deepEqual(await rowsOf(tab, ':is(matrix-channels, [data-matrix-channels])'), preview, path);
      await visitor.close();
    }
  });

  test('pasted HTML is only read: nothing in it runs or loads', async () => {
    const tab = await context.newPage();
    const requested = [];
    tab.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await startups.run(() => tab.goto(`${site.url}configure/`));
    await tab.getByLabel('Your room list').fill(
      '<p><img src="/pasted-image.png" onerror="window.__ran = 1"><script>window.__ran = 2</script>' +
      '<iframe src="/pasted-frame.html"></iframe><a href="https://matrix.to/#/#x:example.org" onclick="window.__ran = 3">X</a>: y</p>');
    await tab.waitForSelector('#cf-preview matrix-channels');
    assert.equal(await tab.evaluate(() => window.__ran), undefined);
    assert.deepEqual(requested.filter((p) => p.startsWith('/pasted')), []);
    assert.equal(await tab.locator('.cf-verdict').count(), 1);
    assert.equal(await tab.locator('#cf-preview a[onclick], #cf-preview img, #cf-preview script').count(), 0);
    await tab.close();
  });

  test('a page with the widget downloads nothing of the configurator', async () => {
    const demo = await serveStatic(resolve(ROOT, 'dist'), { rewriteHtml: (html) => withDemoHomeserver(html, synapse.baseUrl) });
    servers.push(demo);
    const visitor = await browser.newContext();
    const tab = await visitor.newPage();
    const requested = [];
    tab.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await startups.run(() => tab.goto(demo.url));
    await expectServerCounts(tab, synapse);
    assert.ok(requested.some((p) => p.endsWith('_bg.wasm')), 'the widget loaded');
    assert.deepEqual(requested.filter((p) => p.includes('configure')), []);
    await visitor.close();
  });

  test('keyboard and screen reader: labelled, reachable, axe-clean, in German too', async () => {
    const { violations } = await axeViolations(page);
    assert.deepEqual(violations, []);
    // Every control has a name and is reached with Tab, in order.
    const reached = new Set();
    await page.locator('#cf-page-language').focus();
    for (let i = 0; i < 80 && !reached.has('copy cf-out-csp'); i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => {
        const e = document.activeElement;
        return e.dataset.copies ? `copy ${e.dataset.copies}` : e.id;
      }));
    }
    const controls = await page.locator('main :is(input, select, textarea, button[data-copies])').evaluateAll((all) =>
      all.map((e) => (e.dataset.copies ? `copy ${e.dataset.copies}` : e.id)));
    assert.ok(controls.length >= 20, 'the form, the outputs and their buttons');
    for (const id of controls) {
      assert.ok(reached.has(id), `${id} is reached with Tab`);
    }
    await page.getByLabel('Language of this page').selectOption('de');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await page.locator('h1').textContent(), 'matrix-channels einrichten');
    assert.equal(await page.locator('.cf-summary').textContent(), '5 von 7 Räumen zeigen Besuchern eine Live-Zahl.');
    assert.match(await page.locator(`.cf-verdict[data-room="${BOARD}"]`).textContent(), /Anonymen Besuchern verweigert/);
    assert.deepEqual((await axeViolations(page)).violations, []);
  });

  test('live="snapshot": the preview asks no homeserver, and says why it shows no counts', async () => {
    const note = '.cf-preview-note';
    assert.equal(await page.locator(note).count(), 0, 'live counts: no note');
    const asked = [];
    const onRequest = (request) => asked.push(request.url());
    page.on('request', onRequest);
    try {
      await page.locator('#cf-live').selectOption('snapshot');
      // The widget mounts as the preview comes near the screen (loading
      // is lazy), as a maintainer scrolls to it.
      await page.locator('#cf-preview').scrollIntoViewIfNeeded();
      const widget = '#cf-preview matrix-channels[live="snapshot"]';
      // Settled: the site's snapshot was asked for (the configurator's
      // site has none) and the rows are the pasted list's.
      await page.waitForSelector(`${widget}[data-state="snapshot"] .mc-room`);
      const rows = await rowsOf(page, widget);
      assert.deepEqual(rows.map((r) => r.alias), preview.map((r) => r.alias));
      assert.deepEqual(rows.map((r) => [r.count, r.shown]), rows.map(() => [null, '']));
      assert.deepEqual(asked.map((url) => new URL(url).pathname), ['/assets/matrix-channels.json']);
      assert.ok(asked.every((url) => !url.startsWith(synapse.baseUrl)), 'no homeserver request');
      // The page is in German since the test before.
      assert.match(await page.locator(note).textContent(), /Snapshot-Datei Ihrer Website, die diese Seite nicht hat/);
      assert.deepEqual((await axeViolations(page)).violations, []);
    } finally {
      page.off('request', onRequest);
    }
    await page.locator('#cf-live').selectOption('auto');
    await page.waitForSelector(note, { state: 'detached' });
  });
});
