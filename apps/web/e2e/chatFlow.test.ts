import fs from 'node:fs';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { gone, newPage, registerThroughUi, screenshot, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite({ provider: true });

const words = (count: number, prefix = 'word') =>
  Array.from({ length: count }, (_, index) => `${prefix}${index} `);
const lastReply = (page: Page) => page.locator('article[data-role="assistant"]').last();

describe.runIf(suite.enabled)('the chat, end to end in a browser', () => {
  it('runs the whole journey: register, stream, stop, regenerate, edit, organise, export, delete, sign out and in', async () => {
    const { page } = await newPage(suite.browser, suite.web.url);
    const email = uniqueEmail('journey');
    await registerThroughUi(page, email);

    // Send: the reply appears progressively.
    // The provider holds after 13 words until the test lets it go (a busy machine would
    // otherwise finish the reply before the test looks at it).
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    suite.fake.enqueue({ chunks: words(40), chunkDelayMs: 20, pause: { chunks: 13, until: held } });
    await page.getByLabel('Message', { exact: true }).fill('Tell me a long story');
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(async () => (await lastReply(page).innerText()).includes('word3')).toBe(true);
    const partial = await lastReply(page).innerText();
    expect(partial).not.toContain('word39');
    await expect
      .poll(async () => (await lastReply(page).innerText()).includes('word12'))
      .toBe(true);

    // Stop mid-stream keeps the partial text.
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => lastReply(page).getAttribute('data-status')).toBe('cancelled');
    const stopped = await lastReply(page).getByTestId('reply-text').innerText();
    expect(stopped).toContain('word12');
    expect(stopped).not.toContain('word39');
    await shown(lastReply(page).getByText('Stopped'));
    release();

    // Regenerate the last reply; the first complete exchange also gets a title, shown live.
    suite.fake.enqueue({ chunks: ['A ', 'fresh ', 'answer.'] }, { chunks: ['Journey ', 'chat'] });
    await lastReply(page).getByRole('button', { name: 'Regenerate' }).click();
    await expect
      .poll(() => lastReply(page).getByTestId('reply-text').innerText())
      .toBe('A fresh answer.');
    await expect.poll(() => page.getByTestId('chat-title').innerText()).toBe('Journey chat');
    await expect.poll(() => page.locator('article[data-role="assistant"]').count()).toBe(1);

    // Edit the user message and resend: the reply is replaced.
    suite.fake.enqueue({ chunks: ['Edited ', 'reply.'] });
    await page.locator('article[data-role="user"]').getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Edit your message').fill('Tell me a short story');
    await page.getByRole('button', { name: 'Save and resend' }).click();
    await expect
      .poll(() => lastReply(page).getByTestId('reply-text').innerText())
      .toBe('Edited reply.');
    await expect
      .poll(() => page.locator('article[data-role="user"]').innerText())
      .toContain('Tell me a short story');

    // Rename and favourite from the sidebar.
    const chatId = page.url().split('/c/')[1]!;
    const sidebar = page.getByRole('navigation', { name: 'Chat list' });
    const options = () => sidebar.getByRole('button', { name: /^Options for / }).first();
    await options().click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await page.getByLabel('New title').fill('My renamed chat');
    await page.getByLabel('New title').press('Enter');
    await shown(sidebar.getByRole('link', { name: 'My renamed chat' }));
    await options().click();
    await page.getByRole('menuitem', { name: 'Add to favorites' }).click();
    await shown(
      sidebar
        .getByRole('region', { name: 'Favorites' })
        .getByRole('link', { name: /My renamed chat/ }),
    );

    // Create a group and move the chat into it.
    await page.getByRole('button', { name: '+ New group' }).click();
    await page.getByLabel('New group name').fill('Stories');
    await page.getByLabel('New group name').press('Enter');
    await shown(sidebar.getByRole('button', { name: /Stories/ }));
    await sidebar.getByRole('button', { name: 'Options for My renamed chat' }).first().click();
    await page
      .getByRole('group', { name: 'Move to group' })
      .getByRole('menuitemradio', { name: 'Stories' })
      .click();
    await shown(sidebar.getByRole('button', { name: /Stories\s*1/ }));

    // Export Markdown: a real download with the transcript.
    await sidebar.getByRole('button', { name: 'Options for My renamed chat' }).first().click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`my-renamed-chat-${chatId}.md`);
    const markdown = fs.readFileSync((await download.path())!, 'utf8');
    expect(markdown).toMatch(/^# My renamed chat\n/);
    expect(markdown).toContain('Tell me a short story');
    expect(markdown).toContain('Edited reply.');

    // Star the group (its menu), then delete it: the chat survives, ungrouped.
    await sidebar.getByRole('button', { name: 'Options for group Stories' }).click();
    await page.getByRole('menuitem', { name: 'Add to favorites' }).click();
    await shown(sidebar.getByRole('button', { name: /Stories\s*\(favorite\)\s*1/ }));
    await sidebar.getByRole('button', { name: 'Options for group Stories' }).click();
    await page.getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete group', exact: true }).click();
    await gone(sidebar.getByRole('button', { name: /Stories/ }));
    await shown(sidebar.getByRole('link', { name: /My renamed chat/ }).first());

    // Delete the chat, with confirmation.
    await sidebar.getByRole('button', { name: 'Options for My renamed chat' }).first().click();
    await page.getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete chat', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/c/'));
    await gone(sidebar.getByRole('link', { name: /My renamed chat/ }));

    // Sign out, and back in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'New chat' }).waitFor();
    await screenshot(page, 'new-chat-light');
  });
});
