import { describe, expect, it } from 'vitest';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite();

describe.runIf(suite.enabled)('access and the echo model', () => {
  it('chats with the echo model out of the box', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('echo'));
    await page.getByLabel('Message', { exact: true }).fill('Hello echo');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await page.waitForURL(/\/c\//);
    const reply = page.locator('article[data-role="assistant"]').last();
    // Word by word: a partial state, then the whole sentence.
    await expect
      .poll(async () => (await reply.innerText()).startsWith('I am the echo model'))
      .toBe(true);
    await expect
      .poll(() => reply.getAttribute('data-status'), { timeout: 20_000 })
      .toBe('complete');
    expect(await reply.getByTestId('reply-text').innerText()).toContain('You said: Hello echo');
    await expect.poll(() => page.getByTestId('chat-title').innerText()).toBe('Hello echo');
    await context.close();
  });

  it("another user cannot open someone's chat: it is not found", async () => {
    const owner = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(owner.page, uniqueEmail('owner'));
    await owner.page.getByLabel('Message', { exact: true }).fill('Private things');
    await owner.page.getByLabel('Message', { exact: true }).press('Enter');
    await owner.page.waitForURL(/\/c\//);
    const chatUrl = owner.page.url();

    const intruder = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(intruder.page, uniqueEmail('intruder'));
    const response = await intruder.page.goto(chatUrl);
    expect(response?.status()).toBe(404);
    await shown(intruder.page.getByRole('heading', { name: 'Not found' }));
    expect(await intruder.page.content()).not.toContain('Private things');
    await owner.context.close();
    await intruder.context.close();
  });

  it('every chat page requires a session', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await page.goto('/c/anything');
    await page.waitForURL(/\/signin/);
    await page.goto('/');
    await page.waitForURL(/\/signin/);
    await context.close();
  });
});
