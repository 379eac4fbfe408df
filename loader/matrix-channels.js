// matrix-channels: the one script a page includes.
//   <script type="module" src="/assets/matrix-channels/matrix-channels.js"></script>
// Its name never changes. It finds the wasm and the stylesheet next to itself
// (their names carry content hashes, written in at build time), defines
// <matrix-channels>, watches for [data-matrix-channels], and loads the wasm
// only when a widget comes near the viewport (or says loading="eager").
// The wasm is the glue's name with "_bg.wasm" for ".js" (wasm-bindgen's
// naming; scripts/bundle.mjs refuses a build where it is not): one name
// fewer in a file every page downloads.
const GLUE = "@JS@";
const STYLESHEET = "@CSS@";
// What the Rust side (src/contract.rs) and this loader must spell alike.
// Change both together: tests/contract.rs fails when they drift.
const CONTRACT = {
  "element": "matrix-channels",
  "marker": "data-matrix-channels",
  "dataPrefix": "data-",
  "original": "mc-original",
  "state": "data-state",
  "errorState": "error",
  "mount": "mount",
  "unmount": "unmount"
};
// The element's definition marks the loader as running: a page that
// includes it twice (two tags, two URLs) gets one loader.
if (!customElements.get(CONTRACT.element)) {
  // Relative to this file: the files beside it.
  const url = (name) => new URL(name, import.meta.url).href;
  const glueUrl = url(GLUE);
  const mounted = new Set();
  const waiting = new Set();
  let glue = null;
  let widget = null;
  let broken = false;

  // One wasm instance serves every widget, and a Rust panic aborts it. If
  // it dies anyway — a trap, a JavaScript exception thrown out of the wasm
  // (a binding that throws), a stack overflow — every widget gets its
  // page's own list back. Whose error it is, the stack tells: ours pass
  // through the glue. Other scripts' errors are left alone.
  const restore = () => {
    broken = true;
    for (const host of mounted) {
      // Stopped first, where the wasm still answers: a widget only hidden
      // would go on asking the homeserver.
      try { widget?.[CONTRACT.unmount](host); } catch {}
      // The page's markup is in the holder, or still before it when the
      // rows were not there yet; the widget's view is the element after it.
      const original = host.querySelector(`:scope>.${CONTRACT.original}`);
      if (original) {
        original.nextElementSibling?.remove();
        original.replaceWith(...original.childNodes);
      }
      host.setAttribute(CONTRACT.state, CONTRACT.errorState);
    }
    mounted.clear();
  };
  const ours = (e) => e instanceof WebAssembly.RuntimeError || String(e?.stack).includes(glueUrl);
  const died = (e) => ours(e) && (restore(), true);
  addEventListener("error", (e) => died(e.error));
  addEventListener("unhandledrejection", (e) => died(e.reason));

  const load = () => {
    if (!glue) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url(STYLESHEET);
      document.head.append(link);
      // The wasm download starts with the glue's, not after it.
      const wasm = fetch(glueUrl.slice(0, -3) + "_bg.wasm");
      glue = import(glueUrl).then(async (m) => {
        await m.default({ module_or_path: wasm });
        return (widget = m);
      });
      glue.catch((e) => console.error("matrix-channels:", e));
    }
    return glue;
  };

  const activate = async (host) => {
    waiting.delete(host);
    const m = await load();
    if (broken || !host.isConnected || mounted.has(host)) return;
    try {
      if (m[CONTRACT.mount](host)) mounted.add(host);
    } catch (e) {
      // Whatever mount throws comes from the widget: this element too gets
      // its list back.
      mounted.add(host);
      restore();
      throw e;
    }
  };

  const near = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting && waiting.has(e.target)) {
        near.unobserve(e.target);
        activate(e.target);
      }
    }
  }, { rootMargin: "400px" });
  // The observer's first answer comes with the next frame; a widget
  // already in view, or within the observer's 400 px above or below it,
  // starts now, a frame sooner (docs/benchmarks.md has what that saves a
  // warm visit). A box without height is not shown.
  const inView = (host) => {
    const { top, bottom, height } = host.getBoundingClientRect();
    return height > 0 && bottom > -400 && top < innerHeight + 400;
  };

  const attr = (host, name) => host.getAttribute(name) ?? host.getAttribute(CONTRACT.dataPrefix + name);

  const connect = (host) => {
    if (mounted.has(host) || waiting.has(host)) return;
    if (attr(host, "loading") === "eager" || inView(host)) {
      activate(host);
    } else {
      waiting.add(host);
      near.observe(host);
    }
  };

  const disconnect = (host) => {
    if (waiting.delete(host)) near.unobserve(host);
    if (mounted.delete(host)) load().then((m) => broken || m[CONTRACT.unmount](host));
  };

  customElements.define(CONTRACT.element, class extends HTMLElement {
    // The release, for a maintainer asking which one a page has:
    // customElements.get("matrix-channels").version
    static version = "@VERSION@";
    connectedCallback() { connect(this); }
    disconnectedCallback() { disconnect(this); }
  });

  // Markup that must stay a div (kramdown's markdown="1") carries
  // data-matrix-channels instead; a MutationObserver sees it come and go.
  const marked = `[${CONTRACT.marker}]`;
  const scan = (root) => {
    if (root.matches?.(marked)) connect(root);
    root.querySelectorAll?.(marked).forEach(connect);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      r.addedNodes.forEach((n) => n.nodeType === 1 && scan(n));
      if (r.removedNodes.length) {
        for (const host of [...mounted, ...waiting]) {
          // <matrix-channels> elements were told already (disconnectedCallback):
          // a second disconnect finds them in neither set.
          if (!host.isConnected) disconnect(host);
        }
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document);
}
