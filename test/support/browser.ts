import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Builds the web console into dist/web (vite, a few seconds), where the gateway finds it when it starts.
 * Once per test run: browser suites run in parallel, and a second build would empty dist/web under
 * the first suite's gateway (its pages would lose their assets). The first suite to get here builds
 * while holding a lock directory; the others wait for its marker. Set WEB_CONSOLE_PREBUILT=1 to use
 * the build that is there.
 */
export async function buildWebConsole(): Promise<void> {
  const dist = join(ROOT, 'dist', 'web');
  if (process.env.WEB_CONSOLE_PREBUILT === '1' && existsSync(join(dist, 'index.html'))) return;
  const marker = join(ROOT, 'dist', `.web-built-${process.env.TEST_RUN_ID ?? process.pid}`);
  const lock = join(ROOT, 'dist', '.web-build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  while (!existsSync(marker)) {
    if (tryLock(lock)) {
      try {
        if (!existsSync(marker)) {
          execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
            cwd: ROOT,
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          writeFileSync(marker, new Date().toISOString());
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      return;
    }
    // A lock older than any build is left by a killed run.
    if (Date.now() - statMtime(lock) > 120_000) rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error('timed out waiting for another test file to build the web console');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tryLock(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch {
    return false;
  }
}

function statMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** Debian's Chromium (`apt-get install -y chromium`), headless, driven by playwright-core. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  // --lang fixes the order of a date field's parts (month/day/year), which keyboard-only tests type into.
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=en-US'] });
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

/** A browser context on the console whose page fails the test on any uncaught error or console error. */
export async function openContext(browser: Browser, baseURL: string, options: BrowserContextOptions = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...options, baseURL });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Refused requests (4xx the page expects and shows) are logged by Chromium as console errors; keep the rest.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/**
 * Screenshots of the main pages. `UPDATE_SCREENSHOTS=1` writes them to docs/screenshots (shown in the README);
 * otherwise to dist/screenshots, so an ordinary test run leaves the working tree as it was.
 */
export const SCREENSHOT_DIR = join(ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'dist/screenshots');

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true, animations: 'disabled' });
}

/** A `datetime-local` value in China Standard Time (the test browsers' zone), `ms` from now. */
export function chinaLocalInput(msFromNow: number): string {
  return new Date(Date.now() + msFromNow + 8 * 3_600_000).toISOString().slice(0, 19);
}

/** The control the keyboard is on: its name and the label it is announced with. Run in the page (no DOM types here). */
const FOCUSED = `(() => {
  const el = document.activeElement;
  const label = (el.labels && el.labels[0] && el.labels[0].textContent) || (el.closest('label') && el.closest('label').textContent) || el.getAttribute('aria-label') || el.textContent || '';
  return { name: el.getAttribute('name') || el.tagName.toLowerCase(), label: label.trim(), value: el.value || '' };
})()`;

export interface FocusStop {
  name: string;
  label: string;
  value: string;
}

export const focused = (page: Page) => page.evaluate<FocusStop>(FOCUSED);

/**
 * Presses Tab until the control named `name` has the focus and returns every control met on the way (a date
 * field's parts, each a Tab stop of its own, count once), so a test can check each was labelled.
 */
export async function tabTo(page: Page, name: string, maxPresses = 40, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<FocusStop[]> {
  const met: FocusStop[] = [];
  for (let presses = 0; (await focused(page)).name !== name; presses++) {
    if (presses >= maxPresses) throw new Error(`Tab never reached ${name}; met ${JSON.stringify(met.map((m) => m.name))}`);
    await page.keyboard.press(key);
    const at = await focused(page);
    const last = met[met.length - 1];
    if (last?.name !== at.name || last.label !== at.label) met.push(at);
  }
  return met;
}

/** Chooses an option of the focused (closed) select with the arrow keys, as a keyboard user does. */
export async function arrowToOption(page: Page, value: string, maxPresses = 20): Promise<void> {
  for (let presses = 0; (await focused(page)).value !== value; presses++) {
    if (presses >= maxPresses) throw new Error(`the arrows never reached option ${value}`);
    await page.keyboard.press('ArrowDown');
  }
}
