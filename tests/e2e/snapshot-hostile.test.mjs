// The snapshot tool against hostile servers of the test's own (node:http on
// loopback): what it prints from them, and where its token goes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = process.env.MATRIX_CHANNELS_BIN ?? join(ROOT, 'target/debug/matrix-channels');
const TOKEN = 'syt_hostile_test_token_3f9a';

/** Runs the tool; resolves to { code, stdout, stderr } whatever the exit. */
function snapshotTool(args, { token } = {}) {
  const env = { ...process.env };
  delete env.MATRIX_ACCESS_TOKEN;
  if (token) env.MATRIX_ACCESS_TOKEN = token;
  return new Promise((resolve) => {
    execFile(TOOL, ['snapshot', ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

/**
 * An HTTP server on a free loopback port answering with `handle(request)`
 * → { status, type, body } (a JSON body for an object), recording every
 * request's path and Authorization header.
 */
async function listener(handle) {
  const requests = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url, authorization: request.headers.authorization ?? null });
    const { status = 200, type = 'application/json', body = {}, headers = {} } = handle(request) ?? { status: 404, body: { errcode: 'M_NOT_FOUND' } };
    response.writeHead(status, { 'content-type': type, ...headers });
    response.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { requests, port, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Control characters but the line feed, C1 controls, bidi embeddings and overrides. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * A homeserver that grants everything and records every request: a space
 * `!space:h` with one room, whoever asks, so a run that sends it the token
 * goes on sending it.
 */
function grantingHomeserver() {
  return listener((request) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    if (path === '/_matrix/client/v3/account/whoami') return { body: { user_id: '@bot:h' } };
    if (path.startsWith('/_matrix/client/v3/directory/room/')) return { body: { room_id: '!space:h' } };
    if (path === '/_matrix/client/v1/rooms/!space:h/hierarchy') {
      return { body: { rooms: [
        { room_id: '!space:h', name: 'Space', room_type: 'm.space', num_joined_members: 2,
          children_state: [{ type: 'm.space.child', state_key: '!r:h', origin_server_ts: 1, content: { via: ['h'] } }] },
        { room_id: '!r:h', name: 'Room', num_joined_members: 2 },
      ] } };
    }
    if (path.startsWith('/_matrix/client/v1/room_summary/')) {
      return { body: { room_id: '!r:h', name: 'Room', num_joined_members: 2, join_rule: 'public' } };
    }
    return undefined;
  });
}

describe('snapshot tool and hostile servers', () => {
  const work = mkdtempSync(join(tmpdir(), 'matrix-channels-hostile-'));
  const closers = [];
  after(() => Promise.all(closers.map((close) => close())));

  describe('server text in the log', () => {
    // A room name as a hostile server or room admin may set it: a GitHub
    // Actions workflow command on a line of its own, ANSI escapes that
    // clear a terminal (7-bit and the 8-bit CSI), a carriage return, a bell
    // and a bidi override.
    const HOSTILE = 'Room\n::error file=x::pwned\r\n::add-mask::x\u001b[2J\u009b31m\u202egnp.exe\u0007';
    const child = (id) => ({ type: 'm.space.child', state_key: id, origin_server_ts: 1, content: { via: ['h'] } });
    let homeserver;

    before(async () => {
      homeserver = await listener((request) => {
        const path = decodeURIComponent(request.url.split('?')[0]);
        if (path === '/_matrix/client/v3/account/whoami') return { body: { user_id: '@bot:h' } };
        if (path === '/_matrix/client/v3/directory/room/#space:h') return { body: { room_id: '!space:h' } };
        if (path === '/_matrix/client/v1/rooms/!space:h/hierarchy') {
          return { body: { rooms: [
            { room_id: '!space:h', name: `Space ${HOSTILE}`, room_type: 'm.space', num_joined_members: 3,
              children_state: ['!a:h', '!b:h', '!c:h'].map(child) },
            { room_id: '!a:h', name: HOSTILE, topic: 'Jobs\u202e, 12 members\u2066 \u200f', num_joined_members: 1, avatar_url: `https://h/\n::error::not-mxc\u001b[2J` },
            { room_id: '!b:h', name: `${HOSTILE} b`, num_joined_members: 1, avatar_url: 'mxc://h/svg' },
            { room_id: '!c:h', name: `${HOSTILE} c`, num_joined_members: 1, avatar_url: 'mxc://h/err' },
          ] } };
        }
        if (path === '/_matrix/client/v1/media/thumbnail/h/svg') {
          return { type: 'image/png', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' };
        }
        if (path === '/_matrix/client/v1/media/thumbnail/h/err') {
          return { status: 500, body: { errcode: `M_${HOSTILE}`, error: HOSTILE } };
        }
        return undefined;
      });
      closers.push(homeserver.close);
    });

    test('room names, avatar URIs and error codes reach the log as plain one-line text', async () => {
      const out = join(work, 'hostile/rooms.json');
      const run = await snapshotTool(['#space:h', '--out', out, '--homeserver', homeserver.url], { token: TOKEN });
      assert.equal(run.code, 0, run.stderr);
      // The hostile text was there to print: three warnings and the summary.
      assert.equal(run.stderr.match(/^matrix-channels: warning: Room/gm)?.length, 3, run.stderr);
      assert.match(run.stdout, /^matrix-channels: wrote 3 rooms of Space Room/m);
      for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]]) {
        assert.doesNotMatch(text, UNSAFE, `${name}: ${JSON.stringify(text)}`);
        const commands = text.split('\n').filter((line) => /^\s*::/.test(line));
        assert.deepEqual(commands, [], `${name}: a line a CI runner takes for a workflow command`);
      }
      // Cleaned, not dropped: the name still reads.
      assert.match(run.stdout, /^matrix-channels: wrote 3 rooms of Space Room ::error file=x::pwned ::add-mask::x\[2J31mgnp\.exe to /m);
    });
    // The Jekyll include renders the snapshot's names and topics without
    // the widget: a name ending in U+202E mirrored the rest of its row
    // ("12 members" read "21"). The tool writes them as the widget shows
    // them, cleaned by the core's text::clean.
    test('names and topics are written cleaned: no control, bidi override or isolate in the file', async () => {
      const out = join(work, 'hostile-clean/rooms.json');
      const run = await snapshotTool(['#space:h', '--out', out, '--homeserver', homeserver.url, '--no-avatars'], { token: TOKEN });
      assert.equal(run.code, 0, run.stderr);
      const snapshot = JSON.parse(readFileSync(out, 'utf8'));
      const texts = [snapshot.space, ...snapshot.rooms].flatMap((r) => [r.name, r.topic]).filter((t) => t != null);
      assert.equal(texts.length, 5);
      for (const text of texts) assert.doesNotMatch(text, UNSAFE, JSON.stringify(text));
      const a = snapshot.rooms.find((r) => r.room_id === '!a:h');
      assert.equal(a.name, 'Room ::error file=x::pwned ::add-mask::x[2J31mgnp.exe');
      assert.equal(a.topic, 'Jobs, 12 members');
    });
  });

  describe('where the token goes', () => {
    let homeserver, wellKnown, space;

    before(async () => {
      // The space's server name is a listener of the test's own whose
      // .well-known points at another: the homeserver whoever controls the
      // space's domain chooses, which records every Authorization header.
      homeserver = await grantingHomeserver();
      wellKnown = await listener((request) => request.url === '/.well-known/matrix/client'
        ? { body: { 'm.homeserver': { base_url: homeserver.url } } }
        : undefined);
      closers.push(homeserver.close, wellKnown.close);
      space = `#space:127.0.0.1:${wellKnown.port}`;
    });

    const sawToken = (server) => server.requests.filter((r) => r.authorization?.includes(TOKEN));

    test('with a token and no --homeserver: refused, naming what .well-known points at, the token sent nowhere', async () => {
      const out = join(work, 'discovered/rooms.json');
      const run = await snapshotTool([space, '--out', out], { token: TOKEN });
      assert.deepEqual(sawToken(homeserver), [], 'the discovered homeserver saw the token');
      assert.deepEqual(sawToken(wellKnown), []);
      assert.deepEqual(homeserver.requests, [], 'nothing is asked of a homeserver not named');
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(
        `points at ${homeserver.url} through \\.well-known; if that is your bot's homeserver, pass --homeserver ${homeserver.url}`));
      assert.doesNotMatch(run.stdout + run.stderr, new RegExp(TOKEN));
    });

    test('without a token, discovery is as before: the space\'s .well-known, no Authorization at all', async () => {
      const before = homeserver.requests.length;
      const out = join(work, 'anonymous/rooms.json');
      const run = await snapshotTool([space, '--out', out, '--room', '#room:h']);
      assert.equal(run.code, 0, run.stderr);
      const asked = homeserver.requests.slice(before);
      assert.ok(asked.some((r) => r.url.includes('/room_summary/')), JSON.stringify(asked));
      assert.deepEqual(asked.filter((r) => r.authorization !== null), []);
    });

    test('with a token, a plain-http --homeserver off this machine is refused before any request', async () => {
      const out = join(work, 'plain/rooms.json');
      for (const url of ['http://matrix.example.invalid', 'http://127.0.0.1.example.invalid:8008', `http://127.0.0.1:${homeserver.port}@matrix.example.invalid`]) {
        const run = await snapshotTool([space, '--out', out, '--homeserver', url], { token: TOKEN });
        assert.equal(run.code, 2, `${url}: ${run.stderr}`);
        // User information before the host is no base URL at all
        // (well_known::normalize_base_url, issue 27).
        assert.match(run.stderr, url.includes('@') ? /'--homeserver <URL>': not an http\(s\) URL/ : /plain http/);
      }
      assert.deepEqual(sawToken(homeserver), []);
    });

    test('with a token, a redirect is not followed: the place it points at hears nothing', async () => {
      const target = await grantingHomeserver();
      const redirecting = await listener((request) => ({
        status: 307, headers: { location: `${target.url}${request.url}` }, body: '',
      }));
      closers.push(target.close, redirecting.close);
      const out = join(work, 'redirected/rooms.json');
      const run = await snapshotTool([space, '--out', out, '--homeserver', redirecting.url], { token: TOKEN });
      assert.deepEqual(sawToken(target), []);
      assert.deepEqual(target.requests, [], 'the redirect was followed');
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /redirect/);
      // The first request carried the token to the homeserver named: that one may see it.
      assert.equal(redirecting.requests.length, 1);
    });
  });

  // A room's timeline as a hostile server tells it: pages that never end,
  // events from the far future, fields of the wrong type, content and
  // senders the snapshot must not keep.
  test('a timeline that never ends is read to 1,000 events; future, malformed and state events are not counted', async () => {
    let pages = 0;
    const now = Date.now();
    const homeserver = await listener((request) => {
      const url = new URL(request.url, 'http://h');
      const path = decodeURIComponent(url.pathname);
      if (path === '/_matrix/client/v3/account/whoami') return { body: { user_id: '@bot:h' } };
      if (path.startsWith('/_matrix/client/v3/directory/room/')) return { body: { room_id: '!space:h' } };
      if (path === '/_matrix/client/v1/rooms/!space:h/hierarchy') {
        return { body: { rooms: [
          { room_id: '!space:h', name: 'Space', room_type: 'm.space', num_joined_members: 2,
            children_state: [{ type: 'm.space.child', state_key: '!r:h', origin_server_ts: 1, content: { via: ['h'] } }] },
          { room_id: '!r:h', name: 'Room', num_joined_members: 2 },
        ] } };
      }
      if (path === '/_matrix/client/v3/rooms/!r:h/messages') {
        pages += 1;
        const limit = Number(url.searchParams.get('limit'));
        const chunk = Array.from({ length: limit }, (_, i) => (
          i === 0 ? { type: 'm.room.message', origin_server_ts: 9e15, content: { body: 'from the future' } }
            : i === 1 ? { type: 'm.room.message', origin_server_ts: 'yesterday', sender: '@secret:h' }
              : i === 2 ? { type: 'm.room.topic', state_key: '', origin_server_ts: now - 1000 }
                : { type: 'm.room.message', origin_server_ts: now - 1000, event_id: `$secret${i}`, sender: '@secret:h', content: { body: 'secret' } }));
        return { body: { chunk, start: `s${pages}`, end: `e${pages}` } };
      }
      return undefined;
    });
    try {
      const out = join(work, 'endless/rooms.json');
      const run = await snapshotTool(['#space:h', '--out', out, '--homeserver', homeserver.url, '--no-avatars'], { token: TOKEN });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(pages, 10, 'ten pages of 100 events, then it stops');
      const text = readFileSync(out, 'utf8');
      const { activity } = JSON.parse(text).rooms[0];
      // 97 of each page's 100 count; the future one sets no date.
      assert.deepEqual(Object.keys(activity), ['last_message_at', 'messages_7d', 'messages_30d']);
      assert.equal(activity.messages_7d, 970);
      assert.equal(activity.messages_30d, 970);
      assert.ok(Date.parse(activity.last_message_at) <= now);
      assert.match(run.stderr, /activity 1\/1: Room: at least 970 messages in 7 days/);
      assert.doesNotMatch(text, /secret|future/);
    } finally {
      await homeserver.close();
    }
  });
});
