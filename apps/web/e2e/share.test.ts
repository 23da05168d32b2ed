import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite();

const box = (page: Page) => page.getByLabel('Message', { exact: true });
const lastReply = (page: Page) => page.locator('article[data-role="assistant"]').last();

async function startChat(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press('Enter');
  await page.waitForURL(/\/c\//);
  await expect
    .poll(() => lastReply(page).getAttribute('data-status'), { timeout: 20_000 })
    .toBe('complete');
}

describe.runIf(suite.enabled)('share links', () => {
  it('a stranger reads a shared chat without signing in, continues it, and gets a 404 once it is revoked', async () => {
    const owner = await newPage(suite.browser, suite.web.url);
    const ownerEmail = uniqueEmail('sharer');
    await registerThroughUi(owner.page, ownerEmail);
    await startChat(owner.page, 'Plan a **weekend** in Lisbon');

    await owner.page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'Share this chat' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const linkBox = dialog.getByLabel('Share link');
    await shown(linkBox);
    const link = await linkBox.inputValue();
    expect(link).toMatch(/\/share\/[A-Za-z0-9_-]{32}$/);
    await shown(dialog.getByRole('button', { name: 'Copy link' }));

    // A stranger: a fresh browser context, no cookies, never signed in.
    const stranger = await newPage(suite.browser, suite.web.url);
    const opened = await stranger.page.goto(link);
    expect(opened?.status()).toBe(200);
    await shown(stranger.page.getByTestId('shared-title'));
    await shown(stranger.page.locator('article[data-role="user"]', { hasText: 'Lisbon' }));
    expect(await stranger.page.locator('article[data-role="assistant"]').count()).toBe(1);
    expect(await stranger.page.locator('meta[name="robots"]').getAttribute('content')).toMatch(
      /noindex/,
    );
    expect(await stranger.page.content()).not.toContain(ownerEmail);
    expect(await stranger.page.getByRole('navigation').count()).toBe(0);

    // Signed out, "continue" leads to sign-in and back here.
    const signIn = stranger.page.getByRole('link', { name: 'Sign in to continue this chat' });
    expect(await signIn.getAttribute('href')).toContain(encodeURIComponent(new URL(link).pathname));
    await registerThroughUi(stranger.page, uniqueEmail('reader'));
    await stranger.page.goto(link);
    await stranger.page.getByRole('button', { name: 'Continue this chat' }).click();
    await stranger.page.waitForURL(/\/c\//);
    await shown(stranger.page.locator('article[data-role="user"]', { hasText: 'Lisbon' }));

    await dialog.getByRole('button', { name: 'Stop sharing' }).click();
    await shown(dialog.getByRole('button', { name: 'Create link' }));

    const anonymous = await newPage(suite.browser, suite.web.url);
    const revoked = await anonymous.page.goto(link);
    expect(revoked?.status()).toBe(404);
    await shown(anonymous.page.getByText('This shared chat does not exist'));
    const unknown = await anonymous.page.goto(`/share/${'D'.repeat(32)}`);
    expect(unknown?.status()).toBe(404);
    await shown(anonymous.page.getByText('This shared chat does not exist'));

    for (const { context } of [owner, stranger, anonymous]) await context.close();
  });

  it('lists my shared links on their own page, where one can be stopped', async () => {
    const owner = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(owner.page, uniqueEmail('lister'));
    await startChat(owner.page, 'A recipe for bread');
    await owner.page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'Share this chat' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = await dialog.getByLabel('Share link').inputValue();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await owner.page.getByRole('link', { name: 'Shared links' }).click();
    await owner.page.waitForURL(/\/shares$/);
    const list = owner.page.getByRole('list', { name: 'Your shared links' });
    await shown(list);
    const row = list.getByRole('listitem');
    expect(await row.count()).toBe(1);
    const title = (await row.getByRole('link').first().textContent())!.trim();
    expect(title.length).toBeGreaterThan(0);
    expect(
      await row
        .getByRole('link', { name: `Open the shared page of ${title}` })
        .getAttribute('href'),
    ).toBe(new URL(link).pathname);

    await row.getByRole('button', { name: `Stop sharing ${title}` }).click();
    await shown(owner.page.getByText('You have not shared any chat'));
    const anonymous = await newPage(suite.browser, suite.web.url);
    expect((await anonymous.page.goto(link))?.status()).toBe(404);

    for (const { context } of [owner, anonymous]) await context.close();
  });

  it('a shared chat shows its images to a stranger, and only while it is shared', async () => {
    const owner = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(owner.page, uniqueEmail('pictures'));
    await owner.page.getByTestId('attach-input').setInputFiles([
      { name: 'red-dot.png', mimeType: 'image/png', buffer: Buffer.from(RED_DOT, 'base64') },
      { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\n') },
    ]);
    const pending = owner.page.getByTestId('pending-file');
    await expect
      .poll(async () => (await pending.evaluateAll(uploadedCount)) === 2, { timeout: 20_000 })
      .toBe(true);
    await startChat(owner.page, 'What is this dot?');

    await owner.page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.page.getByRole('dialog', { name: 'Share this chat' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = await dialog.getByLabel('Share link').inputValue();

    const stranger = await newPage(suite.browser, suite.web.url);
    await stranger.page.goto(link);
    const image = stranger.page.getByRole('img', { name: 'red-dot.png' });
    await shown(image);
    await image.scrollIntoViewIfNeeded();
    // Loaded through the public route, no cookie: the browser decoded real pixels.
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    const src = (await image.getAttribute('src'))!;
    expect(src).toMatch(/^\/api\/shares\/[A-Za-z0-9_-]{32}\/files\/0-0$/);
    // The document is named, not served.
    const chip = stranger.page.getByTestId('attachment-chip');
    await shown(chip);
    expect(await chip.innerText()).toContain('notes.md');
    expect(await chip.getAttribute('href')).toBeNull();

    await dialog.getByRole('button', { name: 'Stop sharing' }).click();
    await shown(dialog.getByRole('button', { name: 'Create link' }));
    expect((await stranger.page.request.get(src)).status()).toBe(404);

    for (const { context } of [owner, stranger]) await context.close();
  });
});

/** A 1×1 red PNG. */
const RED_DOT =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const uploadedCount = (chips: Element[]) =>
  chips.filter((chip) => chip.getAttribute('data-status') === 'uploaded').length;
