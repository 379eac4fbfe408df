// What the widget's three live modes cost the homeserver and the site's
// static host, per visit and for 1, 100 and 10,000 visits (issue 28, item 5).
//   node bench/scale.mjs [--visits 1,100,10000] [--refresh 120]
//   (after scripts/build and cargo build --locked -p matrix-channels)
// Writes bench/scale-results.json and the part of docs/benchmarks.md
// between its markers ("Scale").
//
// Two counting proxies on loopback see every request: one in front of the
// static server with the built page (it adds the ETag a real host such as
// GitHub Pages sends, and answers If-None-Match with a 304), one in front
// of the local Synapse. Each counts requests, statuses and bytes sent
// (status line and headers, and the body as sent: gzip where the client
// asked). Then:
//  1. one `matrix-channels snapshot` run with the bot's token through the
//     homeserver's proxy: what one snapshot refresh (the README's
//     15-minute workflow) costs the homeserver; its JSON is the page's
//     snapshot;
//  2. per mode, one real visit in headless Chromium of the same page (the
//     demo page's 5 rooms, the widget given `snapshot`, `refresh` and
//     `live`): its load, then one refresh interval on Playwright's clock —
//     every request recorded at the proxies, and none to any other host;
//  3. that visit's requests replayed N times from Node, each visit a new
//     visitor (cold: no HTTP cache), 16 at a time, against the same
//     proxies, the same static server and the same Synapse.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Synapse } from '../tests/e2e/support/synapse.mjs';
import { SPACE, seedDeRse } from '../tests/e2e/support/seed.mjs';
import { serveStatic } from '../tests/e2e/support/static-server.mjs';
import { launchChromium } from '../tests/e2e/support/browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const VISITS = arg('--visits', '1,100,10000').split(',').map(Number);
const REFRESH_S = Number(arg('--refresh', 120));
const MODES = ['auto', 'snapshot', 'off'];
const CONCURRENCY = 16;
const TOOL = process.env.MATRIX_CHANNELS_BIN ?? join(ROOT, 'target/debug/matrix-channels');
for (const needed of [join(ROOT, 'dist/index.html'), TOOL]) {
  if (!existsSync(needed)) throw new Error(`bench/scale: ${needed} is missing (scripts/build; cargo build --locked -p matrix-channels)`);
}

// ---- counting proxies ------------------------------------------------------

/**
 * A proxy on loopback in front of `target` that counts what it sends back:
 * per request its method, path, status and bytes (head and body). With
 * `etag`, it gives each 200 an ETag (the body's hash) and answers a
 * matching If-None-Match with a 304 and no body, as a static host does.
 */
async function countingProxy(target, { etag = false } = {}) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const log = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers, host: upstream.host };
      delete headers['if-none-match']; // answered here, from the body's hash
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (up) => {
        const body = [];
        up.on('data', (c) => body.push(c));
        up.on('end', () => {
          let data = Buffer.concat(body);
          let status = up.statusCode;
          const sent = { ...up.headers };
          delete sent.connection;
          delete sent['keep-alive'];
          delete sent['transfer-encoding'];
          if (etag && status === 200) {
            // The hash of the file as served (a gzip body has its own,
            // as hosts keep one per encoding).
            sent.etag = `"${createHash('sha256').update(data).digest('base64url').slice(0, 22)}"`;
            if (req.headers['if-none-match'] === sent.etag) {
              status = 304;
              data = Buffer.alloc(0);
              delete sent['content-length'];
              delete sent['content-encoding'];
              delete sent['content-type'];
            }
          }
          sent['content-length'] = String(data.length);
          res.writeHead(status, sent);
          res.end(data);
          const head = `HTTP/1.1 ${status}\r\n` + Object.entries(sent).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
          log.push({ method: req.method, path: req.url, status, head: Buffer.byteLength(head), body: data.length,
            // What a replay needs to ask the same: the request's own headers
            // that change the answer.
            headers: pick(req.headers, ['accept-encoding', 'if-none-match', 'origin', 'authorization']) });
        });
      });
      out.on('error', () => res.writeHead(502).end());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    /** The log since `from` (an index), summed. */
    since: (from) => sum(log.slice(from)),
    close: () => { agent.destroy(); server.closeAllConnections(); return new Promise((done) => server.close(done)); },
  };
}

