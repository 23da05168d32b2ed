import type { Page } from 'playwright';
import { beforeEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

// The fake model is declared able to see, so images go to it as image parts. A small text
// budget (4000 characters a request) so a long document is a few kilobytes.
const suite = webSuite({
  provider: true,
  env: () => ({ OPENAI_VISION_MODELS: 'fake-model', ATTACHMENT_TEXT_BUDGET_TOKENS: '1000' }),
});
beforeEach(() => suite.fake.clearQueue());

/** A 1×1 red PNG. */
const RED_DOT =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const box = (page: Page) => page.getByLabel('Message', { exact: true });
const pending = (page: Page) => page.getByTestId('pending-file');
const lastUser = (page: Page) => page.locator('article[data-role="user"]').last();
const lastReplyStatus = (page: Page) =>
  page.locator('article[data-role="assistant"]').last().getAttribute('data-status');

/**
 * Files handed to the page as a user would: a DataTransfer built inside the page, dispatched as
 * the browser does for a drag from the desktop (dragenter, dragover, drop) or a paste.
 */
async function dispatchFiles(
  page: Page,
  how: 'drag' | 'drop' | 'paste',
  files: { name: string; type: string; base64: string }[],
) {
  await page.evaluate(
    ({ how, files }) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      if (how === 'paste') {
        const target = document.querySelector('textarea[aria-label="Message"]')!;
        target.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
        );
        return;
      }
      const zone = document.querySelector('[data-testid="chat-drop-zone"]')!;
      const types = how === 'drag' ? ['dragenter', 'dragover'] : ['dragover', 'drop'];
      for (const type of types)
        zone.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    },
    { how, files },
  );
}

const redDot = (name: string) => ({ name, type: 'image/png', base64: RED_DOT });

/** The image parts of the user turns the fake provider received (OpenAI's `image_url`). */
function imageParts(body: { messages: { role: string; content: unknown }[] }) {
  return body.messages
    .filter((message) => message.role === 'user' && Array.isArray(message.content))
    .flatMap((message) => message.content as { type: string; image_url?: { url: string } }[])
    .filter((part) => part.type === 'image_url');
}

