// trunk's post-build hook: completes the folder a maintainer copies
// (dist/matrix-channels/) with the loader and the stylesheet.
//   matrix-channels.js              the loader: its name never changes
//   matrix-channels-<hash>.js       wasm-bindgen's glue (trunk; minified here)
//   matrix-channels-<hash>_bg.wasm  the widget (trunk, wasm-opt -Oz), with
//                                   the glue short names across the
//                                   boundary, both named after their
//                                   content here
//   matrix-channels-<hash>.css      the stylesheet (here)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import { shortenBoundaryNames, withoutClasses } from './boundary-names.mjs';

const root = resolve(import.meta.dirname, '..');
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by trunk as a post_build hook (TRUNK_STAGING_DIR is unset)');
const dir = join(staging, 'matrix-channels');
const files = readdirSync(dir);
const one = (pattern, what) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${dir}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const trunkWasm = one(/^matrix-channels-[0-9a-f]+_bg\.wasm$/, 'wasm file');
const trunkJs = one(/^matrix-channels-[0-9a-f]+\.js$/, 'wasm-bindgen glue');
// The loader derives the wasm's name from the glue's.
if (trunkWasm !== trunkJs.replace(/\.js$/, '_bg.wasm')) throw new Error(`the wasm ${trunkWasm} is not named after the glue ${trunkJs}`);
// The release the loader reports: the workspace's version.
const version = execFileSync(join(root, 'scripts/version'), { encoding: 'utf8' }).trim();

// Minified too; the custom properties it reads are documented in the README.
const stylesheet = transformSync(readFileSync(join(root, 'style/matrix-channels.css'), 'utf8'), {
  loader: 'css',
  minify: true,
  legalComments: 'none',
}).code;
const css = `matrix-channels-${createHash('sha256').update(stylesheet).digest('hex').slice(0, 16)}.css`;
writeFileSync(join(dir, css), stylesheet);