const pick = (headers, names) => Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));
const sum = (entries) => {
  const byStatus = {};
  for (const e of entries) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  return { requests: entries.length, bytes: entries.reduce((s, e) => s + e.head + e.body, 0),
    body: entries.reduce((s, e) => s + e.body, 0), byStatus };
};

// ---- the homeserver, the snapshot, the site --------------------------------

console.log('bench/scale: starting Synapse and seeding the de-RSE space…');
const synapse = await Synapse.create();
const seeded = await seedDeRse(synapse);
const homeserver = await countingProxy(synapse.baseUrl);

const site = mkdtempSync(join(tmpdir(), 'matrix-channels-scale-'));
cpSync(join(ROOT, 'dist'), site, { recursive: true });

// 1. One snapshot run with the bot's token, as the workflow makes it.
async function snapshotRun(extra = []) {
  const from = homeserver.log.length;
  const started = performance.now();
  await promisify(execFile)(TOOL, ['snapshot', '--homeserver', homeserver.url, '--out', join(site, 'rooms.json'),
    '--avatars', join(site, 'avatars'), ...extra, '--', `#${SPACE.localpart}:matrix.org`],
  { env: { ...process.env, MATRIX_ACCESS_TOKEN: seeded.bot } });
  const entries = homeserver.log.slice(from);
  const kinds = {};
  for (const e of entries) {
    const kind = e.path.replace(/\?.*/, '').replace(/\/_matrix\/client\/(v\d|r0)\//, '').replace(/![^/]+|%21[^/]+|%23[^/]+|#[^/]+/g, '…');
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return { ...sum(entries), kinds, ms: Math.round(performance.now() - started) };
}
const snapshotWithActivity = await snapshotRun();
const snapshotWithoutActivity = await snapshotRun(['--no-activity']);
const snapshotFile = readFileSync(join(site, 'rooms.json'));
console.log(`bench/scale: one snapshot run: ${snapshotWithActivity.requests} requests, ${snapshotWithActivity.bytes} B from the homeserver`);

// The page of each mode: the demo page's 5 rooms, the widget reading the
// snapshot from the site (as the Jekyll include sets it up).
const demo = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
if (!/<matrix-channels>[\s\S]*<\/matrix-channels>/.test(demo)) throw new Error('bench/scale: no <matrix-channels> in dist/index.html');
for (const mode of MODES) {
  writeFileSync(join(site, `${mode}.html`), demo.replace(/<matrix-channels>([\s\S]*)<\/matrix-channels>/,
    (_, list) => `<matrix-channels homeserver="${homeserver.url}" refresh="${REFRESH_S}" snapshot="/rooms.json" live="${mode}">${list}</matrix-channels>`));
}
const files = await serveStatic(site, { gzip: true,
  headers: (path) => (/-[0-9a-f]{16}(_bg\.wasm|\.js|\.css)$/.test(path) ? { 'cache-control': 'max-age=31536000, immutable' } : {}) });
const host = await countingProxy(files.url.replace(/\/$/, ''), { etag: true });

// ---- 2. one real visit per mode --------------------------------------------

const browser = await launchChromium();
const settle = async (counters, quiet = 1_000, limit = 20_000) => {
  // Until neither proxy has seen a request for `quiet` ms (a bench's wait:
  // the widget's refresh has no event a page can await).
  const end = Date.now() + limit;
  let last = counters.map((c) => c.log.length).join();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const now = counters.map((c) => c.log.length).join();
    if (now !== last) { last = now; since = Date.now(); } else if (Date.now() - since >= quiet) return;
  }
};

async function visit(mode) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const hosts = new Set();
  const warnings = [];
  page.on('request', (r) => hosts.add(new URL(r.url()).host));
  page.on('console', (m) => warnings.push(m.text()));
  await page.clock.install();
  const start = { host: host.log.length, homeserver: homeserver.log.length };
  await page.goto(`${host.url}/${mode}.html`);
  await page.waitForSelector('matrix-channels:not([data-state="loading"])[data-state]', { timeout: 60_000 });
  await settle([host, homeserver]);
  const loaded = { host: host.log.length, homeserver: homeserver.log.length };
  const state = await page.getAttribute('matrix-channels', 'data-state');
  // One refresh interval while the page stays open.
  await page.clock.runFor(REFRESH_S * 1000 + 1000);
  await settle([host, homeserver]);
  // The browser's own favicon request is no part of the page or the
  // widget (Chromium makes it once per profile, so in one mode's visit).
  const page_ = (entries) => entries.filter((e) => e.path !== '/favicon.ico');
  const pattern = {
    load: { host: page_(host.log.slice(start.host, loaded.host)), homeserver: homeserver.log.slice(start.homeserver, loaded.homeserver) },
    refresh: { host: page_(host.log.slice(loaded.host)), homeserver: homeserver.log.slice(loaded.homeserver) },
  };
  await context.close();
  const others = [...hosts].filter((h) => h !== new URL(host.url).host && h !== new URL(homeserver.url).host);
  if (others.length) throw new Error(`bench/scale: ${mode}: the page asked other hosts: ${others}`);
  // A build without the mode reads it as off and says so in the console.
  const understood = !warnings.some((w) => w.includes(`live="${mode}" is not`));
  return { state, understood, pattern };
}

