// The first visit's head start. scripts/bundle.mjs appends this file to
// wasm-bindgen's glue, which the loader fetches together with the wasm and
// which, being a tenth of its size, arrives long before it (the time the
// page waits is in docs/benchmarks.md). What needs no decision of the
// wasm's starts here, in that time:
// the first requests of a widget's first round. The widget asks for its
// first six rooms' summaries at once (src/refresh.rs). Where it is sure to
// ask them as soon as it starts — live counts on, no snapshot, the
// homeserver named by the page, nothing known of the room in this browser
// (a cached count means the widget decides, and on a warm visit asks
// nothing) — they are asked here, exactly as the widget asks them
// (src/browser/fetch/http.rs: anonymous, no referrer, no cache, the same URL),
// and the wasm takes each answer in place of its own request to that URL,
// without waiting for the room's Web Lock (the request is sent already).
// Only what the core's settings, discovery and summary walk would ask
// first is asked, checked more strictly than the core checks (a page this
// file reads otherwise gets no head start): so the core still decides
// everything, and a room is still asked once. Where this file cannot read
// a widget exactly as the core does — a Matrix link it cannot read, an
// attribute written otherwise than plainly, a link inside content the core
// skips, markup deeper or larger than it reads — it asks nothing for that
// widget. tests/corpus/early.json holds pages of both kinds; the core
// (tests/corpus.rs) and this file (tests/early-corpus.test.mjs) are run
// on it.
//
// Nothing here runs for a page without a widget: the glue is fetched only
// when a widget comes near the viewport (or says loading="eager").
//
// Nothing here may stop the glue from loading: this file runs at the top
// level of the glue's module, where an exception would fail the module and
// every widget with it. Its work is one try block that swallows whatever
// goes wrong (a browser without an API, a page that throws from a getter):
// without a head start the wasm asks for itself. It uses nothing newer
// than the README's minimum browsers (Chrome/Edge 96, Firefox 79, Safari
// 15) without a fallback: AbortSignal.timeout (Chrome 103, Firefox 100,
// Safari 16) falls back to an AbortController and a timer.
//
// The names the loader and the Rust side share are the loader's CONTRACT
// (loader/matrix-channels.js): scripts/bundle.mjs writes their values in
// here as it does in the loader. The constants below are the core's and
// the widget's; tests/contract.rs holds them together.

// The widget's first round: src/refresh.rs, MAX_CONCURRENT_REQUESTS.
const EARLY_ROOMS = 6;
// An answer the wasm has not taken by then is not a first round's any more.
const EARLY_FOR_MS = 30_000;
// The loader's: a widget this near the viewport is started at once.
const EARLY_MARGIN_PX = 400;
// crates/core/src/cache.rs, KEY_PREFIX.
const CACHE_PREFIX = "matrix-channels:v1:";
// crates/core/src/matrix/endpoint.rs: the path asked first.
const SUMMARY_PATH = "/_matrix/client/v1/room_summary/";

const earlyAnswers = new Map();

/** Whether a request for `url` was started here and not yet taken. */
function mcEarlyAsked(url) {
  return earlyAnswers.has(url);
}

/** The answer to `url` started here, once; src/browser/fetch/early.rs asks. */
function mcTakeEarly(url) {
  const answer = earlyAnswers.get(url);
  earlyAnswers.delete(url);
  return answer;
}

