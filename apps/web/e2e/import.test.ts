import { describe, expect, it } from 'vitest';
import { newPage, registerThroughUi, shown, uniqueEmail } from './browser';
import { webSuite } from './suite';

const suite = webSuite();

/** ChatGPT's conversations.json with `count` one-turn chats and one broken conversation. */
function conversationsJson(count: number) {
  const chats = Array.from({ length: count }, (_, index) => ({
    id: `e2e-${index}`,
    title: `Imported chat ${index}`,
    create_time: 1_700_000_000 + index,
    update_time: 1_700_000_000 + index,
    current_node: 'a',
    mapping: {
      q: {
        id: 'q',
        parent: null,
        children: ['a'],
        message: {
          author: { role: 'user' },
          content: { content_type: 'text', parts: [`Question ${index}`] },
        },
      },
      a: {
        id: 'a',
        parent: 'q',
        children: [],
        message: {
          author: { role: 'assistant' },
          content: { content_type: 'text', parts: [`Answer ${index} ${'x'.repeat(2_000)}`] },
        },
      },
    },
  }));
  chats.splice(3, 0, { id: 'broken', title: 'Broken chat', mapping: 'none' } as never);
  return JSON.stringify(chats);
}

describe.runIf(suite.enabled)('importing chats', () => {
  it('a file dropped on the import dialog shows progress, the failures, and the chats in the sidebar', async () => {
    const { page } = await newPage(suite.browser, suite.web.url);
    await registerThroughUi(page, uniqueEmail('importer'));

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import chats' });
    await shown(dialog);
    // Every text the status line shows, so a progress line that flashes by is still seen.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statusTexts: string[] }).statusTexts = seen;
      const status = document.querySelector('dialog [role="status"]')!;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });

    const content = conversationsJson(150);
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'conversations.json', { type: 'application/json' }));
      return transfer;
    }, content);
    const zone = dialog.getByTestId('import-drop-zone');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });

    await expect
      .poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 })
      .toContain('Done: 150 imported, 0 skipped');
    const seen = await page.evaluate(
      () => (window as unknown as { statusTexts: string[] }).statusTexts,
    );
    expect(seen.some((text) => /Importing conversations\.json/.test(text))).toBe(true);
    await shown(
      dialog.getByRole('list', { name: 'Conversations not imported' }).getByText(/Broken chat/),
    );

    await dialog.getByRole('button', { name: 'Close' }).click();
    const sidebar = page.getByRole('navigation', { name: 'Chat list' });
    const imported = sidebar.getByRole('link', { name: 'Imported chat 149', exact: true });
    await shown(imported);
    await imported.click();
    await shown(page.locator('article[data-role="assistant"]', { hasText: 'Answer 149' }));
  });
});
