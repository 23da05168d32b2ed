import { describe, expect, it } from 'vitest';
import { minimalPdf } from '../testing';
import { toModelAttachment, UnreadableAttachmentError } from './attachments';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('toModelAttachment', () => {
  it('keeps an image as its bytes', async () => {
    const data = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    await expect(
      toModelAttachment({ name: 'a.png', mediaType: 'image/png', bytes: data }),
    ).resolves.toEqual({ kind: 'image', name: 'a.png', mediaType: 'image/png', data });
  });

  it('decodes text-like files as UTF-8 (byte order mark dropped)', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('# Notes\nçà va ✓')]);
    await expect(
      toModelAttachment({ name: 'notes.md', mediaType: 'text/markdown', bytes }),
    ).resolves.toEqual({
      kind: 'document',
      name: 'notes.md',
      mediaType: 'text/markdown',
      text: '# Notes\nçà va ✓',
    });
  });

  it('refuses a text file that is not UTF-8, naming it', async () => {
    const error = await toModelAttachment({
      name: 'latin1.txt',
      mediaType: 'text/plain',
      bytes: new Uint8Array([0x63, 0x61, 0xe7, 0x61]),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableAttachmentError);
    expect((error as Error).message).toBe(
      'The attached file "latin1.txt" could not be read: it is not UTF-8 text',
    );
  });

  it('extracts the text of a PDF, leaving the caller its bytes', async () => {
    const bytes = minimalPdf('Quarterly report: revenue up 12 percent');
    const attachment = await toModelAttachment({
      name: 'report.pdf',
      mediaType: 'application/pdf',
      bytes,
    });
    expect(attachment).toEqual({
      kind: 'document',
      name: 'report.pdf',
      mediaType: 'application/pdf',
      text: 'Quarterly report: revenue up 12 percent',
    });
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('reads every page of a PDF, and stops reading a huge one at the character cap', async () => {
    const bytes = minimalPdf(['Page one text', 'Page two text', 'Page three text']);
    const file = { name: 'three.pdf', mediaType: 'application/pdf', bytes };
    await expect(toModelAttachment(file)).resolves.toMatchObject({
      text: 'Page one text\nPage two text\nPage three text',
    });
    await expect(toModelAttachment(file, { maxPdfChars: 20 })).resolves.toMatchObject({
      text: 'Page one text\nPage t\n[Text cut: only the first 20 characters of this 3-page PDF were read.]',
    });
  });

  it('says so when a PDF has no text (a scan)', async () => {
    const attachment = await toModelAttachment({
      name: 'scan.pdf',
      mediaType: 'application/pdf',
      bytes: minimalPdf(''),
    });
    expect(attachment).toMatchObject({
      kind: 'document',
      text: expect.stringMatching(/no extractable text/),
    });
  });

  it('refuses a broken PDF with a clear error naming the file', async () => {
    const error = await toModelAttachment({
      name: 'broken.pdf',
      mediaType: 'application/pdf',
      bytes: utf8('%PDF-1.4\nthis is not really a PDF'),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableAttachmentError);
    expect((error as Error).message).toBe(
      'The attached file "broken.pdf" could not be read: it is not a valid PDF',
    );
  });
});
