// The configurator's own weight and start-up (issue 15), beside the
// widget's page in the same run: node bench/configure.mjs [--runs N]
// (after scripts/build). Both pages served from dist/ compressed, cold
// (a fresh browser profile each load), unthrottled and throttled like the
// main benchmark (150 ms, 1.6 Mbit/s). Measured: bytes over the wire
// (encoded bodies of the page's own files), and the time until the form
// can be typed into (the paste box is there) — for the widget page, until
// its list is rendered. Also checks that the widget page requests nothing
// of the configurator. Prints a Markdown table for docs/benchmarks.md.

import { resolve } from 'node:path';
import { Synapse } from '../tests/e2e/support/synapse.mjs';
import { seedDeRse } from '../tests/e2e/support/seed.mjs';
import { serveStatic, withDemoHomeserver } from '../tests/e2e/support/static-server.mjs';
import { launchChromium } from '../tests/e2e/support/browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const i = process.argv.indexOf('--runs');
const RUNS = i > 0 ? Number(process.argv[i + 1]) : 5;
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

const synapse = await Synapse.create();
try {
  await seedDeRse(synapse);
  const server = await serveStatic(resolve(ROOT, 'dist'), {
    gzip: true,
    rewriteHtml: (html) => withDemoHomeserver(html, synapse.baseUrl),
  });
  const browser = await launchChromium();
  const PAGES = {
    widget: { path: '', ready: 'matrix-channels li.mc-room' },
    configurator: { path: 'configure/', ready: '#cf-paste' },
  };

  async function load(name, throttled) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (throttled) await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}${PAGES[name].path}`);
    await page.waitForSelector(PAGES[name].ready, { timeout: 120_000 });
    const ready = await page.evaluate(() => performance.now());
    const bytes = await page.evaluate((origin) => {
      const nav = performance.getEntriesByType('navigation')[0];
      return performance.getEntriesByType('resource')
        .filter((r) => r.name.startsWith(origin))
        .reduce((sum, r) => sum + r.encodedBodySize, nav.encodedBodySize);
    }, new URL(server.url).origin);
    await context.close();
    return { ready, bytes, requested };
  }

  const results = {};
  for (const throttled of [false, true]) {
    for (const name of Object.keys(PAGES)) results[`${name} ${throttled ? 'throttled' : 'unthrottled'}`] = [];
    // Interleaved, so a noisy moment hits both pages alike.
    for (let run = 0; run < RUNS; run++) {
      for (const name of Object.keys(PAGES)) {
        const result = await load(name, throttled);
        if (name === 'widget' && result.requested.some((p) => p.includes('/configure/'))) {
          throw new Error(`the widget's page requested the configurator: ${result.requested.join(', ')}`);
        }
        results[`${name} ${throttled ? 'throttled' : 'unthrottled'}`].push(result);
      }
    }
  }
  await browser.close();
  await server.close();

  const fmt = (s) => `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`;
  console.log(`Chromium ${browser.version()}, ${RUNS} cold loads each, interleaved; bytes are the page's own files as sent (gzip).\n`);
  console.log('| page | network | bytes | ready, ms: median (min–max) | ratio to the widget page |');
  console.log('|---|---|---:|---:|---:|');
  for (const network of ['unthrottled', 'throttled']) {
    const base = stats(results[`widget ${network}`].map((r) => r.ready));
    for (const name of Object.keys(PAGES)) {
      const rs = results[`${name} ${network}`];
      const ready = stats(rs.map((r) => r.ready));
      console.log(`| ${name === 'widget' ? 'the demo page (widget: list rendered)' : 'the configurator (form ready)'} | ${network} | ${median(rs.map((r) => r.bytes))} | ${fmt(ready)} | ×${(ready.median / base.median).toFixed(2)} |`);
    }
  }
  console.log('\nThe widget page requested nothing under /configure/ in any load.');
} finally {
  await synapse.stop();
}
