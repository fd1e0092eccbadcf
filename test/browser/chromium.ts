// Launch Debian's headless Chromium (installed by scripts/system-deps.sh) with playwright-core.
// No browser download: the system binary is used, with the flags this closed network needs.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** The Chromium binary: `MEDIADNA_CHROMIUM`, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.MEDIADNA_CHROMIUM ?? '/usr/bin/chromium';
}

export interface LaunchedChromium {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Start headless Chromium (playwright gives it a fresh temporary profile); throws a clear error when it is not installed. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`[mediadna] Chromium not found at ${executablePath}: run \`bash scripts/system-deps.sh\` (apt-get install chromium) or set MEDIADNA_CHROMIUM`);
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/**
 * Open the static server's test page with `entry` (a module path under /repo) and wait until the
 * page has loaded it (`window.entry`), or throw the page's module error.
 */
export async function openEntryPage(launched: LaunchedChromium, origin: string, entry: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(`${origin}/page?entry=${entry}`);
  await page.waitForFunction(() => (window as unknown as { entry?: unknown; entryError?: unknown }).entry !== undefined || (window as unknown as { entryError?: unknown }).entryError !== null);
  const entryError = await page.evaluate(() => (window as unknown as { entryError: string | null }).entryError);
  if (entryError) throw new Error(`the test page failed to load its modules: ${entryError}`);
  return page;
}
