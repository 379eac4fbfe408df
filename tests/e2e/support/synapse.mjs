// A real Synapse on a free loopback port, for the demo and the tests:
// generated config, started and stopped on demand, seeded through its APIs.
//
// It calls itself "matrix.org", so the rooms have the very aliases the de-RSE
// page links to (#de-rse.org-general:matrix.org, …) and the page's markup
// stays exactly as on the live site; the widget's `homeserver` attribute
// points it here. It has no federation listener and trusts no key servers:
// it never contacts the real matrix.org.

import { spawn, execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, openSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.mjs';

const SYNAPSE_VERSION = '1.163.2';
export const SERVER_NAME = 'matrix.org';

function synapsePython() {
  const cache = process.env.MATRIX_CHANNELS_CACHE ?? join(homedir(), '.cache', 'matrix-channels');
  return join(cache, `synapse-${SYNAPSE_VERSION}`, 'bin', 'python');
}

export class Synapse {
  constructor({ dir, port, secret }) {
    this.dir = dir;
    this.port = port;
    this.secret = secret;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.process = null;
  }

  /** Makes a config in a fresh directory and starts the server. */
  static async create() {
    const dir = mkdtempSync(join(tmpdir(), 'matrix-channels-synapse-'));
    const port = await freePort();
    const secret = randomBytes(24).toString('hex');
    const synapse = new Synapse({ dir, port, secret });
    synapse.writeConfig();
    await promisify(execFile)(synapsePython(), [
      '-m', 'synapse.app.homeserver', '-c', synapse.configPath, '--generate-keys',
    ]);
    await synapse.start();
    return synapse;
  }

  get configPath() {
    return join(this.dir, 'homeserver.yaml');
  }

  writeConfig() {
    mkdirSync(join(this.dir, 'media'), { recursive: true });
    const generous = '{per_second: 1000, burst_count: 1000}';
    writeFileSync(this.configPath, `
server_name: "${SERVER_NAME}"
pid_file: "${join(this.dir, 'homeserver.pid')}"
public_baseurl: "${this.baseUrl}/"
listeners:
  - port: ${this.port}
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: "${join(this.dir, 'homeserver.db')}"
media_store_path: "${join(this.dir, 'media')}"
signing_key_path: "${join(this.dir, 'signing.key')}"
registration_shared_secret: "${this.secret}"
macaroon_secret_key: "${randomBytes(24).toString('hex')}"
form_secret: "${randomBytes(24).toString('hex')}"
report_stats: false
enable_metrics: false
trusted_key_servers: []
suppress_key_server_warning: true
rc_message: ${generous}
rc_registration: ${generous}
rc_room_creation: ${generous}
rc_joins:
  local: ${generous}
  remote: ${generous}
rc_login:
  address: ${generous}
  account: ${generous}
  failed_attempts: ${generous}
`);
  }

  /** Starts the server and waits until it answers. */
  async start() {
    if (this.process) return;
    const log = openSync(join(this.dir, 'synapse.log'), 'a');
    this.process = spawn(synapsePython(), ['-m', 'synapse.app.homeserver', '-c', this.configPath], {
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    // A script that dies (an uncaught error in the bench, say) must not
    // leave its homeserver running: the next test run starts from nothing.
    const child = this.process;
    this.stopOnExit = () => child.kill('SIGTERM');
    process.once('exit', this.stopOnExit);
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.exited = exited;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const early = await Promise.race([exited.then(() => true), sleep(100).then(() => false)]);
      if (early) throw new Error(`Synapse exited at start; see ${join(this.dir, 'synapse.log')}`);
      try {
        const response = await fetch(`${this.baseUrl}/_matrix/client/versions`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
    }
    throw new Error(`Synapse did not answer within 60 s; see ${join(this.dir, 'synapse.log')}`);
  }

  /** Stops the server and waits until it has exited. */
  async stop() {
    if (!this.process) return;
    process.removeListener('exit', this.stopOnExit);
    this.process.kill('SIGTERM');
    const killed = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!killed) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
    this.process = null;
  }

  /** Calls the client-server API; throws on a non-2xx answer. */
  async api(method, path, { token, body } = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
  }

  /** Registers a user through the shared-secret admin API; its access token. */
  async register(username) {
    const password = randomBytes(12).toString('hex');
    const { nonce } = await this.api('GET', '/_synapse/admin/v1/register');
    const mac = createHmac('sha1', this.secret)
      .update(`${nonce}\0${username}\0${password}\0notadmin`)
      .digest('hex');
    const { access_token } = await this.api('POST', '/_synapse/admin/v1/register', {
      body: { nonce, username, password, admin: false, mac },
    });
    return access_token;
  }

  /** The anonymous room summary, as a visitor's browser would get it. */
  async summary(alias) {
    const response = await fetch(
      `${this.baseUrl}/_matrix/client/v1/room_summary/${encodeURIComponent(alias)}`,
    );
    return { status: response.status, body: await response.json() };
  }

  async join(token, alias) {
    return this.api('POST', `/_matrix/client/v3/join/${encodeURIComponent(alias)}`, { token, body: {} });
  }

  async setJoinRule(token, roomId, joinRule) {
    return this.api(
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.join_rules/`,
      { token, body: { join_rule: joinRule } },
    );
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
