// Headless Debian Chromium driven by playwright-core (Playwright's own browser
// download cannot work here). The flags keep Chromium off the closed network.
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths.mjs';
import { requireSystemPackages, TEST_BROWSER } from './systemPackages.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches Chromium with a fresh profile (playwright's temp dir); fails naming the package when missing. */
export async function launchChromium() {
  requireSystemPackages(TEST_BROWSER, { command: 'headless Chromium' });
  // headless: true is Chromium's new headless mode (the old one is gone from Chromium's main binary).
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