try {
  const timeoutSignal = (ms) => {
    if (typeof AbortSignal.timeout === "function") return AbortSignal.timeout(ms);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), ms);
    return controller.signal;
  };
  const setting = (host, name) => host.getAttribute(name) ?? host.getAttribute(CONTRACT.dataPrefix + name);
  // Only ASCII white space around a value: JavaScript's trim also drops
  // U+FEFF, which Rust's does not (`live="\uFEFF"` is no "auto" there).
  const plain = (value) => /^[\t\n\f\r ]*([^\t\n\f\r ]*)[\t\n\f\r ]*$/.exec(value)?.[1];
  // crates/core/src/settings.rs and matrix/well_known.rs, normalize_base_url:
  // the characters it refuses, and user information before the host.
  const homeserverOf = (host) => {
    const url = plain(setting(host, "homeserver") ?? "");
    if (!url || !/^https?:\/\/[^/@]+(\/[^@]*)?$/.test(url) || /[\s\p{Cc}?#*;,"'<>\\{}|`^]/u.test(url)) return null;
    return url.replace(/\/+$/, "");
  };
  // settings.rs: `trim().parse::<u32>()`, 1 to 60 s, else 10 s; null for
  // a value written otherwise (the widget asks nothing early).
  const timeoutOf = (host) => {
    const written = setting(host, "timeout");
    if (written === null) return 10_000;
    const digits = /^\+?(\d+)$/.exec(plain(written) ?? "")?.[1];
    if (digits === undefined) return null;
    const seconds = Number(digits);
    return (seconds >= 1 && seconds <= 60 ? seconds : 10) * 1000;
  };
  // crates/core/src/matrix/link.rs: the two link forms of the README, an
  // alias only, no event or other path after it; the server name in lower
  // case, as RoomAlias keeps it; at most 255 bytes, as alias.rs counts.
  const aliasOf = (href) => {
    const id = /^https:\/\/matrix\.to\/#\/([^?/]+)(\?.*)?$/.exec(href)?.[1] ?? /^matrix:r\/([^?/]+)(\?.*)?$/.exec(href)?.[1]?.replace(/^/, "%23");
    let alias;
    try { alias = decodeURIComponent(id ?? ""); } catch { return null; }
    const parts = /^#([^:\s\p{Cc}]+):([a-z0-9.-]+(?::\d{1,5})?)$/iu.exec(alias);
    return parts && new TextEncoder().encode(alias).length <= 255 ? `#${parts[1]}:${parts[2].toLowerCase()}` : null;
  };
  // What the core would read as a Matrix link (link.rs: after trimming,
  // any case, http too, with or without the slash before `#/`; matrix:
  // URIs of every form).
  const matrixLike = (href) => /^\s*(https?:\/\/matrix\.to\/?#\/|matrix:)/i.test(href);
  // discovery.rs, is_ignored: content whose links the core never reads.
  const IGNORED = new Set(["script", "style", "template", "noscript", "svg", "math", "data"]);
  // src/browser/page.rs reads 32 levels and 20,000 nodes: well within both.
  const MAX_DEPTH = 24;
  const MAX_NODES = 10_000;
  const readable = (host, link) => {
    let depth = 0;
    for (let node = link; node && node !== host; node = node.parentElement) {
      if (++depth > MAX_DEPTH || IGNORED.has(node.localName)) return false;
    }
    return true;
  };
  const small = (host) => {
    const walker = document.createTreeWalker(host);
    let nodes = 0;
    while (walker.nextNode()) if (++nodes >= MAX_NODES) return false;
    return true;
  };
  // crates/core/src/matrix/alias.rs, PATH_SEGMENT: all but A–Z a–z 0–9 - . _ ~.
  const segment = (alias) => encodeURIComponent(alias).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const cached = (alias) => {
    try { return localStorage.getItem(CACHE_PREFIX + alias) !== null; } catch { return true; }
  };
  // The rooms a widget asks first, as the core reads them, or null when
  // this file cannot be sure to read them so (it then asks nothing).
  const firstRooms = (host) => {
    const live = setting(host, "live");
    if ((live !== null && !/^(auto)?$/i.test(plain(live) ?? "x")) || setting(host, "snapshot") !== null) return null;
    if (!homeserverOf(host) || timeoutOf(host) === null || !small(host)) return null;
    const aliases = [];
    for (const link of host.querySelectorAll("a[href]")) {
      const href = link.getAttribute("href");
      const alias = aliasOf(href);
      if (!alias) {
        if (matrixLike(href)) return null;
        continue;
      }
      if (!readable(host, link)) return null;
      if (!aliases.includes(alias)) aliases.push(alias);
      if (aliases.length === EARLY_ROOMS) break;
    }
    return aliases;
  };
  // The widgets the loader starts at once (its connect and inView: eager,
  // or shown and within the margin above or below the viewport), by the
  // same rule, which tests/contract.rs holds to the loader's: one the
  // loader leaves to its IntersectionObserver asks for itself when it
  // comes near.
  const near = (host) => {
    if (setting(host, "loading") === "eager") return true;
    const { top, bottom, height } = host.getBoundingClientRect();
    return height > 0 && bottom > -EARLY_MARGIN_PX && top < innerHeight + EARLY_MARGIN_PX;
  };
  const startEarly = (host) => {
    const aliases = firstRooms(host);
    if (!aliases || !near(host)) return;
    const homeserver = homeserverOf(host);
    for (const alias of aliases) {
      const url = homeserver + SUMMARY_PATH + segment(alias);
      if (cached(alias) || earlyAnswers.has(url)) continue;
      const answer = fetch(url, {
        credentials: "omit",
        referrerPolicy: "no-referrer",
        cache: "no-store",
        signal: timeoutSignal(timeoutOf(host)),
      });
      // Handled here too: an answer nobody takes must not look like the
      // wasm dying to the loader's unhandledrejection listener.
      answer.catch(() => {});
      earlyAnswers.set(url, answer);
      setTimeout(() => earlyAnswers.delete(url), EARLY_FOR_MS);
    }
  };
  if (document.visibilityState === "visible") {
    document.querySelectorAll(`${CONTRACT.element}, [${CONTRACT.marker}]`).forEach(startEarly);
  }
} catch {
  // No head start: the wasm asks for itself (see above).
}
