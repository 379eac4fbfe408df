// Assertions on what a visitor sees, shared by the end-to-end suites.

import assert from 'node:assert/strict';

/**
 * Waits until the widget `host` (a selector) is live, then checks that every
 * row shows exactly the member count the homeserver gives an anonymous
 * visitor. Returns the rows it saw. `timeout` bounds the wait for "live".
 */
export async function expectServerCounts(page, synapse, host = 'matrix-channels', { timeout = 20_000 } = {}) {
  try {
    await page.waitForSelector(`:is(${host})[data-state="live"]`, { timeout });
  } catch (error) {
    // What the widget shows instead, to tell a slow start from a stuck one.
    const seen = await page.evaluate((host) => [...document.querySelectorAll(`:is(${host})`)].map((w) => ({
      state: w.dataset.state ?? null,
      rows: [...w.querySelectorAll('.mc-room__count')].map((c) => c.dataset.freshness),
      loaded: performance.getEntriesByType('resource').map((r) => `${new URL(r.name).pathname} ${Math.round(r.responseEnd)}`),
      now: Math.round(performance.now()),
    })), host).catch((e) => `unreadable: ${e.message}`);
    error.message += `\nthe widget instead: ${JSON.stringify(seen)}`;
    throw error;
  }
  const rows = await page.locator(`:is(${host}) .mc-room`).evaluateAll((items) =>
    items.map((li) => ({
      alias: li.dataset.room,
      name: li.querySelector('.mc-room__name').textContent,
      description: li.querySelector('.mc-room__description')?.textContent ?? null,
      count: li.querySelector('.mc-room__count').dataset.count ?? null,
    })),
  );
  assert.ok(rows.length > 0, 'the widget shows rooms');
  for (const row of rows) {
    const { status, body } = await synapse.summary(row.alias);
    assert.equal(row.count, status === 200 ? String(body.num_joined_members) : null, `count of ${row.alias}`);
  }
  return rows;
}
