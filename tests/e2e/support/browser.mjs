// Debian's Chromium, driven by playwright-core (which never downloads a
// browser of its own). The flags keep it from reaching for Google's hosts,
// which this machine cannot reach.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...options,
  });
}

/**
 * Records every Content Security Policy violation of `context`'s pages
 * from their start; `cspViolations(page)` reads them.
 */
export function recordCspViolations(context) {
  return context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** The CSP violations `page` has seen, as "directive blocked-URI". */
export function cspViolations(page) {
  return page.evaluate(() => window.__violations);
}
