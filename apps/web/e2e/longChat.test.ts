import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { gone, newPage, screenshot, shown } from './browser';
import { LONG_CHAT, seedLongChat } from './longChatSeed';
import { olderPages } from './olderPages';
import { webSuite } from './suite';

let sessionId = '';
const suite = webSuite({
  provider: true,
  seed: async (database) => void (sessionId = await seedLongChat(database, 'fake-model')),
});

async function openLongChat() {
  const { page, context } = await newPage(suite.browser, suite.web.url, {
    viewport: { width: 1280, height: 800 },
  });
  await page.goto('/signin');
  await page.getByLabel('Email').fill(LONG_CHAT.email);
  await page.getByLabel('Password').fill(LONG_CHAT.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'New chat' }).waitFor();
  await page.goto(`/c/${sessionId}`);
  return { page, context, list: page.getByTestId('message-list') };
}

/** expect.poll with room for a busy 2-core machine (its default gives up after 1 s). */
const poll = <T>(check: () => T | Promise<T>) => expect.poll(check, { timeout: 15_000 });

/** Whether the last element matching is (at least partly) inside the message list's viewport. */
const inView = (page: Page, selector: string) =>
  page.evaluate((selector) => {
    const list = document.querySelector('[data-testid="message-list"]')?.getBoundingClientRect();
    if (!list) return false;
    const rect = [...document.querySelectorAll(selector)].at(-1)?.getBoundingClientRect();
    return Boolean(rect && rect.height > 0 && rect.bottom > list.top && rect.top < list.bottom);
  }, selector);

const distanceFromBottom = (page: Page) =>
  page
    .getByTestId('message-list')
    .evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight);

const lastOf = (role: 'user' | 'assistant') => `article[data-role="${role}"]`;

describe.runIf(suite.enabled)('a 1,000-message chat', () => {
  it('opens on the newest message and scrolls back to the very first', async () => {
    const { page, context } = await openLongChat();
    await poll(() => inView(page, `[data-message-id="${LONG_CHAT.lastId}"]`)).toBe(true);
    // Virtualised: the DOM holds the messages near the viewport, not the whole page.
    expect(await page.locator('article').count()).toBeLessThan(30);
    await screenshot(page, 'long-chat-opened');

    const history = olderPages(page);
    const first = page.locator(`[data-message-id="${LONG_CHAT.firstId}"]`);
    for (let step = 0; !(await first.count()); step += 1) {
      expect(step, 'pages loaded to reach the first message').toBeLessThan(60);
      const loads = history.loads();
      const reading = await history.scrollUpUntil(
        async () => history.loads() > loads || (await first.count()) > 0,
      );
      await gone(page.getByText('Loading older messages…'));
      // Older pages come in above without moving what the reader was looking at.
      if (reading && !(await first.count()))
        expect(await inView(page, `[data-message-id="${reading}"]`)).toBe(true);
    }
    await first.scrollIntoViewIfNeeded();
    await shown(page.getByText(LONG_CHAT.firstText));
    await screenshot(page, 'long-chat-first-message');
    expect(await page.locator('article').count()).toBeLessThan(40);
    await context.close();
  });

  it('follows a reply at the bottom, stops when scrolled up, and jumps back to the latest', async () => {
    const { page, context, list } = await openLongChat();
    await poll(() => inView(page, `[data-message-id="${LONG_CHAT.lastId}"]`)).toBe(true);
    let resume = () => {};
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const chunks = Array.from({ length: 80 }, (_, index) => `Paragraph ${index} of the reply.\n\n`);
    suite.fake.enqueue({ chunks, chunkDelayMs: 20, pause: { chunks: 30, until: paused } });

    // A follow-up longer than a screen: it comes into view, and so does the reply after it.
    const followUp = `${'A long follow-up question about scrolling. '.repeat(26)}The end.`;
    expect(followUp.length).toBeGreaterThan(1_100);
    await page.getByLabel('Message', { exact: true }).fill(followUp);
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await poll(() => inView(page, lastOf('user'))).toBe(true);
    await shown(page.getByText('Paragraph 29 of the reply.'));
    await poll(() => distanceFromBottom(page)).toBeLessThan(80);
    expect(await page.getByRole('button', { name: /Jump to latest/ }).count()).toBe(0);

    // The reader scrolls up: the list stays where they are while the reply goes on.
    await list.hover();
    await page.mouse.wheel(0, -1_500);
    await shown(page.getByRole('button', { name: /Jump to latest/ }));
    const readingAt = await list.evaluate((element) => element.scrollTop);
    await screenshot(page, 'long-chat-jump-to-latest');
    resume();
    // The reply may be out of the rendered range now: the provider says when it is over.
    await expect.poll(() => suite.fake.requests.at(-1)?.completed, { timeout: 20_000 }).toBe(true);
    await page.waitForTimeout(1_000);
    expect(
      Math.abs((await list.evaluate((element) => element.scrollTop)) - readingAt),
    ).toBeLessThan(5);
    expect(await distanceFromBottom(page)).toBeGreaterThan(500);

    await page.getByRole('button', { name: /Jump to latest/ }).click();
    await poll(() => distanceFromBottom(page)).toBeLessThan(80);
    await poll(() => page.getByRole('button', { name: /Jump to latest/ }).count()).toBe(0);
    await shown(page.getByText('Paragraph 79 of the reply.'));

    // Scrolled far up, the reader's own new message still brings the list down to it.
    await list.evaluate((element) => (element.scrollTop = element.scrollTop - 3_000));
    await shown(page.getByRole('button', { name: /Jump to latest/ }));
    suite.fake.enqueue({ chunks: ['Short ', 'answer.'] });
    await page.getByLabel('Message', { exact: true }).fill('One more question');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await poll(() => inView(page, `${lastOf('user')}`)).toBe(true);
    await shown(page.getByText('Short answer.'));
    await poll(() => distanceFromBottom(page)).toBeLessThan(80);
    await context.close();
  });

  it('wraps long words and URLs in the reader’s bubble: the list never scrolls sideways', async () => {
    const { page, context, list } = await openLongChat();
    await shown(list);
    await poll(() => distanceFromBottom(page)).toBeLessThan(80);
    suite.fake.enqueue({ chunks: ['Noted.'] });
    const word = 'Supercalifragilistic'.repeat(60);
    const url = `https://example.com/${'very-long-path-segment/'.repeat(60)}end`;
    await page.getByLabel('Message', { exact: true }).fill(`${word}\n${url}`);
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await shown(page.getByText('Noted.'));
    const sizes = await list.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }));
    expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.clientWidth);
    const bubble = await page.locator(lastOf('user')).last().locator('p').boundingBox();
    const box = await list.boundingBox();
    expect(bubble!.x + bubble!.width).toBeLessThanOrEqual(box!.x + box!.width);
    await screenshot(page, 'long-chat-wrapped-url');
    await context.close();
  });
});
