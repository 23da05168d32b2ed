import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import type { Database } from '@chatbot/db';
import type { Browser } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import { browserAvailable, launchBrowser } from './browser';
import { startWebServer, type WebServer } from './webServer';

export interface WebSuite {
  /** False when no Chromium is installed (outside CI): the file's describe blocks skip. */
  readonly enabled: boolean;
  readonly web: WebServer;
  readonly browser: Browser;
  /** The fake OpenAI-compatible provider (when asked for). */
  readonly fake: FakeOpenAI;
}

/**
 * One web server (`next start`, fresh embedded database), one browser and, optionally, a fake
 * provider for the test file; started before its tests, stopped after.
 */
export function webSuite(
  options: {
    provider?: boolean;
    /** Extra server variables, read when the suite starts (after earlier beforeAll hooks). */
    env?: () => Record<string, string>;
    seed?: (database: Database) => Promise<void>;
  } = {},
): WebSuite {
  const enabled = browserAvailable();
  let fake: FakeOpenAI | undefined;
  let web: WebServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!enabled) return;
    if (options.provider) fake = await startFakeOpenAI();
    const providerEnv: Record<string, string> = fake
      ? { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'e2e', OPENAI_MODELS: 'fake-model' }
      : {};
    web = await startWebServer({ ...providerEnv, ...options.env?.() }, options.seed);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await fake?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the suite has no ${what} (not started, or not asked for)`);
    return value;
  };
  return {
    enabled,
    get web() {
      return started(web, 'web server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get fake() {
      return started(fake, 'fake provider');
    },
  };
}
