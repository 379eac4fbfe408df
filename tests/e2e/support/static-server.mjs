// A static file server on a free loopback port for the built page. It can
// rewrite HTML as it serves it — how the demo and the tests point the page's
// widgets at the local homeserver without changing the page itself.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

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
 * responses as a real web host does, for clients that accept it.
 * `conditional` sends each file's ETag (a hash of its bytes) and
 * Last-Modified, and answers a matching If-None-Match (else
 * If-Modified-Since) with a 304, as GitHub Pages and nginx do.
 * `answer(path)` may answer in the file's place with { status, body } (a
 * fault a file cannot show); `log({ path, status, request })` sees every
 * response. Returns { url, close }.
 */
export async function serveStatic(root, {
  port = 0, prefix = '/', rewriteHtml = (html) => html, headers = () => ({}), gzip = false,
  conditional = false, answer = () => null, log = () => {},
} = {}) {
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
      const instead = answer(path, request);
      if (instead) {
        log({ path, status: instead.status, request });
        response.writeHead(instead.status, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(instead.body);
        return;
      }
      let body = await readFile(file);
      let validators = {};
      if (conditional) {
        const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
        const modified = (await stat(file)).mtime.toUTCString();
        validators = { etag, 'last-modified': modified };
        const match = request.headers['if-none-match'];
        const since = request.headers['if-modified-since'];
        if (match !== undefined ? match === etag : since !== undefined && Date.parse(since) >= Date.parse(modified)) {
          log({ path, status: 304, request });
          response.writeHead(304, { 'cache-control': 'no-cache', ...validators }).end();
          return;
        }
      }
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
        ...validators,
        ...headers(path),
      });
      log({ path, status: 200, request });
      response.end(body);
    } catch {
      log({ path: request.url, status: 404, request });
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
