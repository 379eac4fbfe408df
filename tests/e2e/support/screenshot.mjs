// Writes a screenshot of the demo page with live counts from a seeded local
// Synapse: node tests/e2e/support/screenshot.mjs docs/demo.png [width] [dark]
// (run after `trunk build --release`).

import { resolve } from 'node:path';
import { Synapse } from './synapse.mjs';
import { seedDeRse } from './seed.mjs';
import { serveStatic, withWidgetAttributes } from './static-server.mjs';
import { launchChromium } from './browser.mjs';

const [out = 'docs/demo.png', width = '800', scheme = 'light'] = process.argv.slice(2);
const synapse = await Synapse.create();
try {
  await seedDeRse(synapse);
  const site = await serveStatic(resolve(import.meta.dirname, '../../../dist'), {
    rewriteHtml: (html) => withWidgetAttributes(html, { homeserver: synapse.baseUrl }),
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
  await page.goto(site.url);
  await page.waitForSelector('matrix-channels[data-state="live"]');
  const box = await page.locator('#our-space-and-channels').boundingBox();
  const end = await page.locator('#matrix-chat-1').boundingBox();
  await page.screenshot({ path: out, clip: { x: 0, y: box.y - 16, width: Number(width), height: end.y - box.y + 8 } });
  console.log(`wrote ${out}`);
  await browser.close();
  await site.close();
} finally {
  await synapse.stop();
}
