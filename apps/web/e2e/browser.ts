import fs from 'node:fs';
import path from 'node:path';
import { readTestEnvironment } from '@chatbot/config';
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright';
import { expect } from 'vitest';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const executablePath = readTestEnvironment().chromiumPath ?? DEFAULT_CHROMIUM;
const missingBrowser = `No Chromium at ${executablePath}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`;

/**
 * Whether the browser suites can run. Without Chromium they are skipped with a warning on a
 * developer's machine, and fail in CI (CI=true), where .ci/run installs it.
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(executablePath)) return true;
  if (readTestEnvironment().isCI) throw new Error(missingBrowser);
  console.warn(`Skipping the browser tests: ${missingBrowser}`);
  return false;
}

/** Debian's Chromium (Playwright cannot download its own here); CHROMIUM_PATH overrides. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(executablePath)) throw new Error(missingBrowser);
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const artifactsDir = path.resolve(import.meta.dirname, '../test-results');

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: false });
}

export async function newPage(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
) {
  const context = await browser.newContext({ baseURL, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

let counter = 0;
export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now()}-${(counter += 1)}@example.com`;

/** Register through the UI and land on the new-chat page. */
export async function registerThroughUi(
  page: Page,
  email: string,
  password = 'a long enough password',
) {
  await page.goto('/register');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Hashing the password, signing in and the first render of the chat page: on a loaded machine
  // this has taken longer than the 15 s default. A refusal (a rate limit, a taken email) shows
  // as an alert on the register or sign-in page: fail at once with its words.
  const landed = page.getByRole('heading', { name: 'New chat' });
  // (Next's route announcer is an alert too: it reads out the new page's title.)
  const refused = page
    .locator('[role="alert"]:not(#__next-route-announcer__)')
    .filter({ hasText: /\S/ });
  await landed.or(refused).first().waitFor({ timeout: 45_000 });
  if (!(await landed.isVisible())) {
    throw new Error(`registering ${email} was refused: ${await refused.first().innerText()}`);
  }
}

/** Wait until the element is visible (Playwright's auto-waiting; fails after the timeout). */
export const shown = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/** Wait until no element matches. */
export const gone = (locator: Locator) =>
  expect.poll(() => locator.count(), { timeout: 15_000 }).toBe(0);
