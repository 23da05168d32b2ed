import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { budgetNotice, formatSize } from './attachment';
import { MessageAttachments } from './MessageAttachments';

const render = (
  attachments: Parameters<typeof MessageAttachments>[0]['attachments'],
  sharedFilesUrl?: string,
) => renderToStaticMarkup(createElement(MessageAttachments, { attachments, sharedFilesUrl }));

describe('MessageAttachments', () => {
  it('shows images lazily, in a fixed box, named by their file, and documents as download links', () => {
    const html = render([
      { id: 'img1', name: 'cat "1".png', mediaType: 'image/png', size: 2048, kind: 'image' },
      {
        id: 'doc1',
        name: 'notes.md',
        mediaType: 'text/markdown',
        size: 1_572_864,
        kind: 'document',
      },
    ]);
    expect(html).toMatch(
      /<img src="\/api\/attachments\/img1" alt="cat &quot;1&quot;.png" loading="lazy"[^>]* width="160" height="160"/,
    );
    expect(html).toContain('<a href="/api/attachments/doc1" download="notes.md"');
    expect(html).toContain('1.5 MB');
    // The enlarged view opens as a dialog from a button.
    expect(html).toContain('aria-haspopup="dialog"');
  });

  it('in a shared chat, shows images from the link and names documents without a link', () => {
    const html = render(
      [
        { id: '0-0', name: 'dot.png', mediaType: 'image/png', size: 70, kind: 'image' },
        { id: '0-1', name: 'notes.md', mediaType: 'text/markdown', size: 9, kind: 'document' },
      ],
      '/api/shares/tok/files',
    );
    expect(html).toContain('<img src="/api/shares/tok/files/0-0" alt="dot.png"');
    expect(html).not.toContain('/api/attachments');
    expect(html).toMatch(/<span data-testid="attachment-chip"[^>]*>.*notes\.md/);
  });

  it('renders nothing for a message without files', () => {
    expect(render([])).toBe('');
  });

  it('states sizes in the unit a person reads', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
  });
});

const doc = {
  id: 'd',
  name: 'long.txt',
  mediaType: 'text/plain',
  size: 1,
  kind: 'document',
} as const;

describe('budgetNotice', () => {
  it('states the share of a document the model reads when it exceeds the budget', () => {
    expect(budgetNotice({ ...doc, textChars: 400_000, modelTextBudgetChars: 128_000 })).toBe(
      'Only about the first 32% of this file fits in what the model reads (ATTACHMENT_TEXT_BUDGET_TOKENS)',
    );
  });

  it('says nothing for a document that fits, an image, or an answer without the counts', () => {
    expect(
      budgetNotice({ ...doc, textChars: 128_000, modelTextBudgetChars: 128_000 }),
    ).toBeUndefined();
    expect(budgetNotice({ ...doc, kind: 'image', mediaType: 'image/png' })).toBeUndefined();
    expect(budgetNotice(doc)).toBeUndefined();
  });
});
