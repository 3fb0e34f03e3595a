import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
/** Browser tests run where Chromium is installed, and always in CI (a missing one fails there). */
export const browserMissing = !existsSync(chromiumPath) && process.env.CI !== 'true';
if (browserMissing) console.warn(`browser tests skipped: ${chromiumPath} is missing (run .ci/chromium-install.sh)`);

/** Headless Chromium with a new, empty profile; `close` removes the profile too. */
export async function launchBrowser(
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'swb-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