// The glue must export what the loader calls (its CONTRACT, written as
// JSON; src/contract.rs is the Rust side): refuse a build where it does not.
const loaderSource = readFileSync(join(root, 'loader/matrix-channels.js'), 'utf8');
const contract = JSON.parse(loaderSource.match(/const CONTRACT = (\{[^}]*\});/)[1]);
const glue = readFileSync(join(dir, trunkJs), 'utf8');
// `CONTRACT.name` spelled out, in the loader and in early.js.
function withContract(code) {
  return code.replace(/CONTRACT\.(\w+)/g, (_, key) => {
    if (!(key in contract)) throw new Error(`CONTRACT.${key} is used but CONTRACT does not define it`);
    return JSON.stringify(contract[key]);
  });
}
for (const name of [contract.mount, contract.unmount]) {
  if (!glue.includes(`export function ${name}(`)) throw new Error(`the glue ${trunkJs} does not export ${name}, which the loader calls`);
}
// Short names for what only the glue and the wasm say to each other
// (scripts/boundary-names.mjs): the wasm-bindgen names with their hashes
// were 6 KB gzip of the two files.
// The glue's classes go first (withoutClasses says why), and with them
// the wasm's exports only they read; wasm-opt then drops what only those
// exports reached (the same binaryen trunk runs, and the features
// trunk's build has: an unlisted one stops the build). Its passes:
// flattening and re-looping the control flow, then -Os to a fixed point,
// gave 254 B gzip less than -Oz (63,473 -> 63,219 B of the bundle; -Oz
// -Oz and -Oz --converge, tried on the same input, gave less). One more
// -Os after the fixed point still finds some, and --low-memory-unused
// lets it fold address arithmetic into load and store offsets: true of
// Rust's wasm32 layout, which puts the stack first, growing down from
// 1 MiB toward 0, with the data and the heap above it, so the low 1 KiB
// is touched only by a stack 1 MiB deep (-326 B gzip of the wasm on the
// same input). Not --traps-never-happen (-787 B more): a panic here is a
// trap the loader answers by giving the page its list back, and with it
// binaryen may remove the checks that lead there.
const shortened = shortenBoundaryNames(readFileSync(join(dir, trunkWasm)), withoutClasses(glue));
const unoptimized = join(dir, 'unoptimized.wasm');
writeFileSync(unoptimized, shortened.wasm);
const features = ['bulk-memory', 'bulk-memory-opt', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
execFileSync(join(root, 'node_modules/.bin/wasm-opt'), [unoptimized, '--low-memory-unused', '--flatten', '--rereloop', '-Os', '--converge', '-Os', ...features.map((f) => `--enable-${f}`), '-o', unoptimized]);
const shippedWasm = readFileSync(unoptimized);
unlinkSync(unoptimized);
// Minified: every visitor of a page with a widget downloads it. Its export
// names stay (the loader calls them).
// Tree-shaken too: what only the removed classes used goes.
// With loader/early.js after it, in the glue's own module: its requests
// and Intl's data start as the glue arrives, while the wasm is still on its
// way, and the wasm's import of mcTakeEarly finds it there.
const early = withContract(readFileSync(join(root, 'loader/early.js'), 'utf8'));
if (!shortened.glue.includes('mcTakeEarly(')) throw new Error('the glue does not import mcTakeEarly, which loader/early.js provides');
// Syntax for the README's minimum browsers: esbuild lowers what they lack
// and stops the build at what it cannot lower (APIs are not syntax: the
// e2e test "older browsers" removes the newer ones the code uses).
const BROWSERS = ['chrome96', 'edge96', 'firefox79', 'safari15'];
const glueCode = transformSync(`${shortened.glue}\n${early}`, { minify: true, treeShaking: true, format: 'esm', target: BROWSERS, legalComments: 'none' }).code;
// Named after what is shipped, both files, as the stylesheet is: trunk's
// hash is of the glue before the steps above, and a site caches these
// files for a year under their names.
const shipped = `matrix-channels-${createHash('sha256').update(glueCode).update(shippedWasm).digest('hex').slice(0, 16)}`;
const js = `${shipped}.js`;
const wasm = `${shipped}_bg.wasm`;
unlinkSync(join(dir, trunkJs));
unlinkSync(join(dir, trunkWasm));
writeFileSync(join(dir, js), glueCode);
writeFileSync(join(dir, wasm), shippedWasm);

// The loader ships minified (esbuild): every page that includes it pays
// for its bytes, widget or not.
// The shipped loader spells the contract's values out: the CONTRACT object
// is for the source's readers and tests/contract.rs, not for every page.
const source = withContract(loaderSource.replace(/const CONTRACT = \{[^}]*\};\n/, ''))
  .replace('@JS@', js)
  .replace('@VERSION@', version)
  .replace('@CSS@', css);
const { code } = transformSync(source, { minify: true, format: 'esm', target: BROWSERS, legalComments: 'none' });
writeFileSync(join(dir, 'matrix-channels.js'), code);
// The demo page (trunk's index.html, written from pattern_script) gets the
// preload hints the Jekyll include writes before the loader's tag (see THE
// PRELOAD HINTS there): the glue and the wasm start with the page, not a
// round trip later. The benchmark measures this page.
const pagePath = join(staging, 'index.html');
const demoPage = readFileSync(pagePath, 'utf8');
const loaderTag = /<script type="module" src="([^"]*)matrix-channels\/matrix-channels\.js"><\/script>/;
const base = demoPage.match(loaderTag)?.[1];
if (base === undefined) throw new Error(`no loader script tag in ${pagePath}`);
writeFileSync(pagePath, demoPage.replace(loaderTag, (tag) => [
  `<link rel="modulepreload" href="${base}matrix-channels/${js}">`,
  `<link rel="preload" href="${base}matrix-channels/${wasm}" as="fetch" crossorigin>`,
  tag,
].join('\n')));
console.log(`bundle: matrix-channels.js → ${js}, ${wasm}, ${css}`);
