// Short names across the wasm/JS boundary, for scripts/bundle.mjs.
//
// wasm-bindgen names each import after the function it binds plus a hash
// (`__wbg_setAttribute_f75317b2b5cabfb4`), and the closure shims it
// exports after their whole Rust type (up to 200 characters). Each name is
// spelled in the wasm and again in the glue, and the hashes do not
// compress: 153 imports and 30 exports cost about 3 KB gzip. The names
// mean nothing to anyone but the glue, the one reader of the wasm's
// exports and the one writer of its imports (the loader calls the glue's
// own exports, which keep their names), so both get short ones here.
//
// Fails rather than guesses: a glue that names the wasm's imports or
// exports in any other way than the one renamed here stops the build.

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const CUSTOM_SECTION = 0;
const IMPORT_SECTION = 2;
const EXPORT_SECTION = 7;
const FUNCTION_KIND = 0;

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error('boundary names: the wasm ends inside a number');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

function readName(bytes, at) {
  const [length, start] = readLeb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
}

function name(text) {
  const encoded = new TextEncoder().encode(text);
  return [...leb(encoded.length), ...encoded];
}

/** a, b, …, z, A, …, Z, aa, ab, …: short and never a JavaScript keyword. */
function shortName(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let text = '';
  do {
    text = letters[index % letters.length] + text;
    index = Math.floor(index / letters.length) - 1;
  } while (index >= 0);
  return text;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (text) => new RegExp(`(?<![\\w$])${escape(text)}(?![\\w$])`, 'g');
const exportRead = (name) => new RegExp(`(?<![\\w$])wasm\\.${escape(name)}(?![\\w$])`, 'g');
const readsExport = (glue, name) => exportRead(name).test(glue);

/**
 * The glue without the classes it exports: wasm-bindgen writes a class for
 * each Rust type a dependency exports, and the ones here (wasm-streams'
 * stream adapters, linked because Leptos always enables server_fn's
 * browser feature) are for server functions, which the widget has none
 * of. Nothing but JavaScript could make one, and nothing does: the loader
 * takes the glue's `default`, `mount` and `unmount` only.
 */
export function withoutClasses(glue) {
  let out = glue;
  for (const [, cls] of glue.matchAll(/^export class (\w+) \{$/gm)) {
    const parts = [
      new RegExp(`^export class ${cls} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'),
      new RegExp(`^if \\(Symbol\\.dispose\\) ${cls}\\.prototype\\[Symbol\\.dispose\\] = ${cls}\\.prototype\\.free;\\n`, 'm'),
      new RegExp(`^const ${cls}Finalization = [\\s\\S]*?\\);\\n`, 'm'),
    ];
    for (const part of parts) {
      if (!part.test(out)) throw new Error(`boundary names: the glue's class ${cls} is not written as expected`);
      out = out.replace(part, '');
    }
    if (word(cls).test(out)) throw new Error(`boundary names: the glue uses its class ${cls} elsewhere`);
  }
  return out;
}

/**
 * The wasm and its wasm-bindgen glue (not yet minified) with short import,
 * import module and export names; the wasm without its custom sections
 * and without the exports the glue does not read.
 */
export function shortenBoundaryNames(wasm, glue) {
  const bytes = new Uint8Array(wasm);
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error('boundary names: not a wasm module');
  const renamedImports = new Map();
  const renamedExports = new Map();
  const modules = new Map();
  let dropped = 0;
  const out = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    const end = start + size;
    // Custom sections (the toolchain's `producers` and `target_features`)
    // are for tools; a browser skips them.
    if (id === CUSTOM_SECTION) {
      at = end;
      continue;
    }
    if (id !== IMPORT_SECTION && id !== EXPORT_SECTION) {
      out.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = readLeb(bytes, start);
    const body = [...leb(count)];
    for (let i = 0; i < count; i++) {
      if (id === IMPORT_SECTION) {
        let module, field;
        [module, p] = readName(bytes, p);
        [field, p] = readName(bytes, p);
        const kind = bytes[p];
        if (kind !== FUNCTION_KIND) throw new Error(`boundary names: import ${field} is not a function`);
        const [, next] = readLeb(bytes, p + 1);
        if (!modules.has(module)) modules.set(module, shortName(modules.size));
        if (renamedImports.has(field)) throw new Error(`boundary names: import ${field} twice`);
        renamedImports.set(field, shortName(renamedImports.size));
        body.push(...name(modules.get(module)), ...name(renamedImports.get(field)), ...bytes.subarray(p, next));
        p = next;
      } else {
        let field;
        [field, p] = readName(bytes, p);
        const [, next] = readLeb(bytes, p + 1);
        // An export the glue never reads is read by nobody: it goes, and
        // what only it reached goes with it (scripts/bundle.mjs runs
        // wasm-opt after this).
        if (readsExport(glue, field)) {
          renamedExports.set(field, shortName(renamedExports.size));
          body.push(...name(renamedExports.get(field)), ...bytes.subarray(p, next));
        } else {
          dropped++;
        }
        p = next;
      }
    }
    if (id === EXPORT_SECTION) body.splice(0, leb(count).length, ...leb(count - dropped));
    if (p !== end) throw new Error(`boundary names: section ${id} has bytes after its entries`);
    out.push(Uint8Array.from([id, ...leb(body.length), ...body]));
    at = end;
  }

  if (/\bwasm\s*\[/.test(glue)) throw new Error('boundary names: the glue reads the wasm\'s exports by computed names');
  let renamed = glue;
  // Imports: each is one key of the object the glue instantiates with.
  for (const [from, to] of [...renamedImports, ...[...modules].map(([m, s]) => [`"${m}"`, `"${s}"`])]) {
    const found = renamed.match(word(from))?.length ?? 0;
    if (found !== 1) throw new Error(`boundary names: the glue names ${from} ${found} times, not once`);
    renamed = renamed.replace(word(from), to);
  }
  // Exports: read as properties of the instance's exports, `wasm`.
  for (const [from, to] of renamedExports) renamed = renamed.replace(exportRead(from), `wasm.${to}`);
  const leftover = [...renamedExports.keys()].filter((e) => new RegExp(`["'\`]${escape(e)}["'\`]`).test(renamed));
  if (leftover.length) throw new Error(`boundary names: the glue names exports as strings: ${leftover.join(', ')}`);
  return { wasm: Buffer.concat(out), glue: renamed };
}