describe.runIf(suite.enabled)('attachments', () => {
  it('an image dragged onto the chat uploads, is sent and shows in the chat, enlarged on click', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('attach'));

    // While files are dragged over the chat a drop zone says what a drop does.
    await dispatchFiles(page, 'drag', [redDot('red-dot.png')]);
    await shown(page.getByTestId('drop-overlay'));
    await dispatchFiles(page, 'drop', [redDot('red-dot.png')]);
    await expect.poll(() => page.getByTestId('drop-overlay').count(), { timeout: 20_000 }).toBe(0);

    // Its thumbnail, then stored: the send button waits for the upload.
    await shown(pending(page).getByRole('img', { name: 'red-dot.png' }));
    await expect
      .poll(() => pending(page).first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('uploaded');
    expect(await seriousViolations(page)).toEqual([]);

    suite.fake.enqueue({ chunks: ['A ', 'red ', 'dot.'] }, { chunks: ['Red ', 'dot'] });
    await box(page).fill('What is in this picture?');
    await box(page).press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(() => lastReplyStatus(page), { timeout: 20_000 }).toBe('complete');
    expect(await pending(page).count()).toBe(0);

    // In the conversation: the image itself (loaded from the owner's download route).
    const image = lastUser(page).getByRole('img', { name: 'red-dot.png' });
    await shown(image);
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // A click enlarges it in a dialog; Escape closes it and focus returns to the thumbnail.
    await lastUser(page).getByRole('button', { name: 'red-dot.png' }).click();
    const dialog = page.getByRole('dialog', { name: 'Image red-dot.png' });
    await shown(dialog);
    await shown(dialog.getByRole('img', { name: 'red-dot.png' }));
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('title')), {
        timeout: 20_000,
      })
      .toBe('Enlarge red-dot.png');

    // After a reload the message still carries it.
    await page.reload();
    await shown(lastUser(page).getByRole('img', { name: 'red-dot.png' }));
    await context.close();
  });

  // What reached the model: the OpenAI-compatible provider's own image part, as a data URL.
  it('the fake provider receives a dropped image as an image part of the user turn', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('vision'));
    await dispatchFiles(page, 'drop', [redDot('red-dot.png')]);
    await expect
      .poll(() => pending(page).first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('uploaded');
    const before = suite.fake.requests.length;
    suite.fake.enqueue({ chunks: ['A ', 'red ', 'dot.'] }, { chunks: ['Red ', 'dot'] });
    await box(page).fill('What is in this picture?');
    await box(page).press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(() => lastReplyStatus(page), { timeout: 20_000 }).toBe('complete');
    const parts = imageParts(suite.fake.requests[before]!.body);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.image_url!.url).toBe(`data:image/png;base64,${RED_DOT}`);
    await context.close();
  });

  it('an image with no text is a message: Send is enabled by the file alone', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('image-only'));
    const sendButton = page.getByRole('button', { name: 'Send' });
    expect(await sendButton.isDisabled()).toBe(true);
    await dispatchFiles(page, 'drop', [redDot('alone.png')]);
    await expect
      .poll(() => pending(page).first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('uploaded');
    await expect.poll(() => sendButton.isEnabled()).toBe(true);
    const before = suite.fake.requests.length;
    suite.fake.enqueue({ chunks: ['A ', 'dot.'] }, { chunks: ['Dot'] });
    await sendButton.click();
    await page.waitForURL(/\/c\//);
    await expect.poll(() => lastReplyStatus(page), { timeout: 20_000 }).toBe('complete');
    await shown(lastUser(page).getByRole('img'));
    expect(imageParts(suite.fake.requests[before]!.body)).toHaveLength(1);
    await context.close();
  });

  it('a pasted image becomes an attachment, and can be removed before sending', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('paste'));
    await box(page).fill('Text stays text');
    await dispatchFiles(page, 'paste', [redDot('screenshot.png')]);
    await shown(pending(page).getByRole('img', { name: 'screenshot.png' }));
    expect(await box(page).inputValue()).toBe('Text stays text');
    await expect
      .poll(() => pending(page).first().getAttribute('data-status'), { timeout: 20_000 })
      .toBe('uploaded');

    await page.getByRole('button', { name: 'Remove screenshot.png' }).click();
    await expect.poll(() => pending(page).count(), { timeout: 20_000 }).toBe(0);

    // Sent without it: the message has no attachments.
    suite.fake.enqueue({ chunks: ['Plain.'] }, { chunks: ['Plain'] });
    await box(page).press('Enter');
    await page.waitForURL(/\/c\//);
    await expect.poll(() => lastReplyStatus(page), { timeout: 20_000 }).toBe('complete');
    expect(await lastUser(page).getByTestId('message-attachments').count()).toBe(0);
    await context.close();
  });

  it('a refused file shows the server’s reason on its chip, and does not hold the send', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('refused'));
    // A ZIP archive: not a type the server accepts, whatever its name says.
    const zip = Buffer.from('504b0304140000000800000000000000000000000000000000000000', 'hex');
    await page.getByRole('button', { name: 'Attach files' }).focus();
    await page.getByTestId('attach-input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: zip,
    });
    const chip = pending(page).first();
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 20_000 }).toBe('failed');
    const reason = await chip.getByRole('alert').innerText();
    expect(reason.length).toBeGreaterThan(0);
    // The server's words, not the fallback for an answer without a message.
    expect(reason).not.toMatch(/HTTP \d+/);
    expect(await seriousViolations(page)).toEqual([]);

    await box(page).fill('Still sendable');
    await expect
      .poll(() => page.getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 20_000 })
      .toBe(true);
    await context.close();
  });

  it('a document longer than the model reads says so on its chip before it is sent, and on the reply after', async () => {
    const { page, context } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('budget'));
    await page.getByTestId('attach-input').setInputFiles([
      { name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from('word '.repeat(2000)) },
      { name: 'short.txt', mimeType: 'text/plain', buffer: Buffer.from('a few words') },
    ]);
    const long = pending(page).filter({ hasText: 'long.txt' });
    await expect.poll(() => long.getAttribute('data-status'), { timeout: 20_000 }).toBe('uploaded');
    // 10,000 characters against a budget of 4,000.
    expect(await long.getByTestId('budget-notice').innerText()).toBe(
      'Only about the first 40% of this file fits in what the model reads (ATTACHMENT_TEXT_BUDGET_TOKENS)',
    );
    const short = pending(page).filter({ hasText: 'short.txt' });
    await expect
      .poll(() => short.getAttribute('data-status'), { timeout: 20_000 })
      .toBe('uploaded');
    expect(await short.getByTestId('budget-notice').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // Sent, the reply says what the model did not read: long.txt spent the whole budget.
    await box(page).fill('Summarise both');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => lastReplyStatus(page), { timeout: 20_000 }).toBe('complete');
    const reply = page.locator('article[data-role="assistant"]').last();
    await expect
      .poll(() => reply.getByTestId('attachment-notice').allInnerTexts())
      .toEqual([
        'Only the first 4,000 of 10,000 characters of long.txt reached the model (the attached text is limited per request).',
        'None of the 11 characters of short.txt reached the model (the attached text is limited per request).',
      ]);
    await context.close();
  });
});
