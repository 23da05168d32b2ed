import type { Locator, Page } from 'playwright';
import { expect } from 'vitest';

/**
 * Counts the history pages the chat asks for, and scrolls the message list to its top until
 * `done()` holds. A scroll while a page is still on its way is ignored by the list (it keeps
 * the reader's place when the page lands, so the top is no longer reached): on a busy machine a
 * single scroll can fall into that window, so the scroll is repeated until the page arrives.
 */
export function olderPages(page: Page) {
  let loads = 0;
  page.on('requestfinished', (request) => {
    if (request.url().includes('messages.list')) loads += 1;
  });
  const list = page.getByTestId('message-list');
  const loading = page.getByText('Loading older messages…');
  return {
    list,
    loads: () => loads,
    /**
     * Scrolls to the top (again, while nothing is loading) until `done()`; 20 s at most.
     * Returns the id of the message that was at the top when it last scrolled: the one the
     * reader was looking at when the older page was asked for.
     */
    async scrollUpUntil(done: () => boolean | Promise<boolean>) {
      let reading: string | undefined;
      await expect
        .poll(
          async () => {
            if (await done()) return true;
            if (!(await loading.count())) reading = await scrollToTop(list);
            return done();
          },
          { timeout: 20_000, interval: 400 },
        )
        .toBe(true);
      return reading;
    },
  };
}

/** Scrolls the list to its top; the id of the first message then on screen. */
async function scrollToTop(list: Locator) {
  await list.evaluate((element) => (element.scrollTop = 0));
  await list.page().evaluate(() => new Promise(requestAnimationFrame));
  return list.evaluate((element) => {
    const top = element.getBoundingClientRect().top;
    return (
      [...element.querySelectorAll('article')]
        .find((article) => article.getBoundingClientRect().bottom > top + 20)
        ?.getAttribute('data-message-id') ?? undefined
    );
  });
}
