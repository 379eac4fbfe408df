// A static file server on a free loopback port for the built page. It can
// rewrite HTML as it serves it — how the demo and the tests point the page's
// widgets at the local homeserver without changing the page itself.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `root` on 127.0.0.1. `rewriteHtml(html, path)` may change HTML
 * pages; `headers(path)` may add response headers; `gzip` compresses
 * responses as a real web host does, for clients that accept it. Returns
 * { url, close }.
 */
export async function serveStatic(root, { port = 0, prefix = '/', rewriteHtml = (html) => html, headers = () => ({}), gzip = false } = {}) {
  // A file's compressed body, made once while the file stays as it is, as
  // a web host keeps it (GitHub Pages' CDN, nginx's gzip_static): made
  // per request, the wasm's compression held the single-threaded server,
  // and every file asked after it, some milliseconds a load.
  const compressed = new Map();
  const gzipped = async (file, body) => {
    const { mtimeMs, size } = await stat(file);
    const kept = compressed.get(file);
    if (kept?.mtimeMs === mtimeMs && kept.size === size) return kept.body;
    const made = gzipSync(body, { level: 6 });
    compressed.set(file, { mtimeMs, size, body: made });
    return made;
  };
  const server = createServer(async (request, response) => {
    try {
      const requested = decodeURIComponent(new URL(request.url, 'http://x').pathname);
      if (!requested.startsWith(prefix)) throw new Error('outside the prefix');
      const path = '/' + requested.slice(prefix.length);
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root) + sep) && file !== normalize(root)) {
        response.writeHead(403).end();
        return;
      }
      if (path.endsWith('/')) file = join(file, 'index.html');
      let body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const html = type.startsWith('text/html');
      if (html) body = Buffer.from(rewriteHtml(body.toString('utf8'), path));
      const compress = gzip && /gzip/.test(request.headers['accept-encoding'] ?? '');
      // HTML is rewritten per request, so compressed per request.
      if (compress) body = html ? gzipSync(body, { level: 6 }) : await gzipped(file, body);
      response.writeHead(200, {
        'content-type': type,
        'cache-control': 'no-cache',
        ...(compress ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
        ...headers(path),
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Adds attributes to every widget element of `html`: to each
 * <matrix-channels> start tag as they are, to each data-matrix-channels
 * element as data- attributes.
 */
export function withWidgetAttributes(html, attributes) {
  const extra = (prefix) =>
    Object.entries(attributes)
      .map(([name, value]) => ` ${prefix}${name}="${String(value).replaceAll('"', '&quot;')}"`)
      .join('');
  return html
    .replaceAll('<matrix-channels', `<matrix-channels${extra('')}`)
    .replaceAll(' data-matrix-channels', ` data-matrix-channels${extra('data-')}`);
}

/**
 * Points a built page at `homeserver`: the widgets of the demo page, and
 * the configurator's form (configure/index.html starts with the
 * homeserver its body names).
 */
export function withDemoHomeserver(html, homeserver) {
  return withWidgetAttributes(html, { homeserver })
    .replace('<body data-homeserver="">', `<body data-homeserver="${homeserver.replaceAll('"', '&quot;')}">`);
}
