// The demo server behind scripts/demo: a seeded local Synapse and the built
// page pointed at it, or (--live) the page as it is, asking matrix.org.

import { resolve } from 'node:path';
import { Synapse } from './synapse.mjs';
import { seedDeRse } from './seed.mjs';
import { serveStatic, withDemoHomeserver } from './static-server.mjs';
import { freePort } from './ports.mjs';

const live = process.argv.includes('--live');
const dist = resolve(import.meta.dirname, '../../../dist');

async function listen(options) {
  const wanted = Number(process.env.PORT ?? 8080);
  try {
    return await serveStatic(dist, { ...options, port: wanted });
  } catch {
    console.log(`port ${wanted} is taken; using another`);
    return serveStatic(dist, { ...options, port: await freePort() });
  }
}

let synapse = null;
let site;
if (live) {
  site = await listen({});
  console.log('Asking matrix.org for the live de-RSE rooms.');
} else {
  console.log('Starting a local Synapse and seeding the de-RSE space…');
  synapse = await Synapse.create();
  await seedDeRse(synapse);
  site = await listen({ rewriteHtml: (html) => withDemoHomeserver(html, synapse.baseUrl) });
  console.log(`Synapse (calling itself matrix.org) is at ${synapse.baseUrl}, data in ${synapse.dir}`);
}
console.log(`\nOpen ${site.url} — the configurator is at ${site.url}configure/ — Ctrl-C stops the demo.`);

async function shutdown() {
  await site.close();
  await synapse?.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
