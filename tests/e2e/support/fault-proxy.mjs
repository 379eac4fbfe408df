// A fault-injecting proxy on a free loopback port in front of the real
// Synapse: it passes requests through, or answers with the fault a real
// server cannot be made to produce on demand — a hang, a 5xx, a 429, a
// truncated or wrong-shaped or 50 MB body, a missing CORS header. It logs
// when each room's summary was asked for.

import { createServer } from 'node:http';

export const FAULTS = ['hang', '500', '502', '503', '429', '429-html', 'bad-json', 'huge', 'wrong-shape', 'no-cors'];
const CORS = { 'access-control-allow-origin': '*' };

export async function faultProxy(target) {
  let fault = null;
  const requests = []; // { alias, at, fault }
  const hanging = new Set();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const summary = path.match(/\/(?:room_summary|summary|rooms)\/([^/]+)/);
    const record = summary && { alias: decodeURIComponent(summary[1]), at: Date.now(), fault };
    if (record) requests.push(record);
    const json = (status, body, headers = CORS) =>
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    switch (summary ? fault : null) {
      case 'hang':
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      case '500': case '502': case '503':
        return json(Number(fault), { errcode: 'M_UNKNOWN', error: 'injected' });
      case '429':
        return json(429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 40_000 });
      case '429-html':
        return response.writeHead(429, { 'content-type': 'text/html', ...CORS }).end('<html>Too many requests</html>');
      case 'bad-json':
        return response.writeHead(200, { 'content-type': 'application/json', ...CORS }).end('{"num_joined_members": 1');
      case 'wrong-shape':
        return json(200, { members: 5, name: ['not', 'a', 'string'] });
      case 'huge': {
        // 50 MB of a valid-looking JSON string, written only as fast as
        // the browser reads; it stops when the browser hangs up.
        let finish;
        record.finished = new Promise((resolve) => { finish = resolve; });
        response.writeHead(200, { 'content-type': 'application/json', ...CORS });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        let closed = false;
        response.on('close', () => { closed = true; });
        response.write('{"num_joined_members":1,"topic":"');
        while (!closed && sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) await drainedOrClosed(response);
        }
        if (!closed) response.end('"}');
        record.bytesSent = sent;
        // Whether the browser hung up before the end. How much it took first
        // depends on socket and pipe buffers and on when the network process
        // gets to run (2 to 23 MB seen), so that is reported, not asserted.
        record.hungUp = closed && sent < 50 * 1024 * 1024;
        finish();
        return;
      }
      default: {
        const upstream = await fetch(target + request.url, { method: request.method });
        const headers = { 'content-type': upstream.headers.get('content-type') ?? 'application/json' };
        if (fault !== 'no-cors' || !summary) Object.assign(headers, CORS);
        response.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
      }
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    setFault(name) { fault = name; },
    close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resolves when `response` can take more, or is gone; leaves no listener. */
function drainedOrClosed(response) {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done).off('close', done);
      resolve();
    };
    response.on('drain', done).on('close', done);
  });
}
