import type { Page } from 'playwright';
import { beforeEach, describe, expect, it } from 'vitest';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite({ provider: true });
beforeEach(() => suite.fake.clearQueue());

const words = (count: number) => Array.from({ length: count }, (_, index) => `live${index} `);
const replyText = (page: Page) =>
  page.locator('article[data-role="assistant"]').last().getByTestId('reply-text').innerText();
const replyStatus = (page: Page) =>
  page.locator('article[data-role="assistant"]').last().getAttribute('data-status');

async function startChat(
  page: Page,
  chunks: string[],
  chunkDelayMs: number,
  pause?: { chunks: number; until: Promise<unknown> },
) {
  suite.fake.enqueue({ chunks, chunkDelayMs, pause }, { chunks: ['Live ', 'chat'] });
  await page.getByLabel('Message', { exact: true }).fill('Stream something');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await page.waitForURL(/\/c\//);
}

describe.runIf(suite.enabled)('live everywhere', () => {
  it('a second browser context on the same chat sees the same streamed text', async () => {
    const first = await newPage(suite.browser, suite.web.url);
    const email = uniqueEmail('live');
    await registerThroughUi(first.page, email);
    const cookies = await first.context.cookies();
    const second = await newPage(suite.browser, suite.web.url);
    await second.context.addCookies(cookies); // the same user, signed in elsewhere

    const tokens = words(40);
    let resume = () => {};
    const paused = new Promise<void>((resolve) => (resume = resolve));
    await startChat(first.page, tokens, 50, { chunks: 20, until: paused });
    await second.page.goto(first.page.url());
    // The second context catches up with the reply in progress (held at live19 until we let
    // it go on), then follows it live to the end.
    await expect.poll(() => replyText(second.page)).toContain('live19');
    expect(await replyText(second.page)).not.toContain('live20');
    expect(await replyStatus(second.page)).toBe('streaming');
    resume();
    await expect.poll(() => replyStatus(second.page), { timeout: 20_000 }).toBe('complete');
    await expect.poll(() => replyStatus(first.page)).toBe('complete');
    const expected = tokens.join('').trim();
    expect(await replyText(first.page)).toBe(expected);
    expect(await replyText(second.page)).toBe(expected);
    await first.context.close();
    await second.context.close();
  });

  it('a reload mid-stream ends with the complete reply and no duplicated text', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('reload'));
    const tokens = words(50);
    await startChat(page, tokens, 40);
    await expect.poll(() => replyText(page)).toContain('live8');
    await page.reload();
    await expect.poll(() => replyStatus(page), { timeout: 20_000 }).toBe('complete');
    // The list may still be laying the reply out (innerText is '' until it is rendered).
    await expect.poll(() => replyText(page)).toBe(tokens.join('').trim());
    await context.close();
  });
});

describe.runIf(suite.enabled)('controls and errors', () => {
  it('Escape stops a streaming reply', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('escape'));
    await startChat(page, words(60), 50);
    await expect.poll(() => replyText(page)).toContain('live3');
    await page.keyboard.press('Escape');
    await expect.poll(() => replyStatus(page)).toBe('cancelled');
    expect(await replyText(page)).not.toContain('live59');
    await context.close();
  });

  it('a failed reply shows its error with Retry, which generates it again', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('retry'));
    suite.fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    await page.getByLabel('Message', { exact: true }).fill('This will fail first');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(() => replyStatus(page), { timeout: 20_000 }).toBe('error');
    const reply = page.locator('article[data-role="assistant"]').last();
    expect(await reply.innerText()).toContain('The reply failed');
    suite.fake.enqueue({ chunks: ['Recovered ', 'fine.'] }, { chunks: ['Retry ', 'chat'] });
    await reply.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => replyText(page)).toBe('Recovered fine.');
    await context.close();
  });

  it('the model picker and the system prompt apply to the next reply', async () => {
    suite.fake.models = ['fake-model', 'fake-model-2'];
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('settings'));
    await startChat(page, ['first ', 'reply'], 0);
    await expect.poll(() => replyStatus(page)).toBe('complete');

    await page.getByLabel('Model', { exact: true }).selectOption('fake-model-2');
    await page.getByRole('button', { name: /System prompt/ }).click();
    await page
      .getByLabel('Instructions the model follows in this chat')
      .fill('Answer like a pirate.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await shown(page.getByRole('button', { name: 'System prompt ✓' }));

    const before = suite.fake.requests.length;
    suite.fake.enqueue({ chunks: ['Arr!'] });
    await page.getByLabel('Message', { exact: true }).fill('Hello again');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect.poll(() => replyText(page)).toBe('Arr!');
    const sent = suite.fake.requests[before]!.body;
    expect(sent.model).toBe('fake-model-2');
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Answer like a pirate.' });
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: 'Hello again' });
    await context.close();
  });

  it('search finds chats by title and by message content', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('search'));
    suite.fake.enqueue({ chunks: ['The ', 'marmalade ', 'recipe.'] }, { chunks: ['Breakfast'] });
    await page.getByLabel('Message', { exact: true }).fill('What goes on toast?');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect
      .poll(() => page.getByTestId('chat-title').innerText(), { timeout: 15_000 })
      .toBe('Breakfast');
    await page.getByRole('link', { name: '+ New chat' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: 'New chat' }).waitFor();
    suite.fake.enqueue({ chunks: ['Unrelated.'] }, { chunks: ['Weather'] });
    await page.getByLabel('Message', { exact: true }).fill('Will it rain?');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await expect
      .poll(() => page.getByTestId('chat-title').innerText(), { timeout: 15_000 })
      .toBe('Weather');

    await page.getByLabel('Search chats').fill('MARMALADE');
    const results = page.getByRole('region', { name: 'Search results' });
    await shown(results.getByRole('link', { name: 'Breakfast' }));
    expect(await results.getByRole('link').count()).toBe(1);
    await page.getByLabel('Search chats').fill('weath');
    await shown(results.getByRole('link', { name: 'Weather' }));
    await context.close();
  });
});
