// loader/early.js against tests/corpus/early.json, in Node: the file runs
// as the glue runs it (its CONTRACT names spelled out, as
// scripts/bundle.mjs does), over a small stand-in of the DOM built from
// each page, and every request it starts is recorded. It must ask exactly
// the rooms the core finds first, at the homeserver the core names, when
// the core asks from the start ("same"), or nothing ("nothing"); never a
// room the core does not ask. tests/corpus.rs holds the core to the same
// pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = JSON.parse(readFileSync(resolve(ROOT, 'tests/corpus/early.json'), 'utf8'));
const loader = readFileSync(resolve(ROOT, 'loader/matrix-channels.js'), 'utf8');
const CONTRACT = JSON.parse(/const CONTRACT = (\{[^}]*\});/.exec(loader)[1]);
const EARLY = readFileSync(resolve(ROOT, 'loader/early.js'), 'utf8')
  .replace(/CONTRACT\.(\w+)/g, (_, key) => JSON.stringify(CONTRACT[key]));
const SUMMARY_PATH = '/_matrix/client/v1/room_summary/';

/** A stand-in element: what early.js reads of the DOM, and no more. */
class FakeElement {
  constructor(localName, attributes = {}, children = []) {
    this.localName = localName;
    this.attributes = attributes;
    this.childNodes = children;
    this.parentElement = null;
    for (const child of children) if (child instanceof FakeElement) child.parentElement = this;
  }
  getAttribute(name) { return Object.hasOwn(this.attributes, name) ? this.attributes[name] : null; }
  *all() {
    for (const child of this.childNodes) {
      yield child;
      if (child instanceof FakeElement) yield* child.all();
    }
  }
  querySelectorAll(selector) {
    assert.equal(selector, 'a[href]', 'early.js looks for links only');
    return [...this.all()].filter((n) => n instanceof FakeElement && n.localName === 'a' && n.getAttribute('href') !== null);
  }
  getBoundingClientRect() { return { top: 0, bottom: 100, height: 100 }; }
}

/** The corpus's markup: a text, an element, or a generator of many. */
function build(node) {
  if (typeof node === 'string') return [{ text: node }];
  if (node.repeat !== undefined) return Array.from({ length: node.repeat }, () => build(node.node)).flat();
  if (node.nest !== undefined) {
    let inner = node.children.flatMap(build);
    for (let i = 0; i < node.nest; i++) inner = [new FakeElement(node.tag, {}, inner)];
    return inner;
  }
  return [new FakeElement(node.tag, node.href === undefined ? {} : { href: node.href }, (node.children ?? []).flatMap(build))];
}

/** Runs early.js on a page of one widget; returns the requests it started. */
function runEarly(page) {
  const host = new FakeElement(CONTRACT.element, page.attributes, page.children.flatMap(build));
  const requests = [];
  const context = {
    document: {
      visibilityState: 'visible',
      querySelectorAll: () => [host],
      createTreeWalker: (root) => {
        const nodes = root.all();
        return { nextNode: () => !nodes.next().done };
      },
    },
    fetch: (url, init) => {
      requests.push({ url, timeoutMs: init.signal.timeoutMs });
      return Promise.resolve();
    },
    AbortSignal: { timeout: (ms) => ({ timeoutMs: ms }) },
    localStorage: { getItem: () => null },
    innerHeight: 800,
    setTimeout: () => 0,
    TextEncoder,
    Map,
  };
  vm.runInNewContext(EARLY, context);
  return requests;
}

const segment = (alias) => encodeURIComponent(alias).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

for (const page of CORPUS.cases) {
  test(`early.js: ${page.name}`, () => {
    const asked = runEarly(page);
    const { core } = page;
    const expected = page.early === 'same' && core.asks
      ? core.rooms.map((alias) => `${core.homeserver}${SUMMARY_PATH}${segment(alias)}`)
      : [];
    assert.deepEqual(asked.map((r) => r.url), expected);
    for (const request of asked) assert.equal(request.timeoutMs, core.timeout_ms ?? 10_000);
    // Whatever early.js asks, the core asks too.
    for (const { url } of asked) {
      assert.ok(core.asks && core.rooms.some((alias) => url.endsWith(segment(alias))), url);
    }
  });
}

test('early.js: the corpus holds pages of both kinds', () => {
  assert.ok(CORPUS.cases.some((c) => c.early === 'same' && c.core.asks));
  assert.ok(CORPUS.cases.some((c) => c.early === 'nothing' && c.core.asks));
});
