// The size budget: fails when the widget's files (the loader, the glue, the
// wasm, the stylesheet), gzip -9, add up to more than bench/size-budget.json
// allows. The budget only goes down: after cutting the size, set it to the
// new size plus 5 % (node scripts/size-budget.mjs --ratchet).

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'dist/matrix-channels');
const BUDGET = join(ROOT, 'bench/size-budget.json');

const files = readdirSync(DIR).filter((f) => /^matrix-channels.*\.(js|wasm|css)$/.test(f));
const sizes = Object.fromEntries(files.map((f) => [f, gzipSync(readFileSync(join(DIR, f)), { level: 9 }).length]));
const total = Object.values(sizes).reduce((a, b) => a + b, 0);
const budget = JSON.parse(readFileSync(BUDGET, 'utf8'));

for (const [file, size] of Object.entries(sizes)) console.log(`  ${file}: ${size} B gzip`);
console.log(`size budget: ${total} B gzip of ${budget.gzip_bytes} B allowed (target ${budget.target_gzip_bytes} B)`);

if (process.argv.includes('--ratchet')) {
  const ratcheted = Math.ceil(total * 1.05);
  if (ratcheted < budget.gzip_bytes) {
    writeFileSync(BUDGET, JSON.stringify({ ...budget, gzip_bytes: ratcheted }, null, 2) + '\n');
    console.log(`size budget: lowered to ${ratcheted} B`);
  }
} else if (total > budget.gzip_bytes) {
  console.error(`size budget: ${total - budget.gzip_bytes} B over the budget; cut the size, or explain in the commit why the budget must not hold`);
  process.exit(1);
}
