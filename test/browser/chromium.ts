// Launch Debian's headless Chromium (installed by scripts/system-deps.sh) with playwright-core.
// No browser download: the system binary is used, with the flags this closed network needs.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

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
