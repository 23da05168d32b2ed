// Types only: the module itself is imported lazily in pdfText.
import type { getDocumentProxy as getDocumentProxyType } from 'unpdf';

/** The image types every provider with vision accepts inline. */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

/**
 * A file as the model receives it: images as their bytes (each provider sends them in its own
 * format), everything else as text to inline into the user's turn.
 */
export type ModelAttachment =
  | { kind: 'image'; name: string; mediaType: ImageMediaType; data: Uint8Array }
  | {
      kind: 'document';
      name: string;
      mediaType: string;
      text: string;
      /** Set by prepareTurns when `text` is only the start of a longer text of this length. */
      totalChars?: number;
    };

export type ImageAttachment = Extract<ModelAttachment, { kind: 'image' }>;
export type DocumentAttachment = Extract<ModelAttachment, { kind: 'document' }>;

/** A stored file that cannot be turned into something a model reads (a broken PDF, not UTF-8). */
export class UnreadableAttachmentError extends Error {
  constructor(
    readonly attachmentName: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The attached file "${attachmentName}" could not be read: ${reason}`, options);
    this.name = 'UnreadableAttachmentError';
  }
}

export const isImageMediaType = (mediaType: string): mediaType is ImageMediaType =>
  (IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType);

/** Said in place of a PDF's text when it has none (a scan): the model knows the file came. */
const NO_PDF_TEXT = '(This PDF has no extractable text; it may be scanned images.)';

/**
 * The most characters read out of one PDF: far beyond any sensible prompt budget, yet a bound on
 * what a huge (or hostile) PDF costs to extract on every send.
 */
export const MAX_PDF_TEXT_CHARS = 1_000_000;

/** A page's text as unpdf joins it: each item's string, a newline where the line ends. */
async function pageText(document: PdfDocument, pageNumber: number): Promise<string> {
  const page = await document.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    return content.items
      .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
      .join('');
  } finally {
    page.cleanup();
  }
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxyType>>;

async function pdfText(name: string, bytes: Uint8Array, maxChars: number): Promise<string> {
  // Loaded on first use: pdf.js is several MB, and most sends carry no PDF.
  const { getDocumentProxy } = await import('unpdf');
  let document: PdfDocument;
  try {
    // A copy: pdf.js transfers (detaches) the buffer it is given, and the caller's stays usable.
    // verbosity 0: pdf.js otherwise prints warnings about broken files to the console.
    document = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  } catch (error) {
    throw new UnreadableAttachmentError(name, 'it is not a valid PDF', { cause: error });
  }
  try {
    // Page by page (unpdf's extractText reads them all at once), stopping at maxChars.
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= document.numPages && length < maxChars; number += 1) {
      const text = await pageText(document, number);
      pages.push(text);
      length += text.length + 1;
    }
    // Spaces and blank lines tidied as unpdf's mergePages does.
    const text = pages
      .join('\n')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (!text) return NO_PDF_TEXT;
    if (pages.length === document.numPages) return text;
    return `${text.slice(0, maxChars)}\n[Text cut: only the first ${maxChars} characters of this ${document.numPages}-page PDF were read.]`;
  } catch (error) {
    throw new UnreadableAttachmentError(name, 'its text could not be extracted from the PDF', {
      cause: error,
    });
  } finally {
    await document.destroy();
  }
}

function utf8Text(name: string, bytes: Uint8Array): string {
  try {
    // fatal: a file that is not UTF-8 is refused rather than sent as replacement characters.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new UnreadableAttachmentError(name, 'it is not UTF-8 text', { cause: error });
  }
}

/**
 * A stored upload as the model gets it: images keep their bytes, PDFs become their text, and
 * text-like files (plain text, Markdown, CSV, JSON, source code) are decoded as UTF-8.
 * Throws UnreadableAttachmentError when the file cannot be read as its type says.
 */
export async function toModelAttachment(
  file: { name: string; mediaType: string; bytes: Uint8Array },
  options: { maxPdfChars?: number } = {},
): Promise<ModelAttachment> {
  const { name, mediaType, bytes } = file;
  if (isImageMediaType(mediaType)) return { kind: 'image', name, mediaType, data: bytes };
  const text =
    mediaType === 'application/pdf'
      ? await pdfText(name, bytes, options.maxPdfChars ?? MAX_PDF_TEXT_CHARS)
      : utf8Text(name, bytes);
  return { kind: 'document', name, mediaType, text };
}