const recorded = {};
for (const mode of MODES) {
  recorded[mode] = await visit(mode);
  const p = recorded[mode].pattern;
  console.log(`bench/scale: ${mode}${recorded[mode].understood ? '' : ' (not understood by this build: read as off)'}: load ${p.load.host.length} + ${p.load.homeserver.length}, refresh ${p.refresh.host.length} + ${p.refresh.homeserver.length} requests (static host + homeserver)`);
}
await browser.close();

// ---- 3. the visits replayed ------------------------------------------------

const replayAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function replayOne(base, entry) {
  const url = new URL(base + entry.path);
  return new Promise((done, fail) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: entry.method,
      headers: entry.headers, agent: replayAgent }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
    req.on('error', fail);
    req.end();
  });
}
async function replayVisit({ pattern }) {
  // The page's requests in their order: the load, then the refresh round
  // (a refresh's If-None-Match is the ETag the load's answer carried: the
  // file has not changed, as between two snapshot runs it may not).
  await Promise.all([...pattern.load.host.map((e) => replayOne(host.url, e)), ...pattern.load.homeserver.map((e) => replayOne(homeserver.url, e))]);
  await Promise.all([...pattern.refresh.host.map((e) => replayOne(host.url, e)), ...pattern.refresh.homeserver.map((e) => replayOne(homeserver.url, e))]);
}
async function replay(mode, n) {
  const from = { host: host.log.length, homeserver: homeserver.log.length };
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, async () => {
    while (next < n) {
      next++;
      await replayVisit(recorded[mode]);
    }
  }));
  return { visits: n, ms: Math.round(performance.now() - started), host: host.since(from.host), homeserver: homeserver.since(from.homeserver) };
}

const results = { date: new Date().toISOString(), refreshSeconds: REFRESH_S, concurrency: CONCURRENCY, rooms: 5,
  snapshotFileBytes: snapshotFile.length,
  snapshotRun: { withActivity: snapshotWithActivity, withoutActivity: snapshotWithoutActivity },
  modes: {} };
for (const mode of MODES) {
  const { state, understood, pattern } = recorded[mode];
  const perVisit = { load: { host: sum(pattern.load.host), homeserver: sum(pattern.load.homeserver) },
    refresh: { host: sum(pattern.refresh.host), homeserver: sum(pattern.refresh.homeserver) } };
  const requests = (part) => part.map((e) => `${e.method} ${e.path.replace(/\?.*/, '')} ${e.status}`);
  results.modes[mode] = { state, understood, perVisit,
    requests: { load: [...requests(pattern.load.host), ...requests(pattern.load.homeserver)],
      refresh: [...requests(pattern.refresh.host), ...requests(pattern.refresh.homeserver)] },
    replays: [] };
  for (const n of VISITS) {
    const r = await replay(mode, n);
    results.modes[mode].replays.push(r);
    console.log(`bench/scale: ${mode}, ${n} visits: homeserver ${r.homeserver.requests} requests ${r.homeserver.bytes} B, static host ${r.host.requests} requests ${r.host.bytes} B (${r.ms} ms)`);
  }
}
replayAgent.destroy();
await host.close();
await files.close();
await homeserver.close();
await synapse.stop();

