import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { newPage, registerThroughUi, screenshot, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite();

async function chatWithCode(page: Page) {
  await page
    .getByLabel('Message', { exact: true })
    .fill('Show me some `code`:\n```ts\nconst x = 1;\n```');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await page.waitForURL(/\/c\//);
  await expect
    .poll(() => page.locator('article[data-role="assistant"]').last().getAttribute('data-status'), {
      timeout: 20_000,
    })
    .toBe('complete');
}

describe.runIf(suite.enabled)('accessibility, themes and layouts', () => {
  it('the sign-in page has no serious or critical accessibility violations', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url, { colorScheme: 'light' });
    await page.goto('/signin');
    await shown(page.getByRole('button', { name: 'Sign in', exact: true }));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await context.close();
  });

  it('the chat page has none either, in light and dark themes (the system default)', async () => {
    const light = await newPage(suite.browser, suite.web.url, { colorScheme: 'light' });
    await registerThroughUi(light.page, uniqueEmail('a11y'));
    await chatWithCode(light.page);
    expect(
      await light.page.evaluate(() => document.documentElement.classList.contains('dark')),
    ).toBe(false);
    expect(await seriousViolations(light.page)).toEqual([]);
    await screenshot(light.page, 'chat-light');
    const chatUrl = light.page.url();
    const cookies = await light.context.cookies();
    await light.context.close();

    const dark = await newPage(suite.browser, suite.web.url, { colorScheme: 'dark' });
    await dark.context.addCookies(cookies);
    await dark.page.goto(chatUrl);
    await shown(dark.page.locator('article[data-role="assistant"]'));
    expect(
      await dark.page.evaluate(() => document.documentElement.classList.contains('dark')),
    ).toBe(true);
    expect(await seriousViolations(dark.page)).toEqual([]);
    await screenshot(dark.page, 'chat-dark');

    // The theme toggle overrides the system's choice, and remembers it.
    await dark.page.getByRole('button', { name: 'Switch to light theme' }).click();
    await dark.page.reload();
    await shown(dark.page.locator('article[data-role="assistant"]'));
    expect(
      await dark.page.evaluate(() => document.documentElement.classList.contains('dark')),
    ).toBe(false);
    await dark.context.close();
  });

  it('on a phone the sidebar is a drawer; the button sends, Shift+Enter is a new line', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await registerThroughUi(page, uniqueEmail('mobile'));
    const sidebar = page.locator('#sidebar');
    expect(
      await sidebar.evaluate((element) => element.getBoundingClientRect().right),
    ).toBeLessThanOrEqual(0);

    const box = page.getByLabel('Message', { exact: true });
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    expect(await box.inputValue()).toBe('first line\nsecond line');
    // On a touch screen Enter is a new line too (composer.test.ts): the button sends.
    await page.getByRole('button', { name: 'Send' }).tap();
    await page.waitForURL(/\/c\//);
    await shown(page.locator('article[data-role="user"]').getByText('second line'));
    await screenshot(page, 'mobile-chat');

    await page.getByRole('button', { name: '☰ Chats' }).click();
    await expect
      .poll(() => sidebar.evaluate((element) => element.getBoundingClientRect().left))
      .toBe(0);
    await shown(page.getByRole('navigation', { name: 'Chat list' }));
    await screenshot(page, 'mobile-drawer');
    await page.getByRole('button', { name: 'Close sidebar' }).click();
    await expect
      .poll(() => sidebar.evaluate((element) => element.getBoundingClientRect().right))
      .toBeLessThanOrEqual(0);
    await context.close();
  });
});
