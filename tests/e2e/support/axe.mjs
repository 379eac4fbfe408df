// axe-core (from npm), run in the page: the WCAG 2.1 A and AA rules and
// axe's best practices. Returns the violations as readable lines.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const AXE = readFileSync(resolve(import.meta.dirname, '../../../node_modules/axe-core/axe.min.js'), 'utf8');

export async function axeViolations(page, context = 'html') {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate((context) =>
    window.axe.run(context, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }), context);
  return {
    violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    checked: result.passes.map((p) => p.id),
  };
}
