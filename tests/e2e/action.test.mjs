// The GitHub Action for the snapshot (action.yml): its one script,
// action/snapshot.sh, run here as the runner would run it — inputs as
// environment variables — against the local Synapse, with a "release" made
// from the locally built tool in a folder instead of a download
// (MATRIX_CHANNELS_RELEASE_DIR). The checksums the script trusts are the
// ones pinned beside it in the action's repository (action/SHA256SUMS),
// never the release's own: each run gets a copy of the script with the
// pins it needs. A stand-in `cargo` on the PATH records whether the
// script ever tries to build the tool instead (it must not).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jekyllBuild } from './support/jekyll.mjs';
import { Synapse } from './support/synapse.mjs';
import { ROOMS, SPACE, seedDeRse } from './support/seed.mjs';
import { VERSION } from './support/version.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = process.env.MATRIX_CHANNELS_BIN ?? join(ROOT, 'target/debug/matrix-channels');
const SCRIPT = join(ROOT, 'action/snapshot.sh');
const ACTION = readFileSync(join(ROOT, 'action.yml'), 'utf8');
/** This machine's release asset, named as the release workflow names it. */
const TARGET = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl`;
const ASSET = `matrix-channels-${VERSION}-${TARGET}`;
const SPACE_ALIAS = `#${SPACE.localpart}:matrix.org`;

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the snapshot action', () => {
  let synapse, seeded, work;
  let runs = 0;

  before(async () => {
    assert.ok(existsSync(TOOL), `${TOOL} is missing: cargo build --locked -p matrix-channels`);
    synapse = await Synapse.create();
    seeded = await seedDeRse(synapse);
    work = mkdtempSync(join(tmpdir(), 'matrix-channels-action-'));
  });

  after(() => synapse?.stop());

  /**
   * A release folder: `files` maps asset names to a source file (copied) or
   * a Buffer; SHA256SUMS lists each with its true sum unless `sums` says
   * otherwise.
   */
  function release(name, files, sums = {}) {
    const dir = join(work, 'releases', name);
    mkdirSync(dir, { recursive: true });
    const lines = [];
    for (const [asset, source] of Object.entries(files)) {
      const path = join(dir, asset);
      if (Buffer.isBuffer(source)) writeFileSync(path, source);
      else copyFileSync(source, path);
      chmodSync(path, 0o755);
      lines.push(`${sums[asset] ?? sha256(path)}  ${asset}`);
    }
    writeFileSync(join(dir, 'SHA256SUMS'), lines.map((l) => `${l}\n`).join(''));
    return dir;
  }

  /**
   * The action's folder as a release tag has it, its SHA256SUMS pinning
   * `pins` (asset name → sum); by default the true sums of `releaseDir`'s
   * files, as the release process pins them.
   */
  function actionWith(releaseDir, pins) {
    const dir = mkdtempSync(join(work, 'action-'));
    cpSync(join(ROOT, 'action'), join(dir, 'action'), { recursive: true });
    const sums = pins ?? Object.fromEntries(readFileSync(join(releaseDir, 'SHA256SUMS'), 'utf8')
      .trim().split('\n').map((l) => l.split(/\s+/)).map(([sum, name]) => [name, sha256(join(releaseDir, name))]));
    writeFileSync(join(dir, 'action/SHA256SUMS'), Object.entries(sums).map(([n, sum]) => `${sum}  ${n}\n`).join(''));
    return join(dir, 'action/snapshot.sh');
  }

  /**
   * Runs action/snapshot.sh in a fresh site folder with the action's inputs
   * as action.yml passes them, a release folder, and the bot's token in the
   * environment (unless `token: null`); `script`: the action's copy to
   * run, else one pinning `pins`; `site`: the folder to run in (a fresh
   * one by default). Resolves whatever the exit.
   */
  function runAction({ releaseDir, inputs = {}, token = seeded.bot, pins, script = actionWith(releaseDir, pins), site = join(work, `site-${++runs}`) }) {
    const bin = join(site, '.fake-bin');
    mkdirSync(bin, { recursive: true });
    const cargoLog = join(site, '.cargo-log');
    // A stand-in for cargo: records its arguments and whether it saw the
    // token, then "installs" the tool where --root says.
    writeFileSync(join(bin, 'cargo'), `#!/bin/sh
printf '%s\\n' "$@" > '${cargoLog}'
if [ -n "\${MATRIX_ACCESS_TOKEN+set}" ]; then echo token >> '${cargoLog}.env'; else echo no-token >> '${cargoLog}.env'; fi
root=; prev=
for arg; do [ "$prev" = --root ] && root=$arg; prev=$arg; done
mkdir -p "$root/bin" && cp '${TOOL}' "$root/bin/matrix-channels"
`);
    chmodSync(join(bin, 'cargo'), 0o755);
    const env = Object.fromEntries(Object.entries(process.env).filter(
      ([key]) => !/^(MC_|GITHUB_|RUNNER_|MATRIX_)/.test(key),
    ));
    Object.assign(env, {
      PATH: `${bin}:${process.env.PATH}`,
      MATRIX_CHANNELS_RELEASE_DIR: releaseDir,
      MC_SPACE: SPACE_ALIAS,
      MC_OUT: '_data/matrix_channels.json',
      MC_AVATARS: 'assets/matrix-channels/avatars',
      MC_MAX_DEPTH: '1',
      MC_HOMESERVER: synapse.baseUrl,
      MC_VERSION: VERSION,
      MC_REPOSITORY: '',
      ...inputs,
    });
    if (token !== null) env.MATRIX_ACCESS_TOKEN = token;
    return new Promise((done) => {
      const started = performance.now();
      execFile('bash', [script], { cwd: site, env }, (error, stdout, stderr) => {
        done({
          code: error ? error.code : 0, stdout, stderr, site,
          ms: Math.round(performance.now() - started),
          out: join(site, '_data/matrix_channels.json'),
          cargo: existsSync(cargoLog) ? readFileSync(cargoLog, 'utf8').trim().split('\n') : null,
          cargoEnv: existsSync(`${cargoLog}.env`) ? readFileSync(`${cargoLog}.env`, 'utf8').trim() : null,
        });
      });
    });
  }

  /** The seeded rooms and their counts, as a snapshot lists them. */
  function assertSeededRooms(out) {
    const snapshot = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(snapshot.source, 'hierarchy');
    assert.equal(snapshot.space.name, SPACE.name);
    const counts = Object.fromEntries(snapshot.rooms.map((r) => [r.alias, r.member_count]));
    assert.deepEqual(counts, Object.fromEntries(ROOMS.map((r) => [`#${r.localpart}:matrix.org`, r.members])));
  }

  test('a release binary whose sum matches writes the snapshot: the seeded rooms with their counts', async () => {
    const dir = release('good', {
      [ASSET]: TOOL,
      [`matrix-channels-${VERSION}-aarch64-apple-darwin`]: Buffer.from('another platform'),
    });
    const run = await runAction({ releaseDir: dir });
    assert.equal(run.code, 0, run.stderr);
    assertSeededRooms(run.out);
    assert.match(run.stdout, new RegExp(`${ASSET}: SHA-256 ${sha256(TOOL)}, as this action pins it`));
    assert.match(run.stdout, /wrote 5 rooms of de-RSE/);
    assert.equal(run.cargo, null, 'no fallback to cargo');
    assert.doesNotMatch(run.stdout + run.stderr + readFileSync(run.out, 'utf8'), new RegExp(seeded.bot));
    console.log(`# action run with a release binary: ${run.ms} ms`);
  });

  test('a tampered binary is refused before it runs, whatever the release\'s own SHA256SUMS says: exit 1, nothing written, no fallback', async () => {
    const tampered = Buffer.concat([readFileSync(TOOL), Buffer.from('\n')]);
    const tamperedSum = createHash('sha256').update(tampered).digest('hex');
    // Whoever can replace a release's binary can replace its SHA256SUMS:
    // the release's sums match the tampered file; the action's pin does not.
    const run = await runAction({
      releaseDir: release('tampered', { [ASSET]: tampered }),
      pins: { [ASSET]: sha256(TOOL) },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`checksum mismatch for ${ASSET}: this action pins ${sha256(TOOL)}, the file has ${tamperedSum}; refusing to run it`));
    assert.equal(existsSync(run.out), false);
    assert.equal(existsSync(join(run.site, 'assets')), false);
    assert.equal(run.cargo, null, 'a wrong sum must not fall back to building');

    // A binary the action pins no sum for cannot be checked: refused too,
    // though the release's own SHA256SUMS lists it.
    const unlisted = await runAction({
      releaseDir: release('unlisted', { [ASSET]: TOOL }),
      pins: { [`matrix-channels-${VERSION}-x86_64-apple-darwin`]: sha256(TOOL) },
    });
    assert.equal(unlisted.code, 1);
    assert.match(unlisted.stderr, new RegExp(`this action pins no checksum for ${ASSET}: refusing`));
    assert.equal(existsSync(unlisted.out), false);
    assert.equal(unlisted.cargo, null);
  });

  // The release workflow pins each release's tools with
  // scripts/pin-action-sums; until it did, every version was refused
  // until someone pinned the sums by hand.
  test('scripts/pin-action-sums pins a release: the action accepts its binary and refuses one changed after', async () => {
    const pinSums = (...args) => new Promise((done) => execFile(join(ROOT, 'scripts/pin-action-sums'), args,
      (error, stdout, stderr) => done({ code: error ? error.code : 0, stdout, stderr })));
    const releaseDir = release('pinned', { [ASSET]: TOOL, [`matrix-channels-${VERSION}.zip`]: Buffer.from('not a tool') });
    const dir = mkdtempSync(join(work, 'action-'));
    cpSync(join(ROOT, 'action'), join(dir, 'action'), { recursive: true });
    const pins = join(dir, 'action/SHA256SUMS');
    // A release whose SHA256SUMS does not match its files is not pinned.
    const forged = release('forged', { [ASSET]: TOOL }, { [ASSET]: '0'.repeat(64) });
    const before = readFileSync(pins, 'utf8');
    assert.equal((await pinSums(VERSION, forged, pins)).code, 1);
    assert.equal(readFileSync(pins, 'utf8'), before, 'nothing pinned');

    const pinned = await pinSums(VERSION, releaseDir, pins);
    assert.equal(pinned.code, 0, pinned.stderr);
    const text = readFileSync(pins, 'utf8');
    assert.ok(text.startsWith(before.split('\n')[0]), 'the file\'s comments stay');
    assert.match(text, new RegExp(`^${sha256(TOOL)}  ${ASSET.replaceAll('.', '\\.')}$`, 'm'));
    assert.ok(!text.includes('.zip'), 'only the tools are pinned');
    const script = join(dir, 'action/snapshot.sh');
    const accepted = await runAction({ releaseDir, script });
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /as this action pins it/);
    assertSeededRooms(accepted.out);
    // The binary replaced after the release, its release's sums with it.
    const changed = release('changed', { [ASSET]: Buffer.concat([readFileSync(TOOL), Buffer.from('!')]) });
    const refused = await runAction({ releaseDir: changed, script });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /checksum mismatch/);
    assert.ok(!existsSync(refused.out), 'nothing written');
  });

  test('no binary for this runner: exit 1, nothing built from a movable tag', async () => {
    const dir = release('other-platforms', { [`matrix-channels-${VERSION}-x86_64-pc-windows-msvc.exe`]: Buffer.from('MZ') });
    const run = await runAction({ releaseDir: dir, pins: { [ASSET]: sha256(TOOL) } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`could not get ${ASSET} from release v${VERSION} of de-rse/matrix-channels`));
    assert.equal(run.cargo, null, 'no cargo install --git: a tag can be moved and has no checksum');
    assert.equal(existsSync(run.out), false);
  });

  test('an input that looks like an option is no option: a space "--help" is a usage error, nothing written', async () => {
    const dir = release('dashes', { [ASSET]: TOOL });
    const help = await runAction({ releaseDir: dir, inputs: { MC_SPACE: '--help' } });
    assert.equal(help.code, 2, help.stdout + help.stderr);
    assert.doesNotMatch(help.stdout, /^Usage|USAGE/m);
    assert.equal(existsSync(help.out), false);
    // An output path that starts with '-' is a path.
    const dashed = await runAction({ releaseDir: dir, inputs: { MC_OUT: '-rooms.json', MC_AVATARS: 'false' } });
    assert.equal(dashed.code, 0, dashed.stderr);
    assert.ok(existsSync(join(dashed.site, '-rooms.json')));
  });

  test('the token reaches the tool in its environment only, never on a command line', async () => {
    // The release's binary is a wrapper that records its arguments and
    // whether the token is in its environment, then runs the real tool.
    const log = join(work, 'wrapper.log');
    const wrapper = Buffer.from(`#!/bin/sh
printf '%s\\n' "$@" > '${log}'
[ -n "$MATRIX_ACCESS_TOKEN" ] && echo 'token in the environment' >> '${log}'
exec '${TOOL}' "$@"
`);
    const run = await runAction({ releaseDir: release('wrapped', { [ASSET]: wrapper }), inputs: { MC_AVATARS: 'false', MC_MAX_DEPTH: '2' } });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [
      'snapshot', '--out', '_data/matrix_channels.json',
      '--homeserver', synapse.baseUrl, '--max-depth', '2', '--no-avatars', '--', SPACE_ALIAS,
      'token in the environment',
    ]);
    assertSeededRooms(run.out);
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(seeded.bot));
  });

  test('bad inputs are usage errors (exit 2) with what to do; the tool\'s own usage errors pass through', async () => {
    const dir = release('usage', { [ASSET]: TOOL });
    const noSpace = await runAction({ releaseDir: dir, inputs: { MC_SPACE: '' } });
    assert.equal(noSpace.code, 2);
    assert.match(noSpace.stderr, /the input 'space' is required/);
    const badVersion = await runAction({ releaseDir: dir, inputs: { MC_VERSION: 'main' } });
    assert.equal(badVersion.code, 2);
    assert.match(badVersion.stderr, /the input 'version' must be a release's version like 0\.1\.0, not 'main'/);
    // An input cannot start a line of its own in the log, where GitHub
    // would read it as a workflow command.
    const injected = await runAction({ releaseDir: dir, inputs: { MC_VERSION: '1.0\n::add-mask::injected', GITHUB_ACTIONS: 'true' } });
    assert.equal(injected.code, 2);
    assert.match(injected.stderr, /^::error title=matrix-channels::the input 'version' must be .* not '1\.0 ::add-mask::injected'$/m);
    assert.doesNotMatch(injected.stderr, /^::add-mask::/m);
    const depth = await runAction({ releaseDir: dir, inputs: { MC_MAX_DEPTH: '0' } });
    assert.equal(depth.code, 2);
    assert.match(depth.stderr, /invalid value '0' for '--max-depth <N>': 0 is not in 1\.\.=10; try `matrix-channels snapshot --help`/);
    for (const run of [noSpace, badVersion, injected, depth]) assert.equal(existsSync(run.out), false);
  });

  test('action.yml: the workspace\'s version by default, every input passed as an environment variable, no ${{ }} in its script', () => {
    assert.match(ACTION, new RegExp(`^  version:\\n(?:    .*\\n)*?    default: "${VERSION.replaceAll('.', '\\.')}"$`, 'm'));
    // The step's `run:` names the script and nothing else: an input
    // interpolated there would be shell code.
    const runs = [...ACTION.matchAll(/^\s+run: (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(runs, ['bash "$GITHUB_ACTION_PATH/action/snapshot.sh"']);
    const inputs = [...ACTION.replace(/^runs:[\s\S]*/m, '').matchAll(/^  ([a-z-]+):$/gm)].map((m) => m[1]);
    assert.deepEqual(inputs, ['space', 'out', 'avatars', 'max-depth', 'homeserver', 'version']);
    for (const input of inputs) {
      const variable = `MC_${input.toUpperCase().replaceAll('-', '_')}`;
      assert.match(ACTION, new RegExp(`^        ${variable}: \\$\\{\\{ inputs\\.${input} \\}\\}$`, 'm'), input);
      assert.match(readFileSync(SCRIPT, 'utf8'), new RegExp(`\\$\\{${variable}:-`), `the script reads ${variable}`);
    }
    assert.doesNotMatch(ACTION, /^\s+token:/m, 'the token is not an input');
  });

  // README, "Every 15 minutes, without a commit each time": the action
  // writes the snapshot into the checkout, Jekyll builds the site from it,
  // the deploy publishes the build, and nothing is committed. This runs
  // that path with the README's own workflow inputs and page on the example
  // site in a git repository: two runs with a member joining between them,
  // each build serving its own run's counts, the history as it was.
  test('the README\'s Pages workflow: each run refreshes the snapshot the site is built from, and commits nothing', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const workflow = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
      .map((m) => m[1]).find((text) => /uses: actions\/deploy-pages@/.test(text));
    assert.ok(workflow, 'the README has the Pages workflow');
    assert.doesNotMatch(workflow, /git (commit|push)|contents: write/, 'the Pages workflow never commits');
    const step = workflow.match(/- uses: de-rse\/matrix-channels@v\S+\n +with:\n((?: {10}[a-z-]+: .*\n)+)/);
    assert.ok(step, 'the workflow runs the action with inputs');
    const inputs = Object.fromEntries([...step[1].matchAll(/^ +([a-z-]+): (.*)$/gm)]
      .map(([, name, value]) => [`MC_${name.toUpperCase().replaceAll('-', '_')}`, value.replace(/^"(.*)"$/, '$1')]));
    assert.equal(inputs.MC_SPACE, SPACE_ALIAS);
    assert.equal(inputs.MC_OUT, '_data/matrix_channels.json', 'where the include and the one-line snapshot page read it');
    // The page the README gives after the workflow.
    const include = readme.slice(readme.indexOf(workflow)).match(/^```liquid\n(.*)\n```$/m)?.[1];
    assert.match(include ?? '', /^\{% include matrix-channels\.html snapshot=site\.data\.matrix_channels live="snapshot"/);

    const site = join(work, 'pages-site');
    cpSync(join(ROOT, 'examples/jekyll'), site, { recursive: true });
    writeFileSync(join(site, 'near-live.md'), `---\nlayout: default\ntitle: Near-live\npermalink: /near-live/\n---\n\n${include}\n`);
    const git = (...args) => execFileSync('git', ['-C', site, '-c', 'user.name=site', '-c', 'user.email=site@example.org', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'the site');
    const head = git('rev-parse', 'HEAD');

    const releaseDir = release('pages', { [ASSET]: TOOL });
    const script = actionWith(releaseDir);
    const general = ROOMS[0];
    const generalAlias = `#${general.localpart}:matrix.org`;
    /** One scheduled run: the action (the homeserver the local one), then the site's build. */
    const scheduledRun = async () => {
      const run = await runAction({ releaseDir, script, site, inputs: { ...inputs, MC_HOMESERVER: synapse.baseUrl } });
      assert.equal(run.code, 0, run.stderr);
      const built = mkdtempSync(join(work, 'pages-build-'));
      await jekyllBuild(site, built);
      const served = JSON.parse(readFileSync(join(built, 'assets/matrix-channels.json'), 'utf8'));
      const page = readFileSync(join(built, 'near-live/index.html'), 'utf8');
      return { served, page, count: served.rooms.find((r) => r.alias === generalAlias).member_count };
    };

    const first = await scheduledRun();
    assert.deepEqual(Object.fromEntries(first.served.rooms.map((r) => [r.alias, r.member_count])),
      Object.fromEntries(ROOMS.map((r) => [`#${r.localpart}:matrix.org`, r.members])));
    assert.match(first.page, /<matrix-channels[^>]* live="snapshot"[^>]* snapshot="\/assets\/matrix-channels\.json">/);
    assert.match(first.page, new RegExp(`>${general.name}<`), 'the list rendered at build time');

    await synapse.join(await seeded.register('pages-newcomer'), generalAlias);
    const second = await scheduledRun();
    assert.equal(first.count, general.members);
    assert.equal(second.count, general.members + 1, 'the next run\'s build serves the new count');
    assert.ok(second.served.generated_at >= first.served.generated_at);
    assert.equal(git('rev-parse', 'HEAD'), head, 'no commit');
    assert.equal(git('status', '--porcelain', '--', '_data'), '?? _data/', 'the snapshot is the build\'s, not the repository\'s');
  });
});
