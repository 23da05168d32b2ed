import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, registerThroughUi, uniqueEmail } from './browser';
import { startWebServer, type WebServer } from './webServer';

let fake: FakeOpenAI;
let web: WebServer;
let browser: Browser;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  web = await startWebServer({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'e2e', OPENAI_MODELS: 'fake-model' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await fake?.close();
});

const words = (count: number) => Array.from({ length: count }, (_, index) => `live${index} `);
const replyText = (page: Page) => page.locator('article[data-role="assistant"]').last().getByTestId('reply-text').innerText();
const replyStatus = (page: Page) => page.locator('article[data-role="assistant"]').last().getAttribute('data-status');

async function startChat(page: Page, chunks: string[], chunkDelayMs: number) {
  fake.enqueue({ chunks, chunkDelayMs }, { chunks: ['Live ', 'chat'] });
  await page.getByLabel('Message').fill('Stream something');
  await page.getByLabel('Message').press('Enter');
  await page.waitForURL(/\/c\//);
}

describe('live everywhere', () => {
  it('a second browser context on the same chat sees the same streamed text', async () => {
    const first = await newPage(browser, web.url);
    const email = uniqueEmail('live');
    await registerThroughUi(first.page, email);
    const cookies = await first.context.cookies();
    const second = await newPage(browser, web.url);
    await second.context.addCookies(cookies); // the same user, signed in elsewhere

    const tokens = words(40);
    await startChat(first.page, tokens, 50);
    await second.page.goto(first.page.url());
    // The second context catches up with the reply in progress and follows it live.
    await expect.poll(() => replyText(second.page)).toContain('live10');
    expect(await replyText(second.page)).not.toContain('live39');
    await expect.poll(() => replyStatus(second.page), { timeout: 20_000 }).toBe('complete');
    await expect.poll(() => replyStatus(first.page)).toBe('complete');
    const expected = tokens.join('').trim();
    expect(await replyText(first.page)).toBe(expected);
    expect(await replyText(second.page)).toBe(expected);
    await first.context.close();
    await second.context.close();
  });

  it('a reload mid-stream ends with the complete reply and no duplicated text', async () => {
    const { page, context } = await newPage(browser, web.url);
    await registerThroughUi(page, uniqueEmail('reload'));
    const tokens = words(50);
    await startChat(page, tokens, 40);
    await expect.poll(() => replyText(page)).toContain('live8');
    await page.reload();
    await expect.poll(() => replyStatus(page), { timeout: 20_000 }).toBe('complete');
    expect(await replyText(page)).toBe(tokens.join('').trim());
    await context.close();
  });
});
