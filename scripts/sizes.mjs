// Prints the sizes of a built bundle's files, raw, gzip -9 and brotli -q 11
// (what a visitor's browser downloads from a server that compresses).
// Usage: node scripts/sizes.mjs dist [--json]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/matrix-channels';
const asJson = process.argv.includes('--json');
const rows = readdirSync(dir)
  .filter((name) => name.startsWith('matrix-channels') && ['.wasm', '.js', '.css'].includes(extname(name)) && statSync(join(dir, name)).isFile())
  .sort()
  .map((name) => {
    const bytes = readFileSync(join(dir, name));
    return {
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
  });
const total = rows.reduce(
  (sum, r) => ({ file: 'total', raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
  { file: 'total', raw: 0, gzip: 0, brotli: 0 },
);
if (asJson) {
  console.log(JSON.stringify({ files: rows, total }, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log('| file | raw | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|');
  for (const r of [...rows, total]) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
}