writeFileSync(join(ROOT, 'bench/scale-results.json'), JSON.stringify(results, null, 2) + '\n');
const DOC = join(ROOT, 'docs/benchmarks.md');
const START = '<!-- generated by bench/scale.mjs: everything up to its end marker is rewritten -->';
const END = '<!-- end of bench/scale.mjs\'s part -->';
const doc = readFileSync(DOC, 'utf8');
if (!doc.includes(START) || !doc.includes(END)) throw new Error('bench/scale: docs/benchmarks.md has no markers for its part');
writeFileSync(DOC, doc.slice(0, doc.indexOf(START)) + renderMarkdown(results) + doc.slice(doc.indexOf(END)));
console.log('bench/scale: wrote bench/scale-results.json and docs/benchmarks.md ("Scale")');

function renderMarkdown(r) {
  const kb = (b) => (b >= 10_000_000 ? `${(b / 1e6).toFixed(0)} MB` : b >= 1_000_000 ? `${(b / 1e6).toFixed(1)} MB` : b >= 10_000 ? `${(b / 1e3).toFixed(0)} KB` : b >= 1000 ? `${(b / 1e3).toFixed(1)} KB` : `${b} B`);
  const n = (x) => x.toLocaleString('en');
  const statuses = (s) => Object.entries(s.byStatus).map(([code, c]) => `${n(c)}×${code}`).join(', ') || '—';
  const lines = [START,
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC: \`node bench/scale.mjs\`, ${r.rooms} rooms, \`refresh="${r.refreshSeconds}"\`, replayed ${r.concurrency} visits at a time.`,
    ''];
  const unknown = MODES.filter((m) => !r.modes[m].understood);
  if (unknown.length) {
    lines.push(`**Not measured yet: ${unknown.map((m) => `\`live="${m}"\``).join(', ')}.** The build measured does not know the mode and reads it as \`off\` (its rows below are \`off\`'s); run \`node bench/scale.mjs\` again on a build that has it.`, '');
  }
  lines.push('One visit, as Chromium made it (the load, then one refresh interval with the page open):', '',
    '| mode | static host: load | static host: a refresh | homeserver: load | homeserver: a refresh |',
    '|---|---|---|---|---|');
  for (const m of MODES) {
    const v = r.modes[m].perVisit;
    const cell = (s) => (s.requests ? `${n(s.requests)} (${statuses(s)}), ${kb(s.bytes)}` : '0');
    lines.push(`| \`${m}\`${r.modes[m].understood ? '' : ' (read as off)'} | ${cell(v.load.host)} | ${cell(v.refresh.host)} | ${cell(v.load.homeserver)} | ${cell(v.refresh.homeserver)} |`);
  }
  lines.push('', 'Those visits replayed, each a new visitor (load and one refresh):', '',
    '| mode | visits | homeserver requests | homeserver bytes | static host requests | static host bytes | per visit: homeserver / static host |',
    '|---|---:|---:|---:|---:|---:|---|');
  for (const m of MODES) {
    for (const x of r.modes[m].replays) {
      lines.push(`| \`${m}\` | ${n(x.visits)} | ${n(x.homeserver.requests)} | ${kb(x.homeserver.bytes)} | ${n(x.host.requests)} (${statuses(x.host)}) | ${kb(x.host.bytes)} | ${kb(Math.round(x.homeserver.bytes / x.visits))} / ${kb(Math.round(x.host.bytes / x.visits))} |`);
    }
  }
  const s = r.snapshotRun;
  lines.push('', `One \`matrix-channels snapshot\` run with the bot's token (the 15-minute workflow's refresh), whatever the visits: ${n(s.withActivity.requests)} homeserver requests, ${kb(s.withActivity.bytes)} (${Object.entries(s.withActivity.kinds).map(([k, c]) => `${c}× ${k}`).join(', ')}); with \`--no-activity\` ${n(s.withoutActivity.requests)} requests, ${kb(s.withoutActivity.bytes)}. Its JSON: ${kb(r.snapshotFileBytes)}. At 96 runs a day: ${n(96 * s.withActivity.requests)} requests, ${kb(96 * s.withActivity.bytes)}.`, '');
  return lines.join('\n') + '\n';
}
