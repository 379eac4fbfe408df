// The benchmark: the release bundle in headless Chromium against the local
// Synapse, interleaved with the hand-written baseline (bench/baseline.js) in
// the same run, so that only ratios need to hold on a noisy machine. The
// baseline asks for every room at once; its four-at-a-time variant (what it
// did before issue 13) runs beside it as a second reference. The 5-room page
// is also measured with a snapshot (counts in the HTML, as the Jekyll
// include renders them, and the widget's `snapshot` attribute on a JSON of
// the site's own), cold and throttled.
//   node bench/run.mjs [--runs N] [--sizes 5,50,500] [--scenarios cold,warm,...]
//   (scripts/bench builds first)
// Writes bench/results.json and the generated part of docs/benchmarks.md,
// except with --scenarios (a probe of some cases: cold, warm,
// cold-throttled, warm-throttled, snapshot), which prints its cases and
// writes nothing, so that the table stays one full run's.

import { cpSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { Synapse } from '../tests/e2e/support/synapse.mjs';
import { seedDeRse } from '../tests/e2e/support/seed.mjs';
import { serveStatic } from '../tests/e2e/support/static-server.mjs';
import { launchChromium } from '../tests/e2e/support/browser.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('--runs', 5));
const SIZES = arg('--sizes', '5,50,500').split(',').map(Number);
const REFRESH_S = 30;
const PHASE = arg('--phase', 'all'); // timing, memory or all
const ONLY = arg('--scenarios', null)?.split(',');
// Chromium DevTools' network throttling: 150 ms latency, 1.6 Mbit/s down.
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

// ---- the homeserver and the pages ---------------------------------------

console.log('bench: starting Synapse and seeding rooms…');
const synapse = await Synapse.create();
const seeded = await seedDeRse(synapse);
const extra = [];
for (let i = 0; extra.length < Math.max(...SIZES) - 5; i++) {
  const localpart = `bench-room-${i}`;
  await synapse.api('POST', '/_matrix/client/v3/createRoom', {
    token: seeded.bot,
    body: { preset: 'public_chat', room_alias_name: localpart, name: `Bench room ${i}`, topic: `Room number ${i}.` },
  });
  extra.push({ localpart, name: `Bench room ${i}`, topic: `Room number ${i}.` });
}

const site = mkdtempSync(join(tmpdir(), 'matrix-channels-bench-'));
cpSync(join(ROOT, 'dist'), site, { recursive: true });
copyFileSync(join(ROOT, 'bench/baseline.js'), join(site, 'baseline.js'));
const demo = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
const seedList = demo.slice(demo.indexOf('<matrix-channels>') + '<matrix-channels>'.length, demo.indexOf('</matrix-channels>'));
for (const size of SIZES) {
  const list = size === 5
    ? seedList
    : [...seedList.matchAll(/href="([^"]+)">([^<]+)</g)].map(([, href, name]) => `<p><a href="${href}">${name}</a>: a seed room.</p>`).join('\n')
      + extra.slice(0, size - 5).map((r) => `<p><a href="https://matrix.to/#/#${r.localpart}:matrix.org">${r.name}</a>: ${r.topic}</p>`).join('\n');
  const page = demo.replace(/<matrix-channels>[\s\S]*<\/matrix-channels>/,
    `<matrix-channels homeserver="${synapse.baseUrl}" refresh="${REFRESH_S}">${list}</matrix-channels>`);
  writeFileSync(join(site, `widget-${size}.html`), page);
  // The baseline's page loads nothing of the widget: its script tag is
  // replaced, and any hint to fetch the widget's files early dropped.
  // Checked on its own: with the link tags also dropped, a loader tag
  // spelt otherwise (an attribute more) left a "baseline" that was the
  // widget without its hints, and no error.
  const withBaseline = page.replace(/<script type="module" src="\.\/matrix-channels\/matrix-channels\.js"><\/script>/, '<script type="module" src="./baseline.js"></script>');
  if (withBaseline === page) throw new Error('bench: the demo page\'s script tag is not where the baseline replaces it');
  const baseline = withBaseline.replace(/<link [^>]*href="\.?\/?matrix-channels\/[^"]*"[^>]*>\s*/g, '');
  if (/matrix-channels\/[^"]*\.js"/.test(baseline)) throw new Error('bench: the baseline page still loads a file of the widget');
  writeFileSync(join(site, `baseline-${size}.html`), baseline);
  writeFileSync(join(site, `baseline4-${size}.html`), baseline.replace('<matrix-channels ', '<matrix-channels data-concurrency="4" '));
}

// The snapshot page: the 5 rooms as `matrix-channels snapshot` writes them
// (schema 1, crates/core/src/snapshot.rs) with their counts from Synapse,
// and the list as examples/jekyll/_includes/matrix-channels.html renders it
// from the same data — counts in the HTML, the widget pointed at the JSON —
// in the same demo page as the others. Written here rather than built with
// Jekyll, so it must follow the include: whatever the include adds around
// a snapshot (a hint to fetch it early, say) belongs here too.
const SNAPSHOT_SIZE = 5;
if (SIZES.includes(SNAPSHOT_SIZE)) {
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const now = new Date();
  const rooms = [];
  for (const [, href] of seedList.matchAll(/href="(https:\/\/matrix\.to\/#\/(#[^"]+))"/g)) {
    const alias = decodeURIComponent(href.slice('https://matrix.to/#/'.length));
    const { status, body } = await synapse.summary(alias);
    if (status !== 200) throw new Error(`bench: no summary for ${alias} (HTTP ${status})`);
    rooms.push({ alias, room_id: body.room_id, link: href, name: body.name ?? null, topic: body.topic ?? null,
      member_count: body.num_joined_members, join_rule: body.join_rule ?? 'public', room_type: null, suggested: false,
      depth: 1, avatar: null });
  }
  if (rooms.length !== SNAPSHOT_SIZE) throw new Error(`bench: ${rooms.length} rooms for the snapshot page`);
  const snapshot = { schema: 1, generated_at: now.toISOString().replace(/\.\d+Z$/, 'Z'), generated_at_ms: now.getTime(),
    homeserver: synapse.baseUrl, source: 'summary', rooms };
  writeFileSync(join(site, `snapshot-${SNAPSHOT_SIZE}.json`), JSON.stringify(snapshot) + '\n');
  const count = (n) => ` <data value="${n}">(${n} ${n === 1 ? 'member' : 'members'})</data>`;
  const list = ['<ul class="mc-snapshot">',
    ...rooms.map((r) => `  <li><a href="${escape(r.link)}">${escape(r.name ?? r.alias)}</a>${count(r.member_count)}${r.topic ? `: ${escape(r.topic)}` : ''}</li>`),
    '</ul>',
    `<p class="mc-snapshot-date"><small>Member counts as of ${now.getUTCDate()} ${now.toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${now.getUTCFullYear()}</small></p>`].join('\n');
  writeFileSync(join(site, `snapshot-${SNAPSHOT_SIZE}.html`), demo.replace(/<matrix-channels>[\s\S]*<\/matrix-channels>/,
    `<matrix-channels homeserver="${synapse.baseUrl}" refresh="${REFRESH_S}" snapshot="/snapshot-${SNAPSHOT_SIZE}.json">\n${list}\n</matrix-channels>\n`
    // The include's hint for the snapshot's JSON (the glue's and the
    // wasm's are the demo page's own, as the include writes them).
    + `<link rel="preload" href="/snapshot-${SNAPSHOT_SIZE}.json" as="fetch" crossorigin>`));
}
// Served as a maintainer is told to serve the folder: compressed, the
// hashed files cached for a year, the loader and pages revalidated.
const server = await serveStatic(site, {
  gzip: true,
  headers: (path) => (/-[0-9a-f]{16}(_bg\.wasm|\.js|\.css)$/.test(path) ? { 'cache-control': 'max-age=31536000, immutable' } : {}),
});
const GLUE = readdirSync(join(ROOT, 'dist/matrix-channels')).find((f) => /^matrix-channels-[0-9a-f]+\.js$/.test(f));
const browser = await launchChromium({ args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'] });

// ---- one measured page load ---------------------------------------------

const MARKS = () => {
  window.__marks = {};
  // The default buffer holds 250 entries: a 500-room page's requests were
  // counted as 245.
  performance.setResourceTimingBufferSize(100_000);
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: 'longtask', buffered: true });
  // A count is a widget's or the baseline's [data-count], or a count the
  // server rendered into the HTML (the snapshot include's <data value>).
  // The observer sees the parser insert it; it is on screen from the first
  // contentful paint on, so a mark taken before that paint is moved to it
  // (in load below).
  const check = () => {
    const m = window.__marks;
    const now = performance.now();
    if (!m.list && document.querySelector('matrix-channels li')) m.list = now;
    if (!m.firstCount && document.querySelector('matrix-channels [data-count], matrix-channels data[value]')) m.firstCount = now;
    if (!m.firstLive && document.querySelector('matrix-channels [data-freshness="live"]')) m.firstLive = now;
    if (!m.allCounts && document.querySelector('matrix-channels[data-state="live"]')) m.allCounts = now;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
};

// The page a variant loads: the widget's with a snapshot in that scenario.
const pageOf = (variant, size, scenario) => `${variant === 'widget' && scenario.snapshot ? 'snapshot' : variant}-${size}.html`;

async function load(variant, size, scenario) {
  const { warm, throttled } = scenario;
  const context = await browser.newContext();
  const url = `${server.url}${pageOf(variant, size, scenario)}`;
  if (warm) {
    // A first visit fills the HTTP cache and the widget's own cache, which
    // the context (one browser profile) keeps. It is made in a page of its
    // own and closed, so that the measured page starts from about:blank as
    // a cold one does: measured in the same page, the new document's task
    // total started below the old one's and came out negative.
    const first = await context.newPage();
    await first.goto(url);
    await first.waitForSelector('matrix-channels[data-state="live"]', { timeout: 120_000 });
    await first.close();
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  await page.addInitScript(MARKS);
  if (throttled) await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const before = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  await page.goto(url);
  try {
    await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: 300_000 });
  } catch (error) {
    // A widget that never got live in five minutes: what it showed, so a
    // stuck widget can be told from a slow one (seen once, 500 rooms,
    // cold, throttled, after the weight cuts; not reproduced since).
    const seen = await page.evaluate(() => {
      const freshness = {};
      for (const c of document.querySelectorAll('.mc-room__count')) freshness[c.dataset.freshness] = (freshness[c.dataset.freshness] ?? 0) + 1;
      const summaries = performance.getEntriesByType('resource').filter((r) => r.name.includes('/room_summary/'));
      return { state: document.querySelector('matrix-channels')?.dataset.state, freshness, summaries: summaries.length,
        unanswered: summaries.filter((r) => r.responseEnd === 0).length, now: performance.now() };
    }).catch((e) => e.message);
    error.message += `\n${variant}, ${size} rooms, ${scenario.name}: ${JSON.stringify(seen)}`;
    throw error;
  }
  const after = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const result = await page.evaluate(() => {
    const ours = /\/(matrix-channels\/[^/]+|baseline\.js)$/;
    const resources = performance.getEntriesByType('resource');
    const files = resources.filter((r) => ours.test(new URL(r.name).pathname));
    const summaries = resources.filter((r) => r.name.includes('/room_summary/'));
    const wasm = resources.find((r) => r.name.endsWith('_bg.wasm'));
    const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
    // What the observer saw in the DOM before the first contentful paint
    // was on screen only at that paint.
    const visible = (t) => (t === undefined || paint === null ? t : Math.max(t, paint));
    return {
      ...window.__marks,
      list: visible(window.__marks.list),
      firstCount: visible(window.__marks.firstCount),
      firstPaint: paint,
      wasmEnd: wasm ? wasm.responseEnd : null,
      bytes: files.reduce((sum, r) => sum + r.encodedBodySize, 0),
      files: files.length,
      summaries: summaries.length,
      firstSummaryEnd: summaries.length ? Math.min(...summaries.map((r) => r.responseEnd)) : null,
      // When the page's first summary request went out and its last answer
      // was in: what the homeserver and the network took, against which
      // the time to the counts on screen is the page's own.
      firstRequest: summaries.length ? Math.min(...summaries.map((r) => r.startTime)) : null,
      lastAnswer: summaries.length ? Math.max(...summaries.map((r) => r.responseEnd)) : null,
      longTasks: window.__longTasks.length,
      longestTask: Math.max(0, ...window.__longTasks),
    };
  });
  result.mainThreadMs = (after - before) * 1000;
  result.countsBeforeNetwork = result.firstSummaryEnd === null || result.firstCount < result.firstSummaryEnd;
  // Counts on screen before the wasm had even arrived: the HTML's own.
  result.countsBeforeWasm = result.wasmEnd !== null && result.firstCount < result.wasmEnd;
  // The baseline's counts are all live ones.
  if (variant !== 'widget') result.firstLive = result.firstCount;
  await context.close();
  return result;
}

