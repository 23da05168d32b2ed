import type { Locator, Page } from 'playwright';
import { beforeEach, describe, expect, it } from 'vitest';
import { newPage, registerThroughUi, screenshot, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite({ provider: true });
beforeEach(() => suite.fake.clearQueue());

const box = (page: Page) => page.getByLabel('Message', { exact: true });
const replies = (page: Page) => page.locator('article[data-role="assistant"]');
const questions = (page: Page) => page.locator('article[data-role="user"]');
const versionsOf = (message: Locator) => message.getByRole('group', { name: 'Versions' });
const position = (message: Locator) => versionsOf(message).getByTestId('version-position');

/** The conversation as the reader sees it: each message's text, settled (nothing streaming). */
async function shownPath(page: Page) {
  if ((await page.locator('article[data-status="streaming"]').count()) > 0) return 'streaming';
  return page
    .locator('article')
    .evaluateAll((articles) =>
      articles.map((article) =>
        (article.querySelector('[data-testid="reply-text"], p')?.textContent ?? '').trim(),
      ),
    );
}

describe.runIf(suite.enabled)('versions of a message', () => {
  it('regenerate and edit keep every version; "< 2/2 >" goes back by keyboard; delete is confirmed', async () => {
    const { page } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('versions'));

    suite.fake.enqueue({ chunks: ['First ', 'answer'] });
    await box(page).fill('Hello there');
    await box(page).press('Enter');
    await page.waitForURL(/\/c\//);
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'First answer']);
    // One version: no switcher.
    expect(await versionsOf(replies(page).last()).count()).toBe(0);

    // Regenerate: the new version is shown, numbered 2/2.
    suite.fake.enqueue({ chunks: ['Second ', 'answer'] });
    await replies(page).last().getByRole('button', { name: 'Regenerate', exact: true }).click();
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'Second answer']);
    await expect
      .poll(() => position(replies(page).last()).textContent(), { timeout: 20_000 })
      .toBe('2/2');

    // Back to the first version with the keyboard: focus the arrow, press Enter.
    await versionsOf(replies(page).last())
      .getByRole('button', { name: 'Previous version' })
      .focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'First answer']);
    expect(await position(replies(page).last()).textContent()).toBe('1/2');
    await versionsOf(replies(page).last()).getByRole('button', { name: 'Next version' }).click();
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'Second answer']);

    // Edit the question: a second version of it with its own reply.
    suite.fake.enqueue({ chunks: ['Edited ', 'answer'] });
    await questions(page).first().getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Edit your message').fill('Hello again');
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello again', 'Edited answer']);
    await expect
      .poll(() => position(questions(page).first()).textContent(), { timeout: 20_000 })
      .toBe('2/2');
    await screenshot(page, 'versions-edited');

    // The first question's branch is still there, with the reply last shown under it.
    await versionsOf(questions(page).first())
      .getByRole('button', { name: 'Previous version' })
      .click();
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'Second answer']);

    // Delete asks first; Cancel keeps the reply, confirming removes only that version.
    await replies(page).last().getByRole('button', { name: 'Delete reply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this message?' });
    await shown(dialog);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await shownPath(page)).toEqual(['Hello there', 'Second answer']);
    await replies(page).last().getByRole('button', { name: 'Delete reply' }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'First answer']);
    expect(await versionsOf(replies(page).last()).count()).toBe(0);

    // A reload shows the same path: it is the server's, not the tab's.
    await page.reload();
    await expect
      .poll(() => shownPath(page), { timeout: 20_000 })
      .toEqual(['Hello there', 'First answer']);
    expect(await position(questions(page).first()).textContent()).toBe('1/2');
  });
});