async function memoryAfterRefreshes(variant, size, refreshes = 10) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.clock.install();
  await page.goto(`${server.url}${variant}-${size}.html`);
  await page.waitForSelector('matrix-channels[data-state="live"]', { timeout: 120_000 });
  let requests = 0;
  page.on('requestfinished', (r) => r.url().includes('/room_summary/') && requests++);
  for (let i = 0; i < (variant === 'widget' ? refreshes : 0); i++) {
    const target = requests + size;
    // Time moves on in steps on the fake clock (which fires the widget's
    // timers), with real time between steps for the answers, until the
    // round's requests are all answered.
    for (let step = 0; requests < target && step < 60; step++) {
      await page.clock.runFor(5_000);
      const settle = Date.now() + 2_000;
      while (requests < target && Date.now() < settle) await new Promise((r) => setTimeout(r, 50));
    }
    if (requests < target) throw new Error(`refresh ${i + 1}: ${requests} of ${target} requests`);
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = variant === 'widget'
    ? await page.evaluate(async (glue) => {
        // The glue module is the page's own instance; calling its init
        // again hands back the running instance's exports.
        const exports = await (await import(glue)).default();
        // Found by its type: scripts/boundary-names.mjs gives the wasm's
        // exports short names, `memory` among them.
        return Object.values(exports).find((e) => e instanceof WebAssembly.Memory).buffer.byteLength;
      }, `${server.url}matrix-channels/${GLUE}`)
    : 0;
  await context.close();
  return { jsHeap: usedSize, wasmMemory: wasm, refreshRequests: requests };
}

// ---- the runs, interleaved ----------------------------------------------

const scenarios = [
  { id: 'cold', name: 'cold', warm: false, throttled: false },
  { id: 'warm', name: 'warm', warm: true, throttled: false },
  { id: 'cold-throttled', name: 'cold, throttled', warm: false, throttled: true },
  { id: 'warm-throttled', name: 'warm, throttled', warm: true, throttled: true },
  // Only where the snapshot page exists (5 rooms).
  { id: 'snapshot', name: 'cold, throttled, with a snapshot', warm: false, throttled: true, snapshot: true },
].filter((s) => !ONLY || ONLY.includes(s.id));
if (ONLY && scenarios.length !== ONLY.length) throw new Error('bench: --scenarios takes cold, warm, cold-throttled, warm-throttled, snapshot');
// The widget; the baseline, all of a page's requests at once (the ratios'
// reference); the baseline four at a time, as it was before issue 13.
const VARIANTS = ['widget', 'baseline', 'baseline4'];
const KEYS = ['list', 'firstCount', 'firstLive', 'allCounts', 'firstPaint', 'wasmEnd', 'bytes', 'files', 'summaries',
  'firstRequest', 'lastAnswer', 'longTasks', 'longestTask', 'mainThreadMs'];
const RESULTS = join(ROOT, 'bench/results.json');
const previous = (() => { try { return JSON.parse(readFileSync(RESULTS, 'utf8')); } catch { return {}; } })();
const results = { ...previous, date: new Date().toISOString(), runs: RUNS, sizes: SIZES, chromium: browser.version() };
if (PHASE !== 'memory') results.cases = [];
for (const size of PHASE === 'memory' ? [] : SIZES) {
  for (const scenario of scenarios.filter((s) => !s.snapshot || size === SNAPSHOT_SIZE)) {
    const samples = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (let run = 0; run < RUNS; run++) {
      // Each run starts with the next variant: over three runs each has
      // gone first, second and last once.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]);
      for (const variant of order) samples[variant].push(await load(variant, size, scenario));
    }
    const summary = {};
    for (const variant of VARIANTS) {
      summary[variant] = {};
      for (const key of KEYS) summary[variant][key] = stats(samples[variant].map((s) => s[key] ?? 0));
      summary[variant].countsBeforeNetwork = samples[variant].every((s) => s.countsBeforeNetwork);
      summary[variant].countsBeforeWasm = samples[variant].every((s) => s.countsBeforeWasm);
    }
    results.cases.push({ size, scenario: scenario.name, ...summary });
    const m = (v, key) => summary[v][key].median;
    const w = m('widget', 'allCounts');
    const b = m('baseline', 'allCounts');
    const b4 = m('baseline4', 'allCounts');
    console.log(`bench: ${size} rooms, ${scenario.name}: all counts ${w.toFixed(0)} ms vs baseline ${b.toFixed(0)} ms (×${(w / b).toFixed(2)}), `
      + `four at a time ${b4.toFixed(0)} ms (×${(w / b4).toFixed(2)}); first count ${m('widget', 'firstCount').toFixed(0)} vs ${m('baseline', 'firstCount').toFixed(0)} ms; `
      + `summary requests ${m('widget', 'summaries')}/${m('baseline', 'summaries')}/${m('baseline4', 'summaries')}; `
      + `asked at ${m('widget', 'firstRequest').toFixed(0)} vs ${m('baseline', 'firstRequest').toFixed(0)} ms, last answer ${m('widget', 'lastAnswer').toFixed(0)} vs ${m('baseline', 'lastAnswer').toFixed(0)} ms; `
      + `main-thread ${m('widget', 'mainThreadMs').toFixed(0)} vs ${m('baseline', 'mainThreadMs').toFixed(0)} ms (×${(m('widget', 'mainThreadMs') / m('baseline', 'mainThreadMs')).toFixed(2)}); `
      + `longest task ${m('widget', 'longestTask').toFixed(0)} (max ${summary.widget.longestTask.max.toFixed(0)}) ms`);
  }
}
if (PHASE !== 'timing' && !ONLY) results.memory = {};
for (const size of PHASE === 'timing' || ONLY ? [] : SIZES) {
  results.memory[size] = { widget: await memoryAfterRefreshes('widget', size), baseline: await memoryAfterRefreshes('baseline', size) };
}
const files = {};
// Every file of the folder: the loader no longer names the wasm (it derives
// it from the glue's name).
for (const name of readdirSync(join(ROOT, 'dist/matrix-channels')).sort()) {
  const bytes = readFileSync(join(ROOT, 'dist/matrix-channels', name));
  files[name] = {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const baselineBytes = readFileSync(join(ROOT, 'bench/baseline.js'));
files['baseline.js (for comparison)'] = { raw: baselineBytes.length, gzip: gzipSync(baselineBytes, { level: 9 }).length,
  brotli: brotliCompressSync(baselineBytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
results.files = files;

await browser.close();
await server.close();
await synapse.stop();
if (ONLY) process.exit(0);
writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(ROOT, 'docs/benchmarks.md'), renderMarkdown(results, readFileSync(join(ROOT, 'docs/benchmarks.md'), 'utf8')));
console.log('bench: wrote bench/results.json and docs/benchmarks.md');

function renderMarkdown(r, previous) {
  const ms = (s) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
  const ratio = (w, b) => (b.median > 0 ? `×${(w.median / b.median).toFixed(2)}` : '—');
  const count = (s) => (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`);
  const NAMES = { widget: 'widget', baseline: 'baseline', baseline4: 'baseline four at a time' };
  const lines = [
    '<!-- generated by bench/run.mjs: everything up to the end marker is rewritten -->',
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.runs} runs per case, widget and both baselines interleaved, ${r.chromium}, headless, against Synapse on loopback. `
      + 'Times in ms from navigation start: median (min–max); a time before the first contentful paint counts as that paint. '
      + 'Ratios: the row\'s median / the median of the baseline (all requests at once) in the same case; the last ratio column: the widget\'s median / the four-at-a-time baseline\'s. '
      + 'Summary requests: per page load (one per room; none when the cache was fresh).',
    '',
    '| rooms | scenario | list rendered | first count | all counts | first count ratio | all counts ratio | all counts ratio, vs four at a time | first summary asked | last summary answered | main-thread ms | longest task ms | summary requests | bytes of own files |',
    '|---:|---|---|---|---|---:|---:|---:|---|---|---|---|---:|---:|',
  ];
  for (const c of r.cases ?? []) {
    for (const v of ['widget', 'baseline', 'baseline4']) {
      const s = c[v];
      if (!s) continue;
      // With a snapshot, only the widget's page has one.
      const name = c.scenario.includes('snapshot') && v !== 'widget' ? `${NAMES[v]} (plain page)` : NAMES[v];
      const vsBaseline = v !== 'baseline';
      lines.push(`| ${c.size} | ${c.scenario}: ${name} | ${ms(s.list)} | ${ms(s.firstCount)} | ${ms(s.allCounts)} | `
        + `${vsBaseline ? ratio(s.firstCount, c.baseline.firstCount) : ''} | ${vsBaseline ? ratio(s.allCounts, c.baseline.allCounts) : ''} | `
        + `${v === 'widget' && c.baseline4 ? ratio(s.allCounts, c.baseline4.allCounts) : ''} | `
        + `${s.summaries.max && s.firstRequest ? `${ms(s.firstRequest)} | ${ms(s.lastAnswer)}` : '— | —'} | ${ms(s.mainThreadMs)} | ${ms(s.longestTask)} | ${count(s.summaries)} | ${s.bytes.median} |`);
    }
  }
  lines.push('', 'Warm runs: counts from the widget\'s own cache were on screen before any network response in every run: ' +
    (r.cases ?? []).filter((c) => c.scenario.startsWith('warm')).map((c) => `${c.size} rooms ${c.scenario}: ${c.widget.countsBeforeNetwork ? 'yes' : 'no'}`).join('; ') + '.');
  for (const c of (r.cases ?? []).filter((c) => c.scenario.includes('snapshot'))) {
    const w = c.widget;
    lines.push('', `With a snapshot (${c.size} rooms, ${c.scenario.replace(', with a snapshot', '')}): the snapshot's counts, in the HTML, `
      + `on screen at ${ms(w.firstCount)} ms (first contentful paint ${ms(w.firstPaint)} ms), `
      + `before the wasm had arrived (${ms(w.wasmEnd)} ms) in every run: ${w.countsBeforeWasm ? 'yes' : 'no'}; `
      + `the first live count at ${ms(w.firstLive)} ms, all live at ${ms(w.allCounts)} ms. `
      + `The baseline: first count ${ms(c.baseline.firstCount)}, all counts ${ms(c.baseline.allCounts)} ms `
      + `(×${(w.firstCount.median / c.baseline.firstCount.median).toFixed(2)} and ×${(w.allCounts.median / c.baseline.allCounts.median).toFixed(2)}).`);
  }
  lines.push('', '| rooms | JS heap, widget (after 10 refreshes) | wasm memory, widget | JS heap, baseline (after load) | summary requests in the 10 refreshes |', '|---:|---:|---:|---:|---:|');
  for (const [size, m] of Object.entries(r.memory ?? {})) {
    lines.push(`| ${size} | ${(m.widget.jsHeap / 1024).toFixed(0)} KiB | ${(m.widget.wasmMemory / 1024).toFixed(0)} KiB | ${(m.baseline.jsHeap / 1024).toFixed(0)} KiB | ${m.widget.refreshRequests} |`);
  }
  lines.push('', '| file | raw | gzip -9 | brotli -q 11 |', '|---|---:|---:|---:|');
  for (const [name, f] of Object.entries(r.files)) lines.push(`| ${name} | ${f.raw} | ${f.gzip} | ${f.brotli} |`);
  lines.push('<!-- end of generated part -->');
  const block = lines.join('\n');
  const start = previous.indexOf('<!-- generated by bench/run.mjs');
  const end = previous.indexOf('<!-- end of generated part -->');
  if (start < 0 || end < 0) return `${previous.trimEnd()}\n\n${block}\n`;
  return previous.slice(0, start) + block + previous.slice(end + '<!-- end of generated part -->'.length);
}
